using System.Text.RegularExpressions;
using FlashSale.ServiceDefaults.OpenApi;
using FlashSale.Testing;

namespace FlashSale.Shared.Tests.Docs;

/// <summary>
/// The OpenAPI documents describe problems from ProblemCatalogue; docs/api.md's "Problem details" table is the contract.
/// Every type the documents can name is in that table, with the same status.
/// </summary>
public sealed partial class ProblemCatalogueTests
{
    [Fact]
    public void Every_catalogued_problem_is_in_the_api_document_with_its_status()
    {
        var documented = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match row in ProblemRow().Matches(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "api.md"))))
        {
            var types = Regex.Matches(row.Groups["types"].Value, "`([a-z-]+)`").Select(m => m.Groups[1].Value).ToList();
            var statuses = row.Groups["statuses"].Value.Split(',', StringSplitOptions.TrimEntries);
            for (var i = 0; i < types.Count; i++)
            {
                documented[types[i]] = statuses.Length == types.Count ? statuses[i] : statuses[0];
            }
        }

        Assert.NotEmpty(documented);
        Assert.All(ProblemCatalogue.Entries, entry =>
            Assert.True(documented.TryGetValue(entry.Type, out var status) && status == entry.Status.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"{entry.Type} ({entry.Status}) is not in docs/api.md's problem table with that status"));
    }

    [Fact]
    public void An_unknown_problem_type_fails_when_the_endpoint_is_mapped()
    {
        Assert.Throws<InvalidOperationException>(() => ProblemCatalogue.Get("no-such-problem"));
        Assert.Equal(409, ProblemCatalogue.Get("sold-out").Status);
    }

    [GeneratedRegex(@"^\| (?<types>`[a-z-]+`(, `[a-z-]+`)*) \| (?<statuses>[0-9x, ]+) \|", RegexOptions.Multiline)]
    private static partial Regex ProblemRow();
}
