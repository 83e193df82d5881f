using FlashSale.Gateway.RateLimiting;
using Microsoft.Extensions.Time.Testing;

namespace FlashSale.Gateway.Tests.RateLimiting;

/// <summary>The Redis-outage fallback follows the rules of the Lua script.</summary>
public sealed class LocalWindowCountersTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    private static LimitCheck Check(LimitScope scope, string key, int limit, int seconds) =>
        new(scope, key, WindowLimit.Of(limit, TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void A_window_lets_its_limit_through_refuses_until_it_closes_and_then_opens_anew()
    {
        var counters = new LocalWindowCounters(_clock);
        LimitCheck[] checks = [Check(LimitScope.User, "user:u-1", 2, 5)];

        var passed = Enumerable.Range(0, 2).Select(_ => counters.TryAcquire(checks)).ToList();
        _clock.Advance(TimeSpan.FromSeconds(2));
        var refused = counters.TryAcquire(checks);
        _clock.Advance(TimeSpan.FromSeconds(3));
        var nextWindow = counters.TryAcquire(checks);

        Assert.All(passed, v => Assert.Null(v.Exceeded));
        Assert.Equal(checks[0], refused.Exceeded);
        Assert.Equal(TimeSpan.FromSeconds(3), refused.RetryAfter);
        Assert.Null(nextWindow.Exceeded);
    }

    [Fact]
    public void A_request_refused_by_one_limit_counts_on_none_of_the_others()
    {
        var counters = new LocalWindowCounters(_clock);
        var sale = Check(LimitScope.Sale, "sale:1", 3, 60);
        LimitCheck[] greedy = [Check(LimitScope.User, "user:greedy", 1, 60), sale];
        LimitCheck[] other = [Check(LimitScope.User, "user:other", 10, 60), sale];

        var greedyVerdicts = Enumerable.Range(0, 5).Select(_ => counters.TryAcquire(greedy)).ToList();
        var otherVerdicts = Enumerable.Range(0, 3).Select(_ => counters.TryAcquire(other)).ToList();

        Assert.Equal(1, greedyVerdicts.Count(v => v.Exceeded is null));
        Assert.All(greedyVerdicts.Skip(1), v => Assert.Equal(LimitScope.User, v.Exceeded?.Scope));
        Assert.Equal(2, otherVerdicts.Count(v => v.Exceeded is null));
        Assert.Equal(LimitScope.Sale, otherVerdicts[2].Exceeded?.Scope);
    }
}
