using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace FlashSale.Testing;

/// <summary>
/// A stand-in for another service's HTTP API on a real loopback port, for testing one service alone.
/// Storage and messaging stay real; only the neighbour's answers are scripted.
/// </summary>
public sealed class FakeHttpPeer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeHttpPeer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<FakeHttpPeer> StartAsync(Action<IEndpointRouteBuilder> map)
    {
        var port = HostProcess.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return new FakeHttpPeer(app, new Uri($"http://127.0.0.1:{port}"));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
