using System.Diagnostics.Metrics;

namespace FlashSale.Wallet.Funds;

/// <summary>The wallet's TCC instruments (meter "FlashSale.Wallet"), counted once per committed command, by outcome.</summary>
public sealed class FundsMetrics
{
    public const string MeterName = "FlashSale.Wallet";
    public const string Tries = "flashsale.funds.tries";
    public const string Confirms = "flashsale.funds.confirms";
    public const string Cancels = "flashsale.funds.cancels";

    private readonly Counter<long> _tries;
    private readonly Counter<long> _confirms;
    private readonly Counter<long> _cancels;

    public FundsMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _tries = meter.CreateCounter<long>(Tries, description: "TCC Try commands (freeze funds), by outcome.");
        _confirms = meter.CreateCounter<long>(Confirms, description: "TCC Confirm commands (charge frozen funds), by outcome.");
        _cancels = meter.CreateCounter<long>(Cancels, description: "TCC Cancel commands (unfreeze funds), by outcome; empty-rollback counts cancels before their Try.");
    }

    public void Tried(TryOutcome outcome) => _tries.Add(1, Tag(outcome switch
    {
        TryOutcome.Frozen => "frozen",
        TryOutcome.AlreadyFrozen => "already-frozen",
        TryOutcome.InsufficientFunds => "insufficient-funds",
        _ => "already-cancelled",
    }));

    public void Confirmed(ConfirmOutcome outcome) => _confirms.Add(1, Tag(outcome switch
    {
        ConfirmOutcome.Charged => "charged",
        ConfirmOutcome.AlreadyCharged => "already-charged",
        ConfirmOutcome.NothingFrozen => "nothing-frozen",
        _ => "already-cancelled",
    }));

    public void Cancelled(CancelOutcome outcome) => _cancels.Add(1, Tag(outcome switch
    {
        CancelOutcome.Unfrozen => "unfrozen",
        CancelOutcome.AlreadyUnfrozen => "already-unfrozen",
        CancelOutcome.EmptyRollback => "empty-rollback",
        CancelOutcome.NothingFrozen => "nothing-frozen",
        _ => "already-charged",
    }));

    private static KeyValuePair<string, object?> Tag(string outcome) => new("outcome", outcome);
}
