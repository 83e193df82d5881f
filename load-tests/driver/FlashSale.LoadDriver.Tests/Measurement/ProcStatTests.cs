using FlashSale.LoadDriver.Measurement;

namespace FlashSale.LoadDriver.Tests.Measurement;

public sealed class ProcStatTests
{
    [Fact]
    public void A_process_line_gives_parent_and_user_plus_system_ticks_whatever_its_name()
    {
        // Field 2 holds spaces and a ')' of its own, as a process may name itself anything.
        const string line = "4242 (dotnet (x) y) S 1 4242 4242 0 -1 4194560 2000 0 0 0 1500 250 0 0 20 0 30 0 12345 0 0";

        Assert.Equal((1, 1750L), ProcStat.ParseProcess(line));
    }

    [Fact]
    public void The_machine_line_counts_iowait_as_idle()
    {
        const string line = "cpu  100 20 30 400 50 6 4 0 0 0";

        Assert.Equal((160L, 610L), ProcStat.ParseMachine(line));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("12 (x) S 1 2")]
    public void Unreadable_process_lines_give_nothing(string line)
    {
        Assert.Null(ProcStat.ParseProcess(line));
    }

    [Fact]
    public void Watched_processes_are_given_as_label_and_pids()
    {
        Assert.Equal(["postgres", "1", "2"], Flatten(WatchedProcess.Parse("postgres=1,2")));
        Assert.Throws<FlashSale.LoadDriver.Cli.UsageException>(() => WatchedProcess.Parse("redis"));
        Assert.Throws<FlashSale.LoadDriver.Cli.UsageException>(() => WatchedProcess.Parse("redis=abc"));
    }

    private static string[] Flatten(WatchedProcess process) => [process.Label, .. process.Pids.Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture))];
}
