using FlashSale.Gateway.SoldOut;
using Microsoft.Extensions.Time.Testing;

namespace FlashSale.Gateway.Tests.SoldOut;

/// <summary>The gate's counting on its own (pure logic): places, waiters, giving up, closing.</summary>
public sealed class SaleStockGateTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(1);
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task As_many_go_on_as_units_are_left_and_a_refused_purchase_gives_its_place_to_the_next()
    {
        var gate = new SaleStockGate(unitsLeft: 2, beyond: 0, maxWaiting: 10, _time);
        Assert.Equal(GateEntry.Entered, await gate.EnterAsync(Long, default));
        Assert.Equal(GateEntry.Entered, await gate.EnterAsync(Long, default));
        var third = gate.EnterAsync(Long, default).AsTask();
        Assert.False(third.IsCompleted);

        gate.Exit(admitted: false);

        Assert.Equal(GateEntry.Entered, await third);
    }

    [Fact]
    public async Task A_unit_sold_leaves_one_place_fewer_and_with_none_left_one_probe_goes_when_nothing_is_on_its_way()
    {
        var gate = new SaleStockGate(unitsLeft: 1, beyond: 0, maxWaiting: 10, _time);
        Assert.Equal(GateEntry.Entered, await gate.EnterAsync(Long, default));
        var probe = gate.EnterAsync(Long, default).AsTask();
        var after = gate.EnterAsync(Long, default).AsTask();

        gate.Exit(admitted: true);

        Assert.Equal(GateEntry.Entered, await probe);
        Assert.False(after.IsCompleted);
        gate.Close();
        Assert.Equal(GateEntry.SoldOut, await after);
        Assert.Equal(GateEntry.SoldOut, await gate.EnterAsync(Long, default));
    }

    [Fact]
    public async Task A_waiter_past_its_longest_wait_passes_by_and_its_place_goes_to_the_next()
    {
        var gate = new SaleStockGate(unitsLeft: 1, beyond: 0, maxWaiting: 10, _time);
        Assert.Equal(GateEntry.Entered, await gate.EnterAsync(Long, default));
        var impatient = gate.EnterAsync(TimeSpan.FromSeconds(1), default).AsTask();
        var patient = gate.EnterAsync(Long, default).AsTask();

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(GateEntry.PassedBy, await impatient);
        gate.Exit(admitted: false);

        Assert.Equal(GateEntry.Entered, await patient);
    }

    [Fact]
    public async Task An_aborted_waiter_leaves_the_queue_and_a_full_queue_lets_the_next_pass_by()
    {
        var gate = new SaleStockGate(unitsLeft: 1, beyond: 0, maxWaiting: 1, _time);
        Assert.Equal(GateEntry.Entered, await gate.EnterAsync(Long, default));
        using var abort = new CancellationTokenSource();
        var aborted = gate.EnterAsync(Long, abort.Token).AsTask();
        Assert.Equal(GateEntry.PassedBy, await gate.EnterAsync(Long, default));

        await abort.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => aborted);
        gate.Exit(admitted: false);

        Assert.Equal(0, gate.Waiting);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(gate.IsIdleFor(TimeSpan.FromMilliseconds(500)), "nothing on its way and nobody waiting once the aborted waiter is gone");
        Assert.Equal(GateEntry.Entered, await gate.EnterAsync(Long, default));
    }

    [Fact]
    public async Task An_admission_the_count_had_no_unit_for_proves_it_stale_and_a_retired_gate_lets_everyone_on()
    {
        var gate = new SaleStockGate(unitsLeft: 1, beyond: 0, maxWaiting: 10, _time);
        Assert.Equal(GateEntry.Entered, await gate.EnterAsync(Long, default));
        var waiting = gate.EnterAsync(Long, default).AsTask();
        Assert.False(gate.Exit(admitted: true), "the count had this unit");
        Assert.Equal(GateEntry.Entered, await waiting); // the probe: nothing on its way

        var behindProbe = gate.EnterAsync(Long, default).AsTask();
        Assert.True(gate.Exit(admitted: true), "admitted with no unit left by the count");
        Assert.Equal(GateEntry.Entered, await behindProbe);

        var next = gate.EnterAsync(Long, default).AsTask();
        gate.Retire();
        Assert.Equal(GateEntry.PassedBy, await next);
        Assert.Equal(GateEntry.PassedBy, await gate.EnterAsync(Long, default));
    }
}
