using System.Globalization;
using FlashSale.ServiceDefaults.Caching;
using StackExchange.Redis;

namespace FlashSale.Gateway.RateLimiting;

/// <summary>
/// The counters every gateway replica shares. One Lua call per request checks all of its limits and,
/// only when each has room, counts the request on every one of them: a request refused by one limit
/// uses up none of the others (a user over their limit does not eat the sale's cap for everyone else).
/// A window opens with the first request of its counter (INCR returns 1, PEXPIRE sets its length) and
/// Redis times it, so replicas with drifting clocks still share one window.
/// The keys of one call live in different hash slots: this needs the main Redis to be one instance
/// (as it is here); a Redis Cluster would need a shared hash tag in <see cref="LimitCheck.CounterKey"/>.
/// </summary>
public sealed class RedisWindowCounters(IConnectionMultiplexer redis)
{
    private static readonly string Script = LuaScripts.Load<RedisWindowCounters>("window-counters");

    public bool IsConnected => redis.IsConnected;

    public async Task<LimitVerdict> TryAcquireAsync(IReadOnlyList<LimitCheck> checks)
    {
        var keys = new RedisKey[checks.Count];
        var arguments = new RedisValue[checks.Count * 2];
        for (var i = 0; i < checks.Count; i++)
        {
            keys[i] = checks[i].CounterKey;
            arguments[2 * i] = checks[i].Limit.PermitLimit;
            arguments[2 * i + 1] = WindowMilliseconds(checks[i].Limit.Window);
        }

        var result = (RedisResult[]?)await redis.GetDatabase().ScriptEvaluateAsync(Script, keys, arguments)
            ?? throw new InvalidOperationException("The window-counter script returned nothing.");
        var exceeded = (int)result[0];
        return exceeded == 0
            ? LimitVerdict.Passed
            : new LimitVerdict(checks[exceeded - 1], TimeSpan.FromMilliseconds((long)result[1]));
    }

    private static string WindowMilliseconds(TimeSpan window) =>
        ((long)Math.Ceiling(window.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
}
