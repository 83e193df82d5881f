namespace FlashSale.Messaging.Outbox;

/// <summary>Bound from "Outbox".</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    public int BatchSize { get; set; } = 200;

    /// <summary>
    /// Rows of one message type for one queue claimed by the same pass go as one <see cref="Bundles.MessageBundle"/>
    /// (publishes always go alone). Off: one broker message per row, for a receiver that cannot unpack bundles.
    /// </summary>
    public bool Bundles { get; set; } = true;

    /// <summary>Relay passes running at once (each claims its own batch), so sending is not one batch per confirm round trip.</summary>
    public int Workers { get; set; } = 2;

    /// <summary>
    /// How long an idle relay sleeps when nothing wakes it. Commits in this process wake it at once, so this only
    /// bounds the delay for rows written by other replicas and for retries coming due.
    /// </summary>
    public TimeSpan IdleDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// After a pass that was not full, the next waits this long, so rows committed in the meantime go in one pass (and
    /// one bundle per queue) instead of one pass per broker round trip. A full pass goes on at once. Zero: no pause.
    /// </summary>
    public TimeSpan Linger { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>First retry delay; doubles per failed attempt up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Short on purpose: rows fail together when the broker is away, and whatever this cap is, every row waits up to it
    /// after the broker is back (it was 1 min: relays sat out most of a minute after a 15 s broker restart). A row that
    /// fails by itself (a type that no longer exists) costs one cheap attempt per cap.
    /// </summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one send may wait for the broker's confirm before it counts as failed (and is retried).</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Sent rows are kept this long (for audits), then deleted: the table never grows without bound.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(5);
}
