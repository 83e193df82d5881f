using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlashSale.Inventory.HumanCheck;
using FlashSale.Inventory.PurchaseTokens;
using FlashSale.Testing;

namespace FlashSale.Inventory.Tests.HumanCheck;

/// <summary>The proof-of-work check before the purchase token, on real PostgreSQL and Redis, with a clock the test moves.</summary>
public sealed class HumanCheckApiTests(FakeClockInventoryFixture fixture) : IClassFixture<FakeClockInventoryFixture>
{
    private const int Difficulty = 2_000;

    [Fact]
    public async Task A_solved_challenge_buys_one_token_and_no_more()
    {
        var sale = await OpenSaleAsync();
        using var alice = Shopper("pow-alice");

        var without = await alice.PostAsync(TokenUrl(sale), null);
        var withEmptyBody = await alice.PostAsJsonAsync(TokenUrl(sale), new { });
        var solution = Solver.Solve(await ChallengeAsync(alice, sale));
        var first = await alice.PostAsJsonAsync(TokenUrl(sale), new { humanCheck = solution });
        var replay = await alice.PostAsJsonAsync(TokenUrl(sale), new { humanCheck = solution });

        await AssertProblem(without, HttpStatusCode.BadRequest, "human-check-required", "challenge");
        await AssertProblem(withEmptyBody, HttpStatusCode.BadRequest, "human-check-required", "challenge");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var token = (await first.Content.ReadFromJsonAsync<PurchaseToken>())!;
        Assert.StartsWith($"/api/sales/{sale}/purchases/", token.PurchaseUrl, StringComparison.Ordinal);
        await AssertProblem(replay, HttpStatusCode.Forbidden, "human-check-failed", "already spent");
    }

    [Fact]
    public async Task A_solution_is_refused_for_another_shopper_or_another_sale()
    {
        var sale = await OpenSaleAsync();
        var other = await OpenSaleAsync();
        using var alice = Shopper("pow-alice-2");
        using var bob = Shopper("pow-bob-2");

        var alicesSolution = Solver.Solve(await ChallengeAsync(alice, sale));
        var otherSalesSolution = Solver.Solve(await ChallengeAsync(alice, other));

        await AssertProblem(await bob.PostAsJsonAsync(TokenUrl(sale), new { humanCheck = alicesSolution }), HttpStatusCode.Forbidden, "human-check-failed", "another shopper");
        await AssertProblem(await alice.PostAsJsonAsync(TokenUrl(sale), new { humanCheck = otherSalesSolution }), HttpStatusCode.Forbidden, "human-check-failed", "another sale");
        // Neither refusal spent it: its owner still gets the token.
        Assert.Equal(HttpStatusCode.OK, (await alice.PostAsJsonAsync(TokenUrl(sale), new { humanCheck = alicesSolution })).StatusCode);
    }

    [Fact]
    public async Task Challenges_are_solved_before_the_start_and_expire_after_it()
    {
        var now = fixture.Clock.GetUtcNow();
        var startsAt = now.AddMinutes(10);
        var sale = (await fixture.CreateSaleAsync(startsAt, startsAt.AddHours(1), humanCheck: "proof-of-work", humanCheckMaxNumber: Difficulty)).Id;
        using var alice = Shopper("pow-early");
        using var bob = Shopper("pow-late");

        var early = await ChallengeAsync(alice, sale);
        var earlySolution = Solver.Solve(early);
        var latecomersSolution = Solver.Solve(await ChallengeAsync(bob, sale));
        var tooEarly = await alice.PostAsJsonAsync(TokenUrl(sale), new { humanCheck = earlySolution });
        fixture.Clock.SetUtcNow(startsAt);
        var atStart = await alice.PostAsJsonAsync(TokenUrl(sale), new { humanCheck = earlySolution });
        fixture.Clock.SetUtcNow(early.ExpiresAt);
        var expired = await bob.PostAsJsonAsync(TokenUrl(sale), new { humanCheck = latecomersSolution });

        Assert.Equal(startsAt.AddMinutes(5).ToUnixTimeSeconds(), early.ExpiresAt.ToUnixTimeSeconds());
        await AssertProblem(tooEarly, HttpStatusCode.Forbidden, "sale-not-started", "starts at");
        Assert.Equal(HttpStatusCode.OK, atStart.StatusCode); // the early click did not spend it
        await AssertProblem(expired, HttpStatusCode.Forbidden, "human-check-failed", "expired");
    }

