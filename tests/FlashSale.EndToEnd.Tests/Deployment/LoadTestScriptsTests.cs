using System.Diagnostics;
using System.Text.RegularExpressions;
using FlashSale.Testing;

namespace FlashSale.EndToEnd.Tests.Deployment;

/// <summary>
/// The k6 scripts under load-tests/k6, checked without k6: node parses each file as the ES module k6
/// reads, and the imports — which node --check leaves unresolved — are resolved here: k6's own modules
/// by the names k6 has exported since v0.48, local files by what they export.
/// </summary>
public sealed partial class LoadTestScriptsTests
{
    private static readonly string ScriptsRoot = Path.Combine(RepositoryRoot.Path, "load-tests", "k6");

    /// <summary>The k6 modules the scripts may use, with the names each has exported since k6 v0.48.</summary>
    private static readonly Dictionary<string, string[]> K6Modules = new()
    {
        ["k6"] = ["check", "fail", "group", "randomSeed", "sleep"],
        ["k6/data"] = ["SharedArray"],
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
        var info = new ProcessStartInfo("node", ["--check", "--input-type=module"])
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };

        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"load-tests/k6/{script}: node is not installed ({e.Message}); ./flashsale.sh test installs the nodejs package");
            return;
        }

        using (process)
        {
            var errors = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEndAsync();
            await process.StandardInput.WriteAsync(await File.ReadAllTextAsync(Path.Combine(ScriptsRoot, script)));
            process.StandardInput.Close();
            await Task.WhenAll(errors, output, process.WaitForExitAsync());

            Assert.True(process.ExitCode == 0, $"load-tests/k6/{script} does not parse (node --check):\n{await errors}");
        }
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
