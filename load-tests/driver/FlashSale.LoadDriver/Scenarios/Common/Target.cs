using FlashSale.LoadDriver.Api;
using FlashSale.LoadDriver.Auth;
using FlashSale.LoadDriver.Cli;
using FlashSale.LoadDriver.Http;
using FlashSale.LoadDriver.Measurement;

namespace FlashSale.LoadDriver.Scenarios.Common;

/// <summary>The system under test as the common options describe it, with a client for setup calls.</summary>
public sealed class Target : IDisposable
{
    private Target(Uri gateway, TimeSpan timeout, DevJwt jwt, string? outPath)
    {
        Gateway = gateway;
        Timeout = timeout;
        OutPath = outPath;
        SetupClient = LoadHttp.Create(64);
        Api = new GatewayApi(SetupClient, gateway, jwt, timeout);
    }

    public Uri Gateway { get; }

    public TimeSpan Timeout { get; }

    public string? OutPath { get; }

    public HttpMessageInvoker SetupClient { get; }

    public GatewayApi Api { get; }

    public static Target From(ParsedOptions options)
    {
        DevJwt jwt;
        try
        {
            var key = options.Text(CommonOptions.SigningKey.Name);
            jwt = key == "dev" ? DevJwt.Development() : DevJwt.FromPem(File.ReadAllText(key));
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--{CommonOptions.SigningKey.Name}: {e.Message}");
        }

        return new Target(
            options.Url(CommonOptions.Gateway.Name),
            options.Duration(CommonOptions.Timeout.Name, TimeSpan.FromMilliseconds(1)),
            jwt,
            options.OptionalString(CommonOptions.Out.Name));
    }

    public static CpuWatch? Watch(ParsedOptions options)
    {
        var watched = options.All(CommonOptions.Watch.Name).Select(WatchedProcess.Parse).ToList();
        return watched.Count > 0 && CpuWatch.Available ? new CpuWatch(watched) : null;
    }

    public void Dispose() => SetupClient.Dispose();
}