    [Fact]
    public async Task Forged_or_garbled_solutions_are_refused()
    {
        var sale = await OpenSaleAsync();
        using var alice = Shopper("pow-forger");
        var challenge = await ChallengeAsync(alice, sale);
        var right = JsonSerializer.Deserialize<JsonElement>(Convert.FromBase64String(Solver.Solve(challenge))).GetProperty("number").GetInt64();

        var wrongNumber = Solver.Solve(challenge, number: right + 1);
        var ownSignature = Solver.Solve(challenge with { Signature = new string('0', 64) }, right);
        var ownSalt = Solver.Payload(new { algorithm = "SHA-256", challenge = challenge.Challenge, number = right, salt = challenge.Salt.Replace("pow-forger", "pow-other", StringComparison.Ordinal), signature = challenge.Signature });

        await AssertProblem(await alice.PostAsJsonAsync(TokenUrl(sale), new { humanCheck = wrongNumber }), HttpStatusCode.Forbidden, "human-check-failed", "does not solve");
        await AssertProblem(await alice.PostAsJsonAsync(TokenUrl(sale), new { humanCheck = ownSignature }), HttpStatusCode.Forbidden, "human-check-failed", "not issued");
        await AssertProblem(await alice.PostAsJsonAsync(TokenUrl(sale), new { humanCheck = ownSalt }), HttpStatusCode.Forbidden, "human-check-failed", "does not solve");
        await AssertProblem(await alice.PostAsJsonAsync(TokenUrl(sale), new { humanCheck = "not base64!" }), HttpStatusCode.Forbidden, "human-check-failed", "base64 JSON");
        await AssertProblem(await alice.PostAsync(TokenUrl(sale), new StringContent("{\"humanCheck\":", System.Text.Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest, "validation", "");
    }

    [Fact]
    public async Task Sales_choose_their_check_when_created()
    {
        var now = fixture.Clock.GetUtcNow();
        var plain = await fixture.CreateSaleAsync(now.AddMinutes(-1), now.AddHours(1));
        var guarded = await fixture.CreateSaleAsync(now.AddMinutes(-1), now.AddHours(1), humanCheck: "proof-of-work");
        using var alice = Shopper("pow-plain");
        using var admin = fixture.Admin();

        Assert.Equal(HumanCheckKind.None, plain.HumanCheck);
        Assert.Null(plain.HumanCheckMaxNumber);
        Assert.Equal(HumanCheckKind.ProofOfWork, guarded.HumanCheck);
        Assert.Equal(100_000, guarded.HumanCheckMaxNumber);
        Assert.Equal(HttpStatusCode.OK, (await alice.PostAsync(TokenUrl(plain.Id), null)).StatusCode);
        await AssertProblem(await alice.GetAsync($"/api/sales/{plain.Id}/challenge"), HttpStatusCode.Conflict, "human-check-not-required", "without a challenge");
        var challenge = await ChallengeAsync(alice, guarded.Id);
        Assert.Equal(100_000, challenge.MaxNumber);
        Assert.Equal("no-store", (await alice.GetAsync($"/api/sales/{guarded.Id}/challenge")).Headers.CacheControl?.ToString());
        await AssertProblem(await admin.PostAsJsonAsync("/api/admin/sales", SaleBody(now, humanCheck: "captcha")), HttpStatusCode.BadRequest, "validation", "humanCheck");
        await AssertProblem(await admin.PostAsJsonAsync("/api/admin/sales", SaleBody(now, humanCheck: "proof-of-work", maxNumber: 10)), HttpStatusCode.BadRequest, "validation", "humanCheckMaxNumber");
        await AssertProblem(await admin.PostAsJsonAsync("/api/admin/sales", SaleBody(now, humanCheck: "none", maxNumber: 5_000)), HttpStatusCode.BadRequest, "validation", "humanCheckMaxNumber");
    }

    private static object SaleBody(DateTimeOffset now, string humanCheck, int? maxNumber = null) => new
    {
        sku = "SKU-T",
        name = "Bad",
        price = 1m,
        stock = 1,
        startsAt = now,
        endsAt = now.AddHours(1),
        perUserLimit = 1,
        humanCheck,
        humanCheckMaxNumber = maxNumber,
    };

    private async Task<string> OpenSaleAsync()
    {
        var now = fixture.Clock.GetUtcNow();
        return (await fixture.CreateSaleAsync(now.AddMinutes(-1), now.AddHours(1), humanCheck: "proof-of-work", humanCheckMaxNumber: Difficulty)).Id;
    }

    private HttpClient Shopper(string user) => fixture.Factory.CreateClientFor(TestTokens.Shopper(user));

    private static string TokenUrl(string sale) => $"/api/sales/{sale}/purchase-token";

    private static async Task<ProofOfWorkChallenge> ChallengeAsync(HttpClient shopper, string sale)
    {
        var response = await shopper.GetAsync($"/api/sales/{sale}/challenge");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var challenge = (await response.Content.ReadFromJsonAsync<ProofOfWorkChallenge>())!;
        Assert.Equal("SHA-256", challenge.Algorithm);
        return challenge;
    }

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string type, string detail)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.EndsWith("/" + type, problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
