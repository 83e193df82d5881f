namespace FlashSale.Inventory.Caching;

/// <summary>Bound from "Cache".</summary>
public sealed class CacheOptions
{
    public const string Section = "Cache";

    /// <summary>A sale view is immutable, so it may live long; jitter spreads the expiries (雪崩).</summary>
    public TimeSpan ViewTtl { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a replica keeps a (immutable) view in memory before asking Redis again.</summary>
    public TimeSpan LocalViewTtl { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The list changes as sales open and close: short-lived.</summary>
    public TimeSpan ListTtl { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Fraction of the TTL added at random (0.2 = up to +20 %).</summary>
    public double TtlJitter { get; set; } = 0.2;

    public TimeSpan LastGoodCopyTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>An id the Bloom filter let through but the database does not know: remembered briefly.</summary>
    public TimeSpan NotFoundTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a caller that lost the rebuild race waits for the winner's entry.</summary>
    public TimeSpan RebuildWait { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Lease of the rebuild lock: longer than any rebuild should take.</summary>
    public TimeSpan RebuildLockLease { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Browser/CDN freshness of the views (the status changes at the start and end instants).</summary>
    public int ClientMaxAgeSeconds { get; set; } = 1;
}
