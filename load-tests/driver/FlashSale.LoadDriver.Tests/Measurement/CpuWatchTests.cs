using System.Diagnostics;
using FlashSale.LoadDriver.Measurement;

namespace FlashSale.LoadDriver.Tests.Measurement;

[Collection(TimingSensitive.Name)]
public sealed class CpuWatchTests
{
    [Fact]
    public void The_driver_sees_its_own_busy_work_and_the_machine_total()
    {
        if (!CpuWatch.Available)
        {
            return; // Not Linux: the watch is off and reports nothing, which the next line would show.
        }

        var watch = new CpuWatch([new WatchedProcess("parent", [Environment.ProcessId])]);
        watch.Start();
        var until = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 2;
        var spins = 0L;
        while (Stopwatch.GetTimestamp() < until)
        {
            spins++;
        }

        var usage = watch.Stop()!;

        Assert.True(spins > 0);
        Assert.Equal(Environment.ProcessorCount, usage.MachineCores);
        var self = usage.Processes.Single(p => p.Label == CpuWatch.DriverLabel);
        // Half a second of spinning on a shared box (load 20 on 2 cores leaves it a tenth of one): a sliver at least.
        Assert.InRange(self.Cores, 0.01, Environment.ProcessorCount);
        Assert.InRange(usage.MachineBusyCores, 0.01, Environment.ProcessorCount + 0.01);
        Assert.Equal(self.Cores, usage.Processes.Single(p => p.Label == "parent").Cores, 2);
    }
}
