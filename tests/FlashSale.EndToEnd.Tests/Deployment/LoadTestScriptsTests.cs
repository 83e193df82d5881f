using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FlashSale.Testing;

namespace FlashSale.EndToEnd.Tests.Deployment;

/// <summary>
/// The k6 scripts under load-tests/k6, checked without k6: node parses each file as the ES module k6
/// reads, and the imports — which node --check leaves unresolved — are resolved here: k6's own modules
/// by the names k6 has exported since v0.48, local files by what they export. The human check's proof of
/// work and the shopper's steps around it run under node, with k6's modules stubbed (k6-stubs.mjs).
/// </summary>
public sealed partial class LoadTestScriptsTests
{
    private static readonly string ScriptsRoot = Path.Combine(RepositoryRoot.Path, "load-tests", "k6");

    /// <summary>The k6 modules the scripts may use, with the names each has exported since k6 v0.48.</summary>
    private static readonly Dictionary<string, string[]> K6Modules = new()
    {
        ["k6"] = ["check", "fail", "group", "randomSeed", "sleep"],
        ["k6/crypto"] = ["default", "createHash", "createHMAC", "hmac", "md4", "md5", "randomBytes", "ripemd160", "sha1", "sha256", "sha384", "sha512", "sha512_224", "sha512_256"],
        ["k6/data"] = ["SharedArray"],
        ["k6/encoding"] = ["default", "b64decode", "b64encode"],
        ["k6/execution"] = ["default"],
        ["k6/http"] = ["default", "batch", "del", "expectedStatuses", "get", "head", "options", "patch", "post", "put", "request", "setResponseCallback"],
        ["k6/metrics"] = ["Counter", "Gauge", "Rate", "Trend"],
    };

    /// <summary>What k6 reads from a script: its scenarios and thresholds, and where the summary goes.</summary>
    private static readonly string[] RequiredExports = ["options", "handleSummary"];

    private static readonly string[] LoadTesterFiles = ["smoke.js", "flash-sale.js", "browse.js", "README.md"];

    /// <summary>Every .js file under load-tests/k6, relative to it.</summary>
    public static TheoryData<string> Scripts()
    {
        var scripts = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(ScriptsRoot, "*.js", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            scripts.Add(Path.GetRelativePath(ScriptsRoot, file).Replace('\\', '/'));
        }

        return scripts;
    }

    /// <summary>The scripts a load tester runs: the .js files directly in load-tests/k6.</summary>
    public static TheoryData<string> EntryScripts()
    {
        var scripts = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(ScriptsRoot, "*.js").Order(StringComparer.Ordinal))
        {
            scripts.Add(Path.GetFileName(file));
        }

