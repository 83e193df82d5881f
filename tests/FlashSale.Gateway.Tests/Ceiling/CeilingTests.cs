using System.Net.Http.Json;
using System.Text.Json;
using FlashSale.Testing;

namespace FlashSale.Gateway.Tests.Ceiling;

/// <summary>
/// The bench's ceiling (tools/FlashSale.Ceiling) as real processes: the bare proxy forwards to the origin, which
/// answers GET /api/time as inventory does, so the bench measures the same request through it as through the gateway.
/// </summary>
public sealed class CeilingTests : IAsyncLifetime
{
    // Origin first, proxy second; a list, as the processes are disposed in DisposeAsync (tests/FlashSale.Gateway.Tests/Edge/EdgeTests.cs does the same).
    private readonly List<HostProcess> _processes = [];

    public async Task InitializeAsync()
    {
        var origin = new HostProcess("ceiling-origin", "tools/FlashSale.Ceiling", new Dictionary<string, string?>());
        _processes.Add(origin);
        origin.Start();
        await origin.WaitUntilHealthyAsync("/api/time");
        var proxy = new HostProcess("ceiling-proxy", "tools/FlashSale.Ceiling", new Dictionary<string, string?> { ["Ceiling:Origin"] = origin.BaseAddress.ToString() });
        _processes.Add(proxy);
        proxy.Start();
        await proxy.WaitUntilHealthyAsync("/api/time");
    }

    public async Task DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(_processes))
        {
            await process.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_proxy_passes_the_server_time_through_unchanged_and_nothing_else_is_served()
    {
        using var http = new HttpClient { BaseAddress = _processes[1].BaseAddress };

        var response = await http.GetAsync("/api/time");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        response.EnsureSuccessStatusCode();
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.InRange(body.GetProperty("now").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync("/api/sales")).StatusCode);
    }
}
