namespace FlashSale.Contracts.Funds;

/// <summary>TCC Try (order saga → wallet): move <see cref="Amount"/> from the balance to frozen funds.</summary>
public sealed record FreezeFunds(long OrderId, long PaymentId, string UserId, decimal Amount);

/// <summary>TCC Confirm (order saga → wallet): spend the frozen amount. Idempotent.</summary>
public sealed record ChargeFrozenFunds(long OrderId, string UserId);

/// <summary>TCC Cancel (order saga → wallet): return frozen funds to the balance. Idempotent; may arrive before its Try.</summary>
public sealed record UnfreezeFunds(long OrderId, string UserId);
