using System.Net.Http.Json;
using System.Text.Json;
using FlashSale.Contracts;
using FlashSale.Messaging.Outbox;
using FlashSale.Payment.Data;
using FlashSale.Payment.Payments;
using FlashSale.Payment.Provider;
using FlashSale.Testing;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.Payment.Tests;

/// <summary>
/// The payment service on real PostgreSQL + RabbitMQ; the test plays the order saga (<see cref="SagaOrders"/>). The simulated provider
/// declines user ids starting with "declined-" and amounts above 500; every provider call, every
/// consumed message and every SQL command is counted, so tests can tell "handled twice" from "charged twice".
/// </summary>
public class PaymentServiceFixture() : ServiceFixture<Program>("payment")
{
    public const string DeclinedUserPrefix = "declined-";
    public const decimal AmountLimit = 500m;

    public SagaOrders Orders => new(this);
    public CountingPaymentProvider Provider { get; private set; } = null!;
    public ConsumedMessages Consumed { get; } = new();
    public CommandCounter Commands { get; } = new();

    protected override IDictionary<string, string?> Overrides => new Dictionary<string, string?>
    {
        // Short, so the tests of an order that never arrives do not wait the default 5 s.
        ["Payments:Orders:ArrivalWait"] = "00:00:02",
        ["Payment:Provider:DeclineUserIdsStartingWith"] = DeclinedUserPrefix,
        ["Payment:Provider:DeclineAmountsAbove"] = "500",
    };

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<IPaymentProvider>(sp =>
            Provider = new CountingPaymentProvider(sp.GetRequiredService<SimulatedPaymentProvider>()));
        services.AddConsumeObserver(_ => Consumed);
        services.AddSingleton<IInterceptor>(Commands);
    }

    public HttpClient Shopper(string userId) => Factory.CreateClientFor(TestTokens.Shopper(userId));

    public static async Task<HttpResponseMessage> PostPaymentAsync(HttpClient client, long orderId, string? idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/orders/{orderId}/payment");
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(request);
    }

    /// <summary>A payable order of <paramref name="userId"/> and its accepted payment.</summary>
    public async Task<(AnnouncedOrder Order, long PaymentId)> PayAsync(string userId, decimal amount = 9.90m)
    {
        var order = await Orders.AddAsync(userId, amount);
        using var client = Shopper(userId);
        using var response = await PostPaymentAsync(client, order.Id, $"key-{Guid.NewGuid():N}");
        response.EnsureSuccessStatusCode();
        var accepted = await response.Content.ReadFromJsonAsync<PaymentAccepted>();
        return (order, long.Parse(accepted!.PaymentId, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Sends to the payment service's queue as the order saga does, with a chosen MessageId.</summary>
    public async Task SendAsync<T>(T message, Guid messageId) where T : class
    {
        var endpoint = await Factory.Services.GetRequiredService<IBus>().GetSendEndpoint(ServiceQueues.PaymentProviderAddress);
        await endpoint.Send(message, context => context.MessageId = messageId);
    }

    public async Task<OrderPayment?> PaymentAsync(long paymentId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PaymentDbContext>().Payments.AsNoTracking().FirstOrDefaultAsync(p => p.Id == paymentId);
    }

    public async Task<List<OrderPayment>> PaymentsOfOrderAsync(long orderId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PaymentDbContext>().Payments.AsNoTracking().Where(p => p.OrderId == orderId).ToListAsync();
    }

    /// <summary>The outbox rows of message type <typeparamref name="T"/> that match, with their rows.</summary>
    public async Task<List<(T Message, OutboxMessage Row)>> OutboxAsync<T>(Func<T, bool> match)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var type = typeof(T).AssemblyQualifiedName!;
        var rows = await scope.ServiceProvider.GetRequiredService<PaymentDbContext>().Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.MessageType == type).OrderBy(m => m.Id).ToListAsync();
        return rows.Select(r => (JsonSerializer.Deserialize<T>(r.Body, JsonSerializerOptions.Web)!, r)).Where(x => match(x.Item1)).ToList();
    }
}
