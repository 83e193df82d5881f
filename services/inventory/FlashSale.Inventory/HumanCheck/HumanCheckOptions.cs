namespace FlashSale.Inventory.HumanCheck;

/// <summary>
/// Bound from "HumanCheck". Challenges are signed with a key derived from PurchaseTokens:SigningKey, so the
/// check adds no secret of its own to deploy.
/// </summary>
public sealed class HumanCheckOptions
{
    public const string Section = "HumanCheck";

    /// <summary>
    /// How long a challenge stays good after the later of its issue and the sale's start: long enough to fetch and
    /// solve it before the opening and still spend it in the rush.
    /// </summary>
    public TimeSpan ChallengeLifetime { get; set; } = TimeSpan.FromMinutes(5);
}
