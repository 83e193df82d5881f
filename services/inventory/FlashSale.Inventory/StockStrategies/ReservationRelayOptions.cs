namespace FlashSale.Inventory.StockStrategies;

/// <summary>Bound from "ReservationRelay".</summary>
public sealed class ReservationRelayOptions
{
    public const string Section = "ReservationRelay";

    public int BatchSize { get; set; } = 200;

    /// <summary>
    /// The entries of one read go to the order service as one bundle (off: one message each, for an order service that
    /// cannot unpack bundles during an upgrade).
    /// </summary>
    public bool Bundles { get; set; } = true;

    /// <summary>This relay's consumer name in the streams' group; unset, <see cref="ReservationRelay.DefaultConsumerName"/>.</summary>
    public string? ConsumerName { get; set; }

    /// <summary>
    /// Pause when a pass moved nothing. An admission in this process ends it at once, so it bounds only the delay of
    /// entries admitted by other replicas (their relays usually take those first).
    /// </summary>
    public TimeSpan IdleDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// After a pass that was not full, the next waits this long, so a steady trickle of admissions goes on as one bundle
    /// per pause instead of one per broker round trip (fewer messages and order-service transactions per order at
    /// moderate rates; at 850 purchases/s: broker messages per order 0.29 → 0.17, the order, payment and wallet hosts
    /// ~25 % less CPU). A full pass goes on at once. Zero: every pass as soon as the previous one is confirmed.
    /// </summary>
    public TimeSpan Linger { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>How often the list of sales whose streams are relayed is refreshed from PostgreSQL.</summary>
    public TimeSpan SaleRefreshInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Entries another relay took but did not acknowledge for this long are taken over (that relay died).</summary>
    public TimeSpan ClaimAfter { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Streams of ended sales are still drained for this long.</summary>
    public TimeSpan DrainAfterEnd { get; set; } = TimeSpan.FromHours(1);
}
