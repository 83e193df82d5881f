using System.Diagnostics;

namespace FlashSale.Testing;

/// <summary>
/// The Aspire dashboard as a real process on free loopback ports, exactly as `./flashsale.sh up` runs it (the same
/// executable, found by ops/dashboard.sh, and the same settings): hosts export to <see cref="OtlpEndpoint"/> and tests
/// read what arrived through its telemetry API at <see cref="BaseAddress"/>.
/// </summary>
public sealed class DashboardProcess : IAsyncDisposable
{
    private readonly Process _process;

    private DashboardProcess(Process process, int port, int otlpPort)
    {
        _process = process;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        OtlpEndpoint = new Uri($"http://127.0.0.1:{otlpPort}");
    }

    public Uri BaseAddress { get; }

    /// <summary>OTLP over gRPC, what the hosts' exporter speaks by default.</summary>
    public Uri OtlpEndpoint { get; }

    /// <summary>What a host needs to export here, promptly (a span batch every 500 ms, metrics every 2 s), and every trace.</summary>
    public IDictionary<string, string?> ExportSettings => new Dictionary<string, string?>
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = OtlpEndpoint.ToString(),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "500",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "2000",
        ["Telemetry:TracesPerSecond"] = "0", // every trace: a test reads back the one it made
    };

    public static async Task<DashboardProcess> StartAsync()
    {
        var executable = await OpsShell.RunAsync("source ops/dashboard.sh && dashboard_executable");
        if (!File.Exists(executable))
        {
            throw new FileNotFoundException($"{executable} is missing: restore the solution (FlashSale.AppHost brings the dashboard package).");
        }

        int port = HostProcess.FreePort(), grpc = HostProcess.FreePort(), http = HostProcess.FreePort();
        var info = new ProcessStartInfo(executable)
        {
            WorkingDirectory = Path.GetDirectoryName(executable)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["DASHBOARD__OTLP__GRPCENDPOINTURL"] = $"http://127.0.0.1:{grpc}";
        info.Environment["DASHBOARD__OTLP__HTTPENDPOINTURL"] = $"http://127.0.0.1:{http}";
        info.Environment["DASHBOARD__FRONTEND__AUTHMODE"] = "Unsecured";
        info.Environment["DASHBOARD__OTLP__AUTHMODE"] = "Unsecured";
        info.Environment["DASHBOARD__API__ENABLED"] = "true";
        info.Environment["DASHBOARD__API__AUTHMODE"] = "Unsecured";
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the dashboard.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var dashboard = new DashboardProcess(process, port, grpc);
        using var probe = new HttpClient { BaseAddress = dashboard.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        await Eventually.HoldsAsync(async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The dashboard exited (code {process.ExitCode}).");
            }

            try
            {
                return (await probe.GetAsync("/api/telemetry/resources")).IsSuccessStatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }, "the dashboard's telemetry API to answer", TimeSpan.FromSeconds(60));
        return dashboard;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
