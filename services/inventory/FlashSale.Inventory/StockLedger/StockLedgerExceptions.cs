namespace FlashSale.Inventory.StockLedger;

/// <summary>
/// PostgreSQL has fewer available units than an order Redis admitted: the two stores drifted. Nothing is
/// written (the check constraint would refuse it anyway); the command is retried a few times, since a
/// release that already gave units back to Redis may be about to commit them here, then parked in the
/// _error queue for an operator.
/// </summary>
public sealed class StockDriftException(long saleId, long orderId, int quantity)
    : Exception($"Sale {saleId} has fewer than {quantity} available unit(s) in PostgreSQL for order {orderId}, which Redis admitted.");

/// <summary>A command that can never succeed (unknown sale or order, a quantity below 1): not retried.</summary>
public sealed class StockCommandRejectedException(string message) : Exception(message);
