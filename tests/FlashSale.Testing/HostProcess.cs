using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace FlashSale.Testing;

/// <summary>
/// One FlashSale host (gateway or service) as a real OS process, started from the solution's build
/// output, so tests can kill it mid-flight and start it again.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly string _dll;
    private readonly Dictionary<string, string?> _settings;
    private readonly List<string> _output = [];
    private Process? _process;

    public HostProcess(string name, string projectPath, IDictionary<string, string?> settings, int? port = null)
    {
        Name = name;
        Port = port ?? FreePort();
        var project = Path.GetFileName(projectPath);
        _dll = Path.Combine(RepositoryRoot.Path, projectPath, "bin", RepositoryRoot.BuildConfiguration, "net10.0", project + ".dll");
        _settings = new Dictionary<string, string?>(settings);
    }

    public string Name { get; }
    public int Port { get; }
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");
    public bool IsRunning => _process is { HasExited: false };

    public IReadOnlyList<string> RecentOutput
    {
        get { lock (_output) { return _output.TakeLast(40).ToList(); } }
    }

    /// <summary>More settings before the first start (e.g. the other hosts' addresses, known once all have ports).</summary>
    public void AddSettings(IDictionary<string, string?> settings)
    {
        foreach (var (key, value) in settings)
        {
            _settings[key] = value;
        }
    }

    public void Start()
    {
        if (!File.Exists(_dll))
        {
            throw new FileNotFoundException($"{_dll} is missing: build the solution first (dotnet build -c {RepositoryRoot.BuildConfiguration}).");
        }

        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(_dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(_dll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(BaseAddress.ToString());
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = null;
        foreach (var (key, value) in _settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {Name}.");
        _process.OutputDataReceived += (_, e) => Remember(e.Data);
        _process.ErrorDataReceived += (_, e) => Remember(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>SIGKILL: the process gets no chance to clean up, like a crash or an OOM kill.</summary>
    public async Task KillAsync()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    /// <summary>Waits until GET path answers 200, failing with the host's last output if it does not (or if the host exits).</summary>
    public async Task WaitUntilHealthyAsync(string path = "/health/ready", TimeSpan? timeout = null)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            await Eventually.HoldsAsync(() => HealthAsync(http, path), answer => answer == "200", $"{Name} {path} to answer 200",
                timeout ?? TimeSpan.FromSeconds(180));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{string.Join('\n', RecentOutput)}", e);
        }
    }

    /// <summary>The status code and body of one health check, or why there was none; throws once the process is gone.</summary>
    private async Task<string> HealthAsync(HttpClient http, string path)
    {
        if (_process is null || _process.HasExited)
        {
            throw new InvalidOperationException($"{Name} exited (code {_process?.ExitCode}):\n{string.Join('\n', RecentOutput)}");
        }

        try
        {
            using var response = await http.GetAsync(path);
            return response.StatusCode == HttpStatusCode.OK ? "200" : $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return e.Message;
        }
    }

    public async ValueTask DisposeAsync() => await KillAsync();

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
            if (_output.Count > 400)
            {
                _output.RemoveRange(0, 200);
            }
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
