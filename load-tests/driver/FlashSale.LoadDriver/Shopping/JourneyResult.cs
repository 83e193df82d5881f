using FlashSale.LoadDriver.Api;
using FlashSale.LoadDriver.Http;
using FlashSale.LoadDriver.Measurement;

namespace FlashSale.LoadDriver.Shopping;

/// <summary>
/// One shopper's flash sale as they saw it: every purchase answer, the order they got (if any), and
/// when they saw it accepted, paid for and ended (Stopwatch timestamps; 0 = never).
/// </summary>
public sealed class JourneyResult(Shopper shopper, ShopperKind kind)
{
    public Shopper Shopper { get; } = shopper;

    public ShopperKind Kind { get; } = kind;

    public AnswerTally PurchaseAnswers { get; } = new();

    public LatencyRecorder PurchaseLatency { get; } = new(16);

    /// <summary>How many times the shopper read the order (GET /api/orders/{id}): the polling load of waiting.</summary>
    public int OrderReads { get; set; }

    /// <summary>Answers of GET /api/orders/{id} other than 200 (should stay empty).</summary>
    public AnswerTally UnexpectedOrderReads { get; } = new();

    public string? OrderId { get; set; }

    public long AcceptedAt { get; set; }

    public Answer? PaymentAnswer { get; set; }

    public long PaymentSentAt { get; set; }

    /// <summary>The last status the shopper read; final once the order is paid or cancelled.</summary>
    public string? LastStatus { get; set; }

    public string? CancelReason { get; set; }

    public long EndedSeenAt { get; set; }

    public bool HasOrder => OrderId is not null;

    public bool Ended => OrderStatuses.IsFinal(LastStatus);
}
