using System.Text.Json;

namespace FlashSale.LoadDriver.Results;

/// <summary>Result files: one JSON document per run, read back by the report.</summary>
public static class ResultFiles
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task WriteAsync(string? path, RunResult result, CancellationToken ct)
    {
        if (path is null)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(result, Json) + "\n", ct);
    }

    public static async Task<IReadOnlyList<RunResult>> ReadAllAsync(string directory, CancellationToken ct)
    {
        var results = new List<RunResult>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            var result = JsonSerializer.Deserialize<RunResult>(await File.ReadAllTextAsync(file, ct), Json)
                ?? throw new Cli.SetupException($"{file} holds no run result");
            results.Add(result);
        }

        return results;
    }
}
