using System.Text.Json.Serialization;

namespace FlashSale.Inventory.HumanCheck;

/// <summary>What a shopper must show before a sale hands out a purchase token; chosen when the sale is created.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<HumanCheckKind>))]
public enum HumanCheckKind
{
    [JsonStringEnumMemberName("none")] None,
    [JsonStringEnumMemberName("proof-of-work")] ProofOfWork,
}

public static class HumanCheckKinds
{
    public const string None = "none";
    public const string ProofOfWork = "proof-of-work";

    /// <summary>A sale's check from its creation request: absent means none.</summary>
    public static bool TryParse(string? text, out HumanCheckKind kind)
    {
        kind = text == ProofOfWork ? HumanCheckKind.ProofOfWork : HumanCheckKind.None;
        return text is null or None or ProofOfWork;
    }
}
