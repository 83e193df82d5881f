using FlashSale.LoadDriver.Cli;
using FlashSale.LoadDriver.Report;
using FlashSale.LoadDriver.Scenarios.Baseline;
using FlashSale.LoadDriver.Scenarios.Chaos;
using FlashSale.LoadDriver.Scenarios.Demo;
using FlashSale.LoadDriver.Scenarios.Expiry;
using FlashSale.LoadDriver.Scenarios.HumanCheck;
using FlashSale.LoadDriver.Scenarios.Latency;
using FlashSale.LoadDriver.Scenarios.SaleView;
using FlashSale.LoadDriver.Scenarios.Settle;
using FlashSale.LoadDriver.Scenarios.Spike;
using FlashSale.LoadDriver.Scenarios.Throughput;
using FlashSale.LoadDriver.Scenarios.Verify;

return await CommandRunner.RunAsync(
[
    new SpikeCommand(),
    new BaselineCommand(),
    new ThroughputCommand(),
    new SaleViewCommand(),
    new TokenCommand(),
    new SolveCostCommand(),
    new LatencyCommand(),
    new SettleCommand(),
    new ExpiryCommand(),
    new DemoCommand(),
    new ChaosCommand(),
    new VerifyCommand(),
    new ReportCommand(),
], args);
