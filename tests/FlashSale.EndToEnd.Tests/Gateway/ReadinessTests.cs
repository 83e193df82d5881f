using System.Net;

namespace FlashSale.EndToEnd.Tests.Gateway;

[Collection(SharedSystem.Name)]
public sealed class ReadinessTests(FlashSaleSystemFixture fixture)
{
    [Theory]
    [InlineData("wallet")]
    [InlineData("order")]
    public async Task Killing_a_service_makes_the_gateway_unready_and_restarting_it_restores_readiness(string service)
    {
        var system = fixture.System;
        using var client = system.CreateGatewayClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        await system.Services[service].KillAsync();
        var whileDown = await client.GetAsync("/health/ready");
        var live = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, whileDown.StatusCode);
        Assert.Contains($"\"{service}\":{{\"status\":\"Unhealthy\"", await whileDown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);

        system.Services[service].Start();
        await system.Services[service].WaitUntilHealthyAsync();
        await system.Gateway.WaitUntilHealthyAsync(timeout: TimeSpan.FromSeconds(30));
    }
}
