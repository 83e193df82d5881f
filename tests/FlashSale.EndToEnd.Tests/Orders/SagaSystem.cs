using FlashSale.Testing;

namespace FlashSale.EndToEnd.Tests.Orders;

/// <summary>
/// A whole system for the order saga: payment deadlines of seconds, wallets that open empty, and every
/// message delivered to every consumer twice (fault injection), so each journey also proves that
/// duplicates change nothing.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SagaSystem : ICollectionFixture<SagaSystemFixture>
{
    public const string Name = "saga-system";
}

public sealed class SagaSystemFixture : FlashSaleSystemFixture
{
    public static readonly TimeSpan PaymentWindow = TimeSpan.FromSeconds(45);
    /// <summary>The simulated payment provider declines shoppers whose id starts with this.</summary>
    public const string DeclinedPrefix = "declined-";

    public static readonly TimeSpan PaymentGrace = TimeSpan.FromSeconds(5);

    /// <summary>Longest an order can take to end: its window and grace, plus room for a loaded machine.</summary>
    public static readonly TimeSpan SettleTimeout = PaymentWindow + PaymentGrace + TimeSpan.FromSeconds(60);

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Orders:PaymentWindow"] = PaymentWindow.ToString(),
        ["Orders:PaymentGrace"] = PaymentGrace.ToString(),
        ["Orders:SweepInterval"] = "00:00:00.500",
        ["Wallet:OpeningBalance"] = "0",
        ["RabbitMq:DuplicateDeliveries"] = "true",
        ["Payment:Provider:DeclineUserIdsStartingWith"] = DeclinedPrefix,
    };
}
