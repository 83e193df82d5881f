using System.Text.RegularExpressions;
using System.Xml.Linq;
using FlashSale.Deployment.Tests.Support;
using FlashSale.Testing;

namespace FlashSale.Deployment.Tests.Images;

/// <summary>
/// The Dockerfile's layer order and runtime stage, read instruction by instruction (no Docker engine here): the
/// restore layer depends on project files only, so editing a host's code never re-restores; the image runs as a
/// non-root user on a chiseled base with an exec-form entrypoint; the build context leaves tests and results out.
/// </summary>
public sealed partial class DockerfileTests
{
    private static readonly IReadOnlyList<Instruction> Instructions = Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "Dockerfile")));

    private static readonly string[] BuildSettings = ["global.json", "Directory.Build.props", "Directory.Packages.props", ".editorconfig"];

    private sealed record Instruction(string Keyword, string Arguments);

    [Fact]
    public void Before_the_restore_only_build_settings_and_project_files_are_copied()
    {
        var restore = RestoreIndex();
        var copied = Instructions.Take(restore).Where(i => i.Keyword == "COPY").SelectMany(i => Sources(i.Arguments)).ToList();

        Assert.NotEmpty(copied);
        Assert.All(copied, source => Assert.True(source.EndsWith(".csproj", StringComparison.Ordinal) || BuildSettings.Contains(source),
            $"COPY {source} before the restore: any change to it would re-restore every image"));
    }

    [Fact]
    public void Every_project_a_host_builds_from_is_restored_in_the_shared_layer()
    {
        var copied = Instructions.Take(RestoreIndex()).Where(i => i.Keyword == "COPY").SelectMany(i => Sources(i.Arguments)).ToHashSet(StringComparer.Ordinal);
        var needed = HostProjects.All.Select(h => Path.Combine(h.ProjectFolder, h.AssemblyName + ".csproj"))
            .Append(Path.Combine(RepositoryRoot.Path, "tools", "FlashSale.HealthProbe", "FlashSale.HealthProbe.csproj"))
            .SelectMany(ProjectClosure)
            .Select(p => Path.GetRelativePath(RepositoryRoot.Path, p).Replace('\\', '/'))
            .ToHashSet(StringComparer.Ordinal);

        Assert.Empty(needed.Except(copied).Order(StringComparer.Ordinal));
        Assert.All(BuildSettings, setting => Assert.Contains(setting, copied));
    }

    [Fact]
    public void The_host_is_chosen_after_the_restore_so_all_images_share_that_layer()
    {
        var firstProjectArgument = Instructions.ToList().FindIndex(i => i.Keyword == "ARG" && i.Arguments.StartsWith("PROJECT", StringComparison.Ordinal));

        Assert.True(firstProjectArgument > RestoreIndex(), "ARG PROJECT comes before the restore: each image would restore on its own");
        // The host's sources come after the shared libraries', so editing one host leaves the others' layers cached.
        var copies = Instructions.Select((i, index) => (i, index)).Where(x => x.i.Keyword == "COPY").ToList();
        Assert.True(copies.FindIndex(x => x.i.Arguments.StartsWith("shared/", StringComparison.Ordinal))
            < copies.FindIndex(x => x.i.Arguments.StartsWith("${PROJECT}", StringComparison.Ordinal)), "the host's sources are copied before the shared ones");
    }

    [Fact]
    public void The_runtime_stage_is_chiseled_non_root_and_starts_without_a_shell()
    {
        var runtime = Instructions.Skip(Instructions.ToList().FindLastIndex(i => i.Keyword == "FROM")).ToList();

        Assert.Contains("chiseled", runtime[0].Arguments, StringComparison.Ordinal);
        var user = Assert.Single(runtime, i => i.Keyword == "USER").Arguments;
        Assert.DoesNotMatch(RootUser(), user);
        var entrypoint = Assert.Single(runtime, i => i.Keyword == "ENTRYPOINT").Arguments;
        Assert.Matches(ExecForm(), entrypoint);
        Assert.DoesNotContain("sh\"", entrypoint, StringComparison.Ordinal);
        Assert.Matches(ExecForm(), Assert.Single(runtime, i => i.Keyword == "HEALTHCHECK").Arguments.Split(" CMD ", 2)[1]);

        var labels = string.Join(' ', runtime.Where(i => i.Keyword == "LABEL").Select(i => i.Arguments));
        foreach (var label in new[] { "title", "description", "source", "version", "revision" })
        {
            Assert.Contains($"org.opencontainers.image.{label}=", labels, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_build_context_leaves_tests_results_and_build_output_out()
    {
        var ignored = File.ReadAllLines(Path.Combine(RepositoryRoot.Path, ".dockerignore")).Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);

        foreach (var pattern in new[] { "**/bin/", "**/obj/", ".flashsale/", ".git/", "tests/", "load-tests/", "**/TestResults/" })
        {
            Assert.Contains(pattern, ignored);
        }
    }

    private static int RestoreIndex()
    {
        var index = Instructions.ToList().FindIndex(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet restore", StringComparison.Ordinal));
        Assert.True(index > 0, "the Dockerfile runs no dotnet restore of its own");
        return index;
    }

    /// <summary>A project and every project it references, transitively (absolute paths).</summary>
    private static IEnumerable<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(project)]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current))
            {
                continue;
            }

            foreach (var reference in XDocument.Load(current).Descendants("ProjectReference"))
            {
                pending.Push(Path.GetFullPath(reference.Attribute("Include")!.Value.Replace('\\', '/'), Path.GetDirectoryName(current)!));
            }
        }

        return seen;
    }

    /// <summary>The sources of a COPY (every argument but the last), without --from/--chown options.</summary>
    private static IEnumerable<string> Sources(string arguments)
    {
        var parts = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(p => !p.StartsWith("--", StringComparison.Ordinal)).ToList();
        return parts.Take(parts.Count - 1).Select(p => p.TrimEnd('/'));
    }

    /// <summary>Instructions with their continuation lines joined and comments dropped.</summary>
    private static List<Instruction> Parse(string dockerfile)
    {
        var joined = Continuation().Replace(dockerfile, " ");
        return joined.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(' ', 2))
            .Select(p => new Instruction(p[0].ToUpperInvariant(), p.Length > 1 ? p[1].Trim() : ""))
            .ToList();
    }

    // A backslash at the end of a line, and any comment lines that follow it before the instruction goes on.
    [GeneratedRegex(@"\\\r?\n(\s*#[^\n]*\n)*")]
    private static partial Regex Continuation();

    [GeneratedRegex(@"^(root|0)(:|$)")]
    private static partial Regex RootUser();

    [GeneratedRegex(@"^\[\s*""[^""]+""(\s*,\s*""[^""]*"")*\s*\]$")]
    private static partial Regex ExecForm();
}
