using FlashSale.Inventory.PurchaseTokens;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FlashSale.Inventory.Tests.PurchaseTokens;

public sealed class PurchaseTokenServiceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Now);

    private PurchaseTokenService Service(string key = "unit-test-purchase-token-key-0123456789")
    {
        var options = Options.Create(new PurchaseTokenOptions { SigningKey = key, Lifetime = TimeSpan.FromSeconds(60) });
        return new(options, _clock, new PurchaseAddress(options));
    }

    [Fact]
    public void The_purchase_address_is_per_sale_and_per_key()
    {
        var address = new PurchaseAddress(Options.Create(new PurchaseTokenOptions { SigningKey = "unit-test-purchase-token-key-0123456789" }));
        var otherKey = new PurchaseAddress(Options.Create(new PurchaseTokenOptions { SigningKey = "another-purchase-token-key-0123456789ab" }));

        Assert.Equal(address.Path(42), Service().Issue("u-1", 42, Now.AddHours(1)).PurchaseUrl);
        Assert.Matches("^/api/sales/42/purchases/[A-Za-z0-9_-]{22}$", address.Path(42));
        Assert.True(address.Matches(42, address.Segment(42)));
        Assert.False(address.Matches(43, address.Segment(42)));
        Assert.NotEqual(address.Segment(42), otherKey.Segment(42));
        Assert.False(address.Matches(42, ""));
    }

    [Fact]
    public void A_token_is_valid_for_its_user_and_sale_until_it_expires()
    {
        var service = Service();
        var token = service.Issue("u-1", 42, Now.AddHours(1));

        Assert.Equal(Now.AddSeconds(60), token.ExpiresAt);
        Assert.Equal(TokenCheck.Valid, service.Validate(token.Token, "u-1", 42));
        _clock.Advance(TimeSpan.FromSeconds(59.999));
        Assert.Equal(TokenCheck.Valid, service.Validate(token.Token, "u-1", 42));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(TokenCheck.Expired, service.Validate(token.Token, "u-1", 42));
    }

    [Fact]
    public void Another_users_token_fails_the_signature()
    {
        var token = Service().Issue("alice", 42, Now.AddHours(1));

        Assert.Equal(TokenCheck.BadSignature, Service().Validate(token.Token, "bob", 42));
    }

    [Fact]
    public void A_token_for_another_sale_is_refused()
    {
        var token = Service().Issue("u-1", 42, Now.AddHours(1));

        Assert.Equal(TokenCheck.OtherSale, Service().Validate(token.Token, "u-1", 43));
    }

    [Fact]
    public void Forged_and_tampered_tokens_are_refused()
    {
        var service = Service();
        var token = service.Issue("u-1", 42, Now.AddHours(1)).Token;
        var parts = token.Split('.');
        var longerLife = $"{parts[0]}.{long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) + 600_000}.{parts[2]}";
        var otherKey = Service("an-attackers-own-key-that-is-long-enough").Issue("u-1", 42, Now.AddHours(1)).Token;

        Assert.Equal(TokenCheck.BadSignature, service.Validate(longerLife, "u-1", 42));
        Assert.Equal(TokenCheck.BadSignature, service.Validate(otherKey, "u-1", 42));
        Assert.Equal(TokenCheck.Malformed, service.Validate("garbage", "u-1", 42));
        Assert.Equal(TokenCheck.Malformed, service.Validate(null, "u-1", 42));
        Assert.Equal(TokenCheck.Malformed, service.Validate("42.x.sig", "u-1", 42));
    }

    [Fact]
    public void A_token_never_outlives_its_sale()
    {
        var token = Service().Issue("u-1", 42, Now.AddSeconds(10));

        Assert.Equal(Now.AddSeconds(10), token.ExpiresAt);
    }

    [Fact]
    public void User_ids_cannot_be_shifted_into_the_sale_id()
    {
        // "u-1" + sale 42 must not sign the same message as "u-14" + sale 2 or similar.
        var service = Service();
        var token = service.Issue("u-1", 42, Now.AddHours(1)).Token;
        var shifted = "2." + token.Split('.', 2)[1];

        Assert.NotEqual(TokenCheck.Valid, service.Validate(shifted, "u-14", 2));
    }

    [Fact]
    public void A_short_signing_key_is_refused_at_start() =>
        Assert.Throws<InvalidOperationException>(() => Service("short"));
}
