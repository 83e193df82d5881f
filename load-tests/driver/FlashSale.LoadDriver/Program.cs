using FlashSale.LoadDriver.Cli;
using FlashSale.LoadDriver.Report;
using FlashSale.LoadDriver.Scenarios.Baseline;
using FlashSale.LoadDriver.Scenarios.Latency;
using FlashSale.LoadDriver.Scenarios.Spike;
using FlashSale.LoadDriver.Scenarios.Throughput;

return await CommandRunner.RunAsync(
[
    new SpikeCommand(),
    new BaselineCommand(),
    new ThroughputCommand(),
    new LatencyCommand(),
    new ReportCommand(),
], args);
