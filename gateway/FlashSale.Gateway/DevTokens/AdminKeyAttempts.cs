using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace FlashSale.Gateway.DevTokens;

/// <summary>
/// Wrong admin keys per client address in a fixed window. Past the limit the issuer answers 429 before it even
/// compares the key, so the key cannot be guessed at the speed of the network; shopper tokens are never limited
/// here. Counted per gateway replica: N replicas allow N times the limit, still far too slow to guess a key.
/// </summary>
public sealed class AdminKeyAttempts(TimeProvider time, IOptions<DevTokenOptions> options)
{
    private const int MaxTrackedClients = 10_000;
    private readonly ConcurrentDictionary<string, Window> _windows = new();

    /// <summary>How long this client must wait before its next admin attempt, or null when it may try now.</summary>
    public TimeSpan? Blocked(string client)
    {
        var now = time.GetUtcNow();
        return _windows.TryGetValue(client, out var window) && window.Ends > now && window.Failures >= options.Value.AdminKeyFailuresPerWindow
            ? window.Ends - now
            : null;
    }

    public void Failed(string client)
    {
        var now = time.GetUtcNow();
        if (_windows.Count >= MaxTrackedClients)
        {
            // Clients rotating addresses must not grow this without bound: windows that ended carry no information.
            foreach (var (key, ended) in _windows.Where(w => w.Value.Ends <= now).ToList())
            {
                _windows.TryRemove(new KeyValuePair<string, Window>(key, ended));
            }
        }

        _windows.AddOrUpdate(client,
            _ => new Window(now + options.Value.AdminKeyWindow, 1),
            (_, window) => window.Ends > now ? window with { Failures = window.Failures + 1 } : new Window(now + options.Value.AdminKeyWindow, 1));
    }

    private sealed record Window(DateTimeOffset Ends, int Failures);
}
