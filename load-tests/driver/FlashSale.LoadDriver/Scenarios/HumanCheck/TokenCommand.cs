using System.Text;
using System.Text.Json;
using FlashSale.LoadDriver.Api;
using FlashSale.LoadDriver.Cli;
using FlashSale.LoadDriver.Http;
using FlashSale.LoadDriver.Results;
using FlashSale.LoadDriver.Scenarios.Common;
using FlashSale.LoadDriver.Scenarios.Throughput;

namespace FlashSale.LoadDriver.Scenarios.HumanCheck;

/// <summary>
/// Purchase tokens per second through the gateway, closed model, on a sale without a human check or with the
/// proof-of-work check: the difference is what verifying a solution (two hashes, one Redis SET NX) costs the server.
/// The solutions are fetched and solved before the run, at the lowest difficulty: checking one costs the same
/// whatever the difficulty, and the run needs one per request.
/// </summary>
public sealed class TokenCommand : ICommand
{
    private const int Difficulty = 1_000;

    public string Name => "tokens";

    public string Summary => "purchase tokens/s through the gateway, without or with the proof-of-work check (closed model)";

    public IReadOnlyList<OptionSpec> Options =>
    [
        .. CommonOptions.Target,
        new("check", "the sale's human check: none or proof-of-work", HumanChecks.None),
        new("label", "what the inventory runs, e.g. its stock strategy", "unlabelled"),
        new("requests", "requesters prepared before the run (with the check, each a solved challenge): more than the run sends", "40000"),
        .. ClosedRun.Options,
    ];

    public async Task<int> RunAsync(ParsedOptions options, CancellationToken ct)
    {
        using var target = Target.From(options);
        var run = ClosedRun.From(options);
        var label = options.Text("label");
        var check = options.Choice("check", HumanChecks.Choices);
        var count = options.WholeNumber("requests", 1, 1_000_000);
        var runTag = Shoppers.RunTag();
        var saleId = await target.Api.CreateSaleAsync(PurchaseSales.Spec(runTag, "tokens", 1000, 1, humanCheck: check, humanCheckMaxNumber: Difficulty), ct);
        using var client = LoadHttp.Create(run.Connections);
        var requesters = check == HumanChecks.None
            ? Enumerable.Range(0, 1000).Select(i => (target.Api.ShopperAuthorization(Shoppers.UserId(runTag, i)), (byte[]?)null)).ToArray()
            : await SolvedAsync(target.Api, client, saleId, runTag, count, ct);
        var scenario = check == HumanChecks.None ? ScenarioNames.Tokens : ScenarioNames.TokensProofOfWork;
        return await run.MeasureAsync(target, options, client, new TokenRequests(target.Gateway, saleId, requesters), (scenario, label),
            $"purchase tokens ({check}, {label}): sale {saleId} through {target.Gateway}, {run.Connections} connections", "200",
            [("saleId", saleId), ("humanCheck", check), ("requesters", requesters.Length)], ct);
    }

    private static async Task<(string, byte[]?)[]> SolvedAsync(GatewayApi api, HttpMessageInvoker client, string saleId, string runTag, int count, CancellationToken ct)
    {
        var requesters = new (string, byte[]?)[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = ct }, async (i, token) =>
        {
            var authorization = api.ShopperAuthorization(Shoppers.UserId(runTag, i));
            var solution = ProofOfWork.Solve(await api.ChallengeAsync(client, authorization, saleId, token));
            requesters[i] = (authorization, Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { humanCheck = solution.Payload })));
        });
        return requesters;
    }
}
