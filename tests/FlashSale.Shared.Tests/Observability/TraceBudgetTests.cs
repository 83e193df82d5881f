using System.Diagnostics;
using FlashSale.ServiceDefaults.Observability;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry.Trace;

namespace FlashSale.Shared.Tests.Observability;

public sealed class TraceBudgetTests
{
    [Fact]
    public void A_burst_keeps_one_seconds_worth_of_traces_then_the_steady_rate()
    {
        var time = new FakeTimeProvider();
        var budget = new TraceBudget(20, time);

        Assert.Equal(20, Enumerable.Range(0, 1000).Count(_ => budget.TryTake()));

        time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(10, Enumerable.Range(0, 1000).Count(_ => budget.TryTake()));
    }

    [Fact]
    public void A_quiet_minute_does_not_bank_more_than_one_second()
    {
        var time = new FakeTimeProvider();
        var budget = new TraceBudget(5, time);

        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(5, Enumerable.Range(0, 100).Count(_ => budget.TryTake()));
    }

    [Fact]
    public void Zero_keeps_every_trace()
    {
        var budget = new TraceBudget(0, new FakeTimeProvider());

        Assert.True(Enumerable.Range(0, 10_000).All(_ => budget.TryTake()));
    }

    [Fact]
    public void Roots_are_kept_within_the_budget_children_follow_their_parent_and_background_client_calls_are_dropped()
    {
        var time = new FakeTimeProvider();
        var sampler = BackgroundCallSampler.Create(new TraceBudget(1, time));

        Assert.Equal(SamplingDecision.RecordAndSample, Decide(sampler, ActivityKind.Server, parent: default));
        Assert.Equal(SamplingDecision.Drop, Decide(sampler, ActivityKind.Server, parent: default));
        Assert.Equal(SamplingDecision.Drop, Decide(sampler, ActivityKind.Client, parent: default));

        var sampledParent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);
        Assert.Equal(SamplingDecision.RecordAndSample, Decide(sampler, ActivityKind.Consumer, sampledParent));

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(SamplingDecision.Drop, Decide(sampler, ActivityKind.Client, parent: default));
        Assert.Equal(SamplingDecision.RecordAndSample, Decide(sampler, ActivityKind.Consumer, parent: default));
    }

    private static SamplingDecision Decide(Sampler sampler, ActivityKind kind, ActivityContext parent) =>
        sampler.ShouldSample(new SamplingParameters(parent, ActivityTraceId.CreateRandom(), "span", kind)).Decision;
}
