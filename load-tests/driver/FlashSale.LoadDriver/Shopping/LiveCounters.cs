using FlashSale.LoadDriver.Api;
using FlashSale.LoadDriver.Http;

namespace FlashSale.LoadDriver.Shopping;

/// <summary>What the crowd has seen so far, for the progress line: read at any moment, written by every shopper.</summary>
public readonly record struct LiveSnapshot(
    long Requests, long Accepted, long SoldOut, long RateLimited, long OtherRefusals, long Failures, long Paid, long Cancelled)
{
    /// <summary>Accepted orders whose shopper has not yet seen them paid or cancelled.</summary>
    public long Open => Accepted - Paid - Cancelled;

    public long PurchaseAnswers => Accepted + SoldOut + RateLimited + OtherRefusals + Failures;
}

/// <summary>Counters shared by the shoppers of one run (Interlocked: a few thousand shoppers, a few increments each).</summary>
public sealed class LiveCounters
{
    private long _requests;
    private long _accepted;
    private long _soldOut;
    private long _rateLimited;
    private long _otherRefusals;
    private long _failures;
    private long _paid;
    private long _cancelled;

    public void Request() => Interlocked.Increment(ref _requests);

    public void Purchase(Answer answer)
    {
        Request();
        switch (answer)
        {
            case { Status: 202 }:
                Interlocked.Increment(ref _accepted);
                break;
            case { Status: 409, Problem: "sold-out" }:
                Interlocked.Increment(ref _soldOut);
                break;
            case { Status: 429 }:
                Interlocked.Increment(ref _rateLimited);
                break;
            case { IsServerError: true }:
                Interlocked.Increment(ref _failures);
                break;
            default:
                Interlocked.Increment(ref _otherRefusals);
                break;
        }
    }

    public void Ended(string status)
    {
        if (status == OrderStatuses.Paid)
        {
            Interlocked.Increment(ref _paid);
        }
        else if (status == OrderStatuses.Cancelled)
        {
            Interlocked.Increment(ref _cancelled);
        }
    }

    public LiveSnapshot Snapshot() => new(
        Interlocked.Read(ref _requests), Interlocked.Read(ref _accepted), Interlocked.Read(ref _soldOut), Interlocked.Read(ref _rateLimited),
        Interlocked.Read(ref _otherRefusals), Interlocked.Read(ref _failures), Interlocked.Read(ref _paid), Interlocked.Read(ref _cancelled));
}
