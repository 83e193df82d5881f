using System.Text.RegularExpressions;
using FlashSale.Testing;

namespace FlashSale.Shared.Tests.Docs;

/// <summary>
/// Comments cite documents of this repository (docs/api.md, docs/invariants.md, ...) and invariants by their
/// number (I1-I7): each citation must resolve, so a reader who follows one finds what it promises.
/// </summary>
public sealed partial class CitationTests
{
    private static readonly string[] CodeFolders = ["gateway", "services", "shared", "tests", "load-tests"];

    [Fact]
    public void Every_document_a_comment_cites_exists()
    {
        var missing = Citations(DocumentPath())
            .Where(c => !File.Exists(Path.Combine(RepositoryRoot.Path, c.Cited)))
            .Select(c => $"{c.File} cites {c.Cited}")
            .ToList();

        Assert.True(missing.Count == 0, "Citations of documents that do not exist:\n" + string.Join('\n', missing));
    }

    [Fact]
    public void Every_invariant_a_comment_cites_is_defined_in_docs_invariants()
    {
        var defined = InvariantHeading().Matches(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "invariants.md")))
            .Select(m => m.Groups["id"].Value)
            .ToHashSet(StringComparer.Ordinal);
        var cited = Citations(InvariantCitation()).ToList();

        Assert.NotEmpty(cited);
        Assert.All(cited, c => Assert.True(defined.Contains(c.Cited), $"{c.File} cites {c.Cited}, which docs/invariants.md does not define."));
    }

    [Fact]
    public void Every_relative_link_in_the_documents_resolves()
    {
        var documents = Directory.EnumerateFiles(RepositoryRoot.Path, "README.md")
            .Concat(Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "docs"), "*.md"))
            .Concat(Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "services"), "README.md", SearchOption.AllDirectories))
            .Select(file => Path.GetFullPath(file, RepositoryRoot.Path));
        var broken = (
            from document in documents
            from Match link in MarkdownLink().Matches(File.ReadAllText(document))
            let target = Path.GetFullPath(link.Groups["target"].Value, Path.GetDirectoryName(document)!)
            where !File.Exists(target) && !Directory.Exists(target)
            select $"{Path.GetRelativePath(RepositoryRoot.Path, document)} links to {link.Groups["target"].Value}").ToList();

        Assert.True(broken.Count == 0, "Links to nothing:\n" + string.Join('\n', broken));
    }

    private static IEnumerable<(string File, string Cited)> Citations(Regex pattern) =>
        from folder in CodeFolders
        from file in Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, folder), "*.cs", SearchOption.AllDirectories)
        where !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            && !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
        from line in File.ReadLines(file)
        let comment = line.IndexOf("//", StringComparison.Ordinal)
        where comment >= 0
        from Match match in pattern.Matches(line[comment..])
        select (Path.GetRelativePath(RepositoryRoot.Path, file), match.Groups["cited"].Value);

    // A repository path ending in .md, as comments write them: docs/api.md, services/inventory/README.md.
    [GeneratedRegex(@"(?<![\w/.-])(?<cited>(?:[\w.-]+/)+[\w.-]+\.md)\b")]
    private static partial Regex DocumentPath();

    // [text](target) or [text](target#anchor), relative targets only.
    [GeneratedRegex(@"\]\((?!https?:|mailto:|#)(?<target>[^)#\s]+)(#[^)]*)?\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"\b(?<cited>I[0-9]+)\b")]
    private static partial Regex InvariantCitation();

    [GeneratedRegex(@"^## (?<id>I[0-9]+) ", RegexOptions.Multiline)]
    private static partial Regex InvariantHeading();
}
