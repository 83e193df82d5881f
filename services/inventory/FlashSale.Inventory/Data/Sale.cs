using FlashSale.Inventory.HumanCheck;

namespace FlashSale.Inventory.Data;

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

    /// <summary>Units in paid orders.</summary>
    public int SoldUnits { get; set; }

    /// <summary>Units returned to available by cancellations, over the sale's life.</summary>
    public int ReleasedUnits { get; set; }

    /// <summary>Units held by orders neither paid nor cancelled.</summary>
    public int ReservedUnits => InitialStock - AvailableStock - SoldUnits;

    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    public int PerUserLimit { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>What a shopper must show before getting a purchase token.</summary>
    public HumanCheckKind HumanCheck { get; set; }

    /// <summary>Difficulty of the proof of work: the secret number is drawn from [0, this]; 0 without a check.</summary>
    public int HumanCheckMaxNumber { get; set; }

    /// <summary>Optimistic concurrency token (PostgreSQL xmin).</summary>
    public uint Version { get; set; }
}
