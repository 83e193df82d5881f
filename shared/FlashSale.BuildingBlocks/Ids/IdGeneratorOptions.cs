namespace FlashSale.BuildingBlocks.Ids;

/// <summary>Bound from the "Ids" configuration section (env: Ids__WorkerId, Ids__LeaseTtl, ...).</summary>
public sealed class IdGeneratorOptions
{
    public const string Section = "Ids";

    /// <summary>
    /// 0..1023, unique per running instance of a service. Set it only where the platform guarantees uniqueness
    /// (a StatefulSet ordinal); unset, the host leases a free worker id from Redis (see WorkerIdLease).
    /// </summary>
    public int? WorkerId { get; set; }

    public TimeSpan MaxClockRollback { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a leased worker id stays reserved in Redis without a renewal.</summary>
    public TimeSpan LeaseTtl { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the holder renews its lease.</summary>
    public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long an id request waits for a lease (at start, or after losing one) before it fails.</summary>
    public TimeSpan LeaseWait { get; set; } = TimeSpan.FromSeconds(10);
}
