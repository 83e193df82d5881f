namespace FlashSale.Inventory.Sales;

/// <summary>A flash sale of one SKU: a fixed stock at a fixed price inside a time window.</summary>
public sealed class Sale
{
    public long Id { get; set; }
    public required string Sku { get; set; }
    public required string Name { get; set; }
    public decimal Price { get; set; }
    public int InitialStock { get; set; }

    /// <summary>Units neither held by an open order nor sold (the authoritative count; Redis mirrors it).</summary>
    public int AvailableStock { get; set; }

    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    public int PerUserLimit { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Optimistic concurrency token (PostgreSQL xmin).</summary>
    public uint Version { get; set; }
}
