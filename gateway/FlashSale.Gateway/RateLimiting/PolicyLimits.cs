namespace FlashSale.Gateway.RateLimiting;

/// <summary>The three limits one policy chains: a request passes only when it passes all of them.</summary>
public sealed class PolicyLimits
{
    /// <summary>
    /// Per authenticated user (the JWT `sub`): what one shopper, or one script with their token, may try. Null for the
    /// policies of anonymous routes (token minting, readiness), where every caller would share the one "unknown" user.
    /// </summary>
    public WindowLimit? PerUser { get; set; } = new();

    /// <summary>Per client IP address: many accounts driven from one machine.</summary>
    public WindowLimit PerClientIp { get; set; } = new();

    /// <summary>
    /// Per sale (the `{id}` of the route), over every user: what inventory is asked to absorb for one sale. Null for
    /// the policies of routes that are not about one sale (payments, reads).
    /// </summary>
    public WindowLimit? PerSale { get; set; } = new();

    public bool IsValid => PerUser?.IsValid != false && PerClientIp.IsValid && PerSale?.IsValid != false;
}
