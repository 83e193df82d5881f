namespace FlashSale.Contracts;

/// <summary>
/// The saga's commands and replies are sent to one durable queue per service (point-to-point, declared
/// by the sender too, so nothing is dropped while the receiver is down). Every message carries the
/// order id: one order is one saga, one stock hold, one payment, one wallet freeze.
/// </summary>
public static class ServiceQueues
{
    public const string InventoryStock = "inventory-stock";
    public const string OrderSaga = "order-saga";
    public const string WalletFunds = "wallet-funds";
    public const string PaymentProvider = "payment-provider";

    public static readonly Uri InventoryStockAddress = new($"queue:{InventoryStock}");
    public static readonly Uri OrderSagaAddress = new($"queue:{OrderSaga}");
    public static readonly Uri WalletFundsAddress = new($"queue:{WalletFunds}");
    public static readonly Uri PaymentProviderAddress = new($"queue:{PaymentProvider}");
}