        return scripts;
    }

    [Fact]
    public void The_load_testers_scripts_are_there()
    {
        foreach (var script in LoadTesterFiles)
        {
            Assert.True(File.Exists(Path.Combine(ScriptsRoot, script)), $"load-tests/k6/{script} is missing");
        }
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task Script_parses_as_an_ES_module(string script)
    {
        // From stdin with --input-type=module: a file named .js would be parsed by node's own rules for
        // the extension, not as the module k6 reads.
        var node = await NodeAsync(["--check", "--input-type=module"], await File.ReadAllTextAsync(Path.Combine(ScriptsRoot, script)), $"load-tests/k6/{script}");

        Assert.True(node.ExitCode == 0, $"load-tests/k6/{script} does not parse (node --check):\n{node.Errors}");
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Script_imports_only_k6_modules_and_local_names_that_exist(string script)
    {
        var path = Path.Combine(ScriptsRoot, script);
        var problems = new List<string>();
        foreach (var import in Imports(File.ReadAllText(path)))
        {
            if (import.Specifier.StartsWith("./", StringComparison.Ordinal) || import.Specifier.StartsWith("../", StringComparison.Ordinal))
            {
                var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, import.Specifier));
                if (!target.StartsWith(ScriptsRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(target))
                {
                    problems.Add($"'{import.Specifier}' is not a file under load-tests/k6");
                    continue;
                }

                var exported = Exports(File.ReadAllText(target));
                problems.AddRange(import.Names.Where(name => !exported.Contains(name)).Select(name => $"'{import.Specifier}' does not export {name}"));
            }
            else if (K6Modules.TryGetValue(import.Specifier, out var names))
            {
                problems.AddRange(import.Names.Where(name => !names.Contains(name)).Select(name => $"k6 v0.48 has no {name} in '{import.Specifier}'"));
            }
            else
            {
                // Remote modules (https://jslib.k6.io/...) would make every run depend on the network.
                problems.Add($"'{import.Specifier}' is neither a k6 module nor a file under load-tests/k6");
            }
        }

        Assert.True(problems.Count == 0, $"load-tests/k6/{script}:\n{string.Join('\n', problems)}");
    }

    [Theory]
    [MemberData(nameof(EntryScripts))]
    public void Entry_script_exports_what_k6_runs(string script)
    {
        var source = File.ReadAllText(Path.Combine(ScriptsRoot, script));
        var exported = Exports(source);
        var problems = new List<string>();
        foreach (var name in RequiredExports.Where(name => !exported.Contains(name)))
        {
            problems.Add($"exports no {name}");
        }

        // A scenario runs its `exec` function, or the default one when it names none.
        var execs = ExecOption().Matches(source).Select(m => m.Groups["name"].Value).ToList();
        problems.AddRange(execs.Where(name => !exported.Contains(name)).Select(name => $"a scenario runs {name}, which is not exported"));
        if (ExecutorOption().Count(source) > execs.Count && !exported.Contains("default"))
        {
            problems.Add("a scenario runs the default function, which is not exported");
        }

        Assert.True(problems.Count == 0, $"load-tests/k6/{script}:\n{string.Join('\n', problems)}");
    }

    [Fact]
    public async Task The_proof_of_work_solver_finds_the_hidden_number_and_answers_in_the_format_the_inventory_decodes()
    {
        // Made as the inventory service makes them (ProofOfWorkChallenges): the hex SHA-256 of salt + a number it chose.
        const string salt = "00112233445566778899aabb?expires=1765000000&sale=42&user=k6-run-7";
        const int hidden = 4321;
        var challenge = new JsonObject
        {
            ["algorithm"] = "SHA-256",
            ["challenge"] = Hash(salt, hidden),
            ["maxnumber"] = 5000,
            ["salt"] = salt,
            ["signature"] = "c0ffee",
        };

        var result = await RunWithK6StubsAsync($$"""
            const { solve, solution } = await import({{ModuleUrl("lib/proof-of-work.js")}});
            const challenge = {{challenge.ToJsonString()}};
            const found = solve(challenge);
            console.log(JSON.stringify({
              found,
              payload: solution(challenge, found.number),
              inCapitals: solve({ ...challenge, challenge: challenge.challenge.toUpperCase() }),
              outOfRange: solve({ ...challenge, maxnumber: {{hidden - 1}} }),
            }));
            """);

        // Every number from 0 to the hidden one tried: the shopper's cost, which human_check_hashes records.
        Assert.Equal(hidden, result.GetProperty("found").GetProperty("number").GetInt32());
        Assert.Equal(hidden + 1, result.GetProperty("found").GetProperty("hashes").GetInt32());
        Assert.Equal(hidden, result.GetProperty("inCapitals").GetProperty("number").GetInt32());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("outOfRange").GetProperty("number").ValueKind);
        Assert.Equal(hidden, result.GetProperty("outOfRange").GetProperty("hashes").GetInt32());

        // Base64 JSON (the inventory reads it with Convert.TryFromBase64String): the challenge's fields echoed, the number added.
        var solution = Solution(result.GetProperty("payload").GetString());
        Assert.Equal(["algorithm", "challenge", "number", "salt", "signature"], solution.EnumerateObject().Select(p => p.Name));
        Assert.Equal("SHA-256", solution.GetProperty("algorithm").GetString());
        Assert.Equal(Hash(salt, hidden), solution.GetProperty("challenge").GetString());
        Assert.Equal(hidden, solution.GetProperty("number").GetInt64());
        Assert.Equal(salt, solution.GetProperty("salt").GetString());
        Assert.Equal("c0ffee", solution.GetProperty("signature").GetString());
    }

    [Fact]
    public async Task A_shopper_solves_the_challenge_solves_a_fresh_one_once_when_refused_and_buys_at_the_purchaseUrl()
    {
        var result = await RunShopperAsync(FakeGateway.RefusesFirstSolution);

        Assert.Equal("solved", result.GetProperty("proof").GetString());
        Assert.Equal("issued", result.GetProperty("token").GetString());
        Assert.Equal("accepted", result.GetProperty("attempt").GetString());
        var sent = result.GetProperty("sent").EnumerateArray().ToList();
        Assert.Equal(
            [
                $"GET {FakeGateway.Url}/api/sales/42/challenge",
                $"POST {FakeGateway.Url}/api/sales/42/purchase-token",
                $"GET {FakeGateway.Url}/api/sales/42/challenge",
                $"POST {FakeGateway.Url}/api/sales/42/purchase-token",
                $"POST {FakeGateway.Url}{FakeGateway.PurchasePath("42")}",
            ],
            sent.Select(r => $"{r.GetProperty("method").GetString()} {r.GetProperty("url").GetString()}"));

        // Each token request carries the solution of the challenge just fetched; the retry a fresh one.
        var solutions = sent.Where(r => r.GetProperty("url").GetString()!.EndsWith("/purchase-token", StringComparison.Ordinal))
            .Select(r => Solution(r.GetProperty("body").GetProperty("humanCheck").GetString())).ToList();
        Assert.All(solutions, s => Assert.Equal(Hash(s.GetProperty("salt").GetString()!, s.GetProperty("number").GetInt64()), s.GetProperty("challenge").GetString()));
        Assert.Equal([FakeGateway.HiddenNumber(1), FakeGateway.HiddenNumber(2)], solutions.Select(s => s.GetProperty("number").GetInt64()));
        Assert.NotEqual(solutions[0].GetProperty("salt").GetString(), solutions[1].GetProperty("salt").GetString());

        // One name for every sale's secret address, so the secrets do not multiply k6's time series.
        var bought = sent[^1];
        Assert.Equal("POST /api/sales/{id}/purchases/{address}", bought.GetProperty("name").GetString());
        Assert.Equal("token-42", bought.GetProperty("body").GetProperty("token").GetString());
        Assert.Equal(1, bought.GetProperty("body").GetProperty("quantity").GetInt32());

        var samples = result.GetProperty("samples");
        Assert.Equal([FakeGateway.HiddenNumber(1) + 1, FakeGateway.HiddenNumber(2) + 1], Values(samples, "human_check_hashes"));
        Assert.Equal(2, Values(samples, "human_check_solve_ms").Count);
        Assert.Equal([1], Values(samples, "human_check_failures"));
        Assert.All(Values(samples, "unexpected_responses"), unexpected => Assert.Equal(0, unexpected));
    }

    [Fact]
    public async Task A_second_refused_solution_is_a_broken_check_and_ends_the_shoppers_try()
    {
        var result = await RunShopperAsync(FakeGateway.RefusesEverySolution);

        Assert.Equal("human-check-failed", result.GetProperty("token").GetString());
        var sent = result.GetProperty("sent").EnumerateArray().Select(r => r.GetProperty("url").GetString()).ToList();
        Assert.Equal(2, sent.Count(url => url!.EndsWith("/purchase-token", StringComparison.Ordinal)));
        Assert.DoesNotContain(sent, url => url!.Contains("/purchases", StringComparison.Ordinal));
        Assert.Equal([1], Values(result.GetProperty("samples"), "human_check_failures"));
        Assert.Equal(1, Values(result.GetProperty("samples"), "unexpected_responses").Count(unexpected => unexpected == 1));
    }

    [Fact]
    public async Task A_shopper_of_a_sale_without_a_human_check_asks_for_no_challenge()
    {
        var result = await RunShopperAsync(FakeGateway.WithoutCheck);

        Assert.Equal("not-required", result.GetProperty("proof").GetString());
        Assert.Equal("accepted", result.GetProperty("attempt").GetString());
        var sent = result.GetProperty("sent").EnumerateArray().ToList();
        Assert.Equal([$"{FakeGateway.Url}/api/sales/43/purchase-token", $"{FakeGateway.Url}{FakeGateway.PurchasePath("43")}"],
            sent.Select(r => r.GetProperty("url").GetString()));
        Assert.Empty(sent[0].GetProperty("body").EnumerateObject());
        Assert.False(result.GetProperty("samples").TryGetProperty("human_check_solve_ms", out _));
    }

    /// <summary>
    /// A gateway answering as api.md says, in JavaScript for the node runs: sales 42 and 44 ask for a proof of work,
    /// whose n-th challenge hides <see cref="HiddenNumber"/>(n); 42 refuses the first solution (as if it had expired),
    /// 44 every one; 43 has no check. It records what it was sent in <c>sent</c>.
    /// </summary>
    private static class FakeGateway
    {
        public const string Url = "http://gateway.test";
        public const string RefusesFirstSolution = "{ id: '42', humanCheck: 'proof-of-work', humanCheckMaxNumber: 1000 }";
        public const string RefusesEverySolution = "{ id: '44', humanCheck: 'proof-of-work', humanCheckMaxNumber: 1000 }";
        public const string WithoutCheck = "{ id: '43', humanCheck: 'none', humanCheckMaxNumber: null }";

        public static long HiddenNumber(int challenge) => 700 + challenge;

        public static string PurchasePath(string saleId) => $"/api/sales/{saleId}/purchases/q7Vh2mXbR0cK9sLw1ePz4A";

        public const string Script = """
            import { createHash } from 'node:crypto';
            const sent = [];
            const calls = {};
            const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('hex');
            const problem = (type) => ({ type: `https://flashsale.test/problems/${type}`, title: type });

            function solves(payload) {
              try {
                const s = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
                return s.algorithm === 'SHA-256' && sha256(s.salt + String(s.number)) === s.challenge;
              } catch (e) {
                return false;
              }
            }

            function route(method, path, body) {
              const [, saleId, rest] = /^\/api\/sales\/(\d+)\/(.+)$/.exec(path) || [];
              const key = `${method} ${path}`;
              const call = calls[key] = (calls[key] || 0) + 1;
              const proofOfWork = saleId === '42' || saleId === '44';
              if (method === 'GET' && rest === 'challenge') {
                if (!proofOfWork) {
                  return [409, problem('human-check-not-required')];
                }

                const salt = `salt${call}?expires=1765000000&sale=${saleId}&user=k6-test-0`;
                return [200, { algorithm: 'SHA-256', challenge: sha256(salt + String(700 + call)), maxnumber: 1000, salt,
                  signature: `signature${call}`, expiresAt: '2026-12-07T18:00:00Z' }];
              }

              if (method === 'POST' && rest === 'purchase-token') {
                if (proofOfWork && !body.humanCheck) {
                  return [400, problem('human-check-required')];
                }

                if (proofOfWork && (!solves(body.humanCheck) || saleId === '44' || call === 1)) {
                  return [403, problem('human-check-failed')];
                }

                return [200, { token: `token-${saleId}`, expiresAt: '2026-12-07T18:00:00Z', purchaseUrl: `/api/sales/${saleId}/purchases/q7Vh2mXbR0cK9sLw1ePz4A` }];
              }

              if (method === 'POST' && rest === 'purchases/q7Vh2mXbR0cK9sLw1ePz4A') {
                return [202, { orderId: '9001', status: 'pending' }];
              }

              return [404, problem('purchase-address-unknown')];
            }

            globalThis.k6Stub.request = (method, url, body, params) => {
              const parsed = body === null ? null : JSON.parse(body);
              sent.push({ method, url, name: params.tags.name, body: parsed });
              const [status, answer] = route(method, url.replace('http://gateway.test', ''), parsed || {});
              return { status, body: JSON.stringify(answer), headers: {}, error: '', request: { method, url } };
            };
            """;
    }

    /// <summary>lib/shopper.js's steps for one shopper of <paramref name="sale"/> (a JavaScript literal) against <see cref="FakeGateway"/>.</summary>
    private static Task<JsonElement> RunShopperAsync(string sale) => RunWithK6StubsAsync($$"""
        {{FakeGateway.Script}}
        const { humanCheck, purchaseToken, purchase } = await import({{ModuleUrl("lib/shopper.js")}});
        const shopper = { id: 'k6-test-0', token: 'access-token' };
        const sale = {{sale}};
        const proof = humanCheck(shopper, sale);
        const token = proof.passed ? purchaseToken(shopper, sale, proof) : { outcome: 'not-asked' };
        const attempt = token.outcome === 'issued' ? purchase(shopper, token, 1, 'run-1') : { outcome: 'not-tried' };
        console.log(JSON.stringify({ proof: proof.outcome, token: token.outcome, attempt: attempt.outcome, sent, samples: k6Stub.samples }));
        """);

    /// <summary>
    /// Runs <paramref name="program"/> as an ES module under node, with k6's modules stubbed (k6-stubs.mjs) and
    /// BASE_URL the fake gateway's; returns the last line it printed, as JSON.
    /// </summary>
    private static async Task<JsonElement> RunWithK6StubsAsync(string program)
    {
        var hooks = Path.Combine(RepositoryRoot.Path, "tests", "FlashSale.EndToEnd.Tests", "Deployment", "k6-stubs.mjs");
        var preamble = $$"""
            import { register } from 'node:module';
            register({{JsonSerializer.Serialize(new Uri(hooks).AbsoluteUri)}});
            globalThis.__ENV = { BASE_URL: '{{FakeGateway.Url}}' };
            globalThis.k6Stub = { samples: {}, request() { throw new Error('this test answers no HTTP'); } };
            """;
        var node = await NodeAsync(["--input-type=module"], $"{preamble}\n{program}", "the k6 modules under node");

        Assert.True(node.ExitCode == 0, $"node failed:\n{node.Errors}");
        using var output = JsonDocument.Parse(node.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1]);
        return output.RootElement.Clone();
    }

    /// <summary>The import specifier of a module under load-tests/k6, as a JavaScript string.</summary>
    private static string ModuleUrl(string relative) => JsonSerializer.Serialize(new Uri(Path.Combine(ScriptsRoot, relative)).AbsoluteUri);

    /// <summary>As ProofOfWorkChallenges.Hash: lower-case hex SHA-256 of the salt and the number's decimal digits.</summary>
    private static string Hash(string salt, long number) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(salt + number.ToString(CultureInfo.InvariantCulture))));

    private static JsonElement Solution(string? payload)
    {
        using var document = JsonDocument.Parse(Convert.FromBase64String(payload!));
        return document.RootElement.Clone();
    }

    /// <summary>The values a metric stub recorded (booleans as 0 and 1), in order; none when it recorded nothing.</summary>
    private static List<long> Values(JsonElement samples, string metric) =>
        samples.TryGetProperty(metric, out var recorded)
            ? recorded.EnumerateArray().Select(s => s.GetProperty("value") switch
            {
                { ValueKind: JsonValueKind.True } => 1L,
                { ValueKind: JsonValueKind.False } => 0L,
                var value => (long)value.GetDouble(),
            }).ToList()
            : [];

    /// <summary>node with <paramref name="arguments"/> and <paramref name="input"/> on stdin; a missing node fails the test, naming <paramref name="subject"/>.</summary>
    private static Task<Tool.Result> NodeAsync(string[] arguments, string input, string subject) =>
        Tool.RunWithInputAsync(input, "node", $"{subject} needs node; ./flashsale.sh test installs the nodejs package", arguments);

    private sealed record Import(string Specifier, IReadOnlyList<string> Names);

    /// <summary>The import declarations of a module, with the names each binds ("default" for a default import).</summary>
    private static IEnumerable<Import> Imports(string source)
    {
        foreach (Match match in ImportDeclaration().Matches(WithoutComments(source)))
        {
            var clause = match.Groups["clause"].Value.Trim();
            var names = new List<string>();
            var braces = clause.IndexOf('{', StringComparison.Ordinal);
            var head = (braces >= 0 ? clause[..braces] : clause).Trim().TrimEnd(',').Trim();
            if (head.Length > 0 && !head.StartsWith('*'))
            {
                names.Add("default");
            }

            if (braces >= 0)
            {
                var inside = clause[(braces + 1)..clause.IndexOf('}', StringComparison.Ordinal)];
                names.AddRange(inside.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(part => part.Split(" as ", StringSplitOptions.TrimEntries)[0]));
            }

            yield return new Import(match.Groups["specifier"].Value, names);
        }
    }

    private static HashSet<string> Exports(string source)
    {
        var code = WithoutComments(source);
        var names = ExportedDeclaration().Matches(code).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);
        foreach (Match list in ExportList().Matches(code))
        {
            names.UnionWith(list.Groups["names"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(part => part.Split(" as ", StringSplitOptions.TrimEntries).Last()));
        }

        if (ExportDefault().IsMatch(code))
        {
            names.Add("default");
        }

        return names;
    }

    private static string WithoutComments(string source) => Comment().Replace(source, "");

    [GeneratedRegex(@"^\s*import\s+(?:(?<clause>[^'""]+?)\s+from\s+)?['""](?<specifier>[^'""]+)['""]", RegexOptions.Multiline)]
    private static partial Regex ImportDeclaration();

    [GeneratedRegex(@"^\s*export\s+(?:function\*?|const|let|var|class)\s+(?<name>[A-Za-z_$][\w$]*)", RegexOptions.Multiline)]
    private static partial Regex ExportedDeclaration();

    [GeneratedRegex(@"^\s*export\s*\{(?<names>[^}]*)\}", RegexOptions.Multiline)]
    private static partial Regex ExportList();

    [GeneratedRegex(@"^\s*export\s+default\b", RegexOptions.Multiline)]
    private static partial Regex ExportDefault();

    [GeneratedRegex(@"\bexec:\s*['""](?<name>[A-Za-z_$][\w$]*)['""]")]
    private static partial Regex ExecOption();

    [GeneratedRegex(@"\bexecutor:\s*['""]")]
    private static partial Regex ExecutorOption();

    // Line comments only where they start a line or follow code after whitespace, so "https://" in a string survives.
    [GeneratedRegex(@"/\*[\s\S]*?\*/|(?<=^|\s)//[^\n]*", RegexOptions.Multiline)]
    private static partial Regex Comment();
}
