using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlashSale.Messaging.Outbox;
using FlashSale.Order.Data;
using FlashSale.Order.Tests.Orders;
using FlashSale.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.Order.Tests.Monitoring;

/// <summary>
/// The sale monitor's view of the order service (shared/FlashSale.Messaging/Monitoring), on real PostgreSQL and
/// RabbitMQ: its outbox as the relay sees it and its input queues as the broker reports them; admins only.
/// </summary>
public sealed class MessagingMonitorTests(OrderServiceFixture fixture) : IClassFixture<OrderServiceFixture>
{
    [Fact]
    public async Task An_admin_sees_the_unsent_outbox_rows_with_the_oldest_ones_age_and_the_services_queues()
    {
        var message = new OutboxMessage
        {
            MessageType = "monitor-probe",
            Body = "{}",
            Destination = "queue:monitor-probe",
            CreatedAt = DateTimeOffset.UtcNow.AddSeconds(-30),
            NextAttemptAt = DateTimeOffset.UtcNow.AddHours(1), // not due: the relay leaves it alone
        };
        using (var scope = fixture.Factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OrderDbContext>();
            db.Set<OutboxMessage>().Add(message);
            await db.SaveChangesAsync();
        }

        try
        {
            using var admin = fixture.Factory.CreateClientFor(TestTokens.Admin());
            var state = await admin.GetFromJsonAsync<JsonElement>("/api/admin/monitor/messaging");

            Assert.Equal("order", state.GetProperty("service").GetString());
            var outbox = state.GetProperty("outbox");
            Assert.True(outbox.GetProperty("unsent").GetInt64() >= 1);
            Assert.True(outbox.GetProperty("oldestUnsentSeconds").GetDouble() >= 29, $"oldest unsent {outbox.GetProperty("oldestUnsentSeconds")}");
            var queues = state.GetProperty("queues").EnumerateArray().ToDictionary(q => q.GetProperty("queue").GetString()!, q => q);
            Assert.Equal(["order-purchase-reserved", "order-saga"], queues.Keys.Order(StringComparer.Ordinal));
            Assert.All(queues.Values, q =>
            {
                Assert.Equal(0, q.GetProperty("messages").GetInt64());
                Assert.True(q.GetProperty("consumers").GetInt64() >= 1, "the service consumes its own queues");
            });
        }
        finally
        {
            using var scope = fixture.Factory.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<OrderDbContext>();
            db.Set<OutboxMessage>().Remove(await db.Set<OutboxMessage>().FindAsync(message.Id) ?? message);
            await db.SaveChangesAsync();
        }
    }

    [Fact]
    public async Task Shoppers_and_strangers_cannot_read_it()
    {
        using var shopper = fixture.Factory.CreateClientFor(TestTokens.Shopper("curious-shopper"));
        using var stranger = fixture.Factory.CreateClient();

        Assert.Equal(HttpStatusCode.Forbidden, (await shopper.GetAsync("/api/admin/monitor/messaging")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync("/api/admin/monitor/messaging")).StatusCode);
    }
}
