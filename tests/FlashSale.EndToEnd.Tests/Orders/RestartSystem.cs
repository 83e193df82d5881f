namespace FlashSale.EndToEnd.Tests.Orders;

[CollectionDefinition(Name)]
public sealed class RestartSystem : ICollectionFixture<RestartSystemFixture>
{
    public const string Name = "restart-system";
}

/// <summary>
/// A saga system for the crash tests: its payment window outlasts any restart (of the order service, of the broker),
/// so the expected end state does not depend on how fast the machine restarts things; outboxes retry quickly.
/// </summary>
public sealed class RestartSystemFixture : FlashSaleSystemFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Orders:PaymentWindow"] = "00:02:00",
        ["Orders:SweepInterval"] = "00:00:00.500",
        ["Wallet:OpeningBalance"] = "0",
        ["Outbox:MaxBackoff"] = "00:00:02",
    };
}
