using System.Diagnostics;
using FlashSale.Testing;
using StackExchange.Redis;

namespace FlashSale.EndToEnd.Tests.Faults;

/// <summary>Runs only where redis-server is installed (./flashsale.sh test installs it); the test kills a Redis of its own.</summary>
public sealed class OwnRedisFactAttribute : FactAttribute
{
    public OwnRedisFactAttribute()
    {
        if (OwnRedis.Binary() is null)
        {
            Skip = "needs redis-server on PATH: the test SIGKILLs a Redis server of its own (./flashsale.sh test installs it)";
        }
    }
}

/// <summary>
/// A main Redis of the test's own, configured as ops/servers.sh configures the main Redis (AOF, appendfsync always), so a
/// test can SIGKILL it and start it again on the same port and data folder without touching the shared servers.
/// </summary>
public sealed class OwnRedis : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flashsale-redis-").FullName;
    private Process? _process;

    public int Port { get; } = HostProcess.FreePort();

    public string Configuration => $"127.0.0.1:{Port}";

    public static string? Binary() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(dir => Path.Combine(dir, "redis-server")).FirstOrDefault(File.Exists);

    public async Task StartAsync()
    {
        var info = new ProcessStartInfo(Binary()!) { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var argument in new[]
        {
            "--port", $"{Port}", "--bind", "127.0.0.1", "--dir", _dir, "--appendonly", "yes", "--appendfsync", "always", "--save", "",
        })
        {
            info.ArgumentList.Add(argument);
        }

        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        await Eventually.HoldsAsync(PingsAsync, up => up, $"redis-server on {Port} to answer", TimeSpan.FromSeconds(20));
    }

    /// <summary>SIGKILL: no shutdown, no final fsync; whatever Redis had not written to its AOF is gone.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private async Task<bool> PingsAsync()
    {
        try
        {
            await using var redis = await ConnectionMultiplexer.ConnectAsync($"{Configuration},abortConnect=false,connectTimeout=500");
            await redis.GetDatabase().PingAsync();
            return true;
        }
        catch (RedisException)
        {
            return false;
        }
    }
}
