using System.Collections.Concurrent;
using System.Text.Json;
using FlashSale.Contracts;
using FlashSale.Contracts.Funds;
using FlashSale.Messaging.Bundles;
using FlashSale.Testing;
using FlashSale.Wallet.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.Wallet.Tests.Funds;

/// <summary>
/// The wallet host with probes on its real bus: a listener standing in for the order saga's queue, one on
/// the wallet's error queue, and the consumes finished per message id. Connected on first use.
/// </summary>
public sealed class WalletBusFixture : WalletServiceFixture
{
    private readonly Lock _gate = new();
    private Task<QueueRecorder>? _sagaReplies;
    private Task<QueueRecorder>? _walletErrors;
    private ConsumedMessages? _consumes;

    public IBus Bus => Factory.Services.GetRequiredService<IBus>();

    public Task<QueueRecorder> SagaRepliesAsync()
    {
        lock (_gate)
        {
            return _sagaReplies ??= QueueRecorder.ConnectAsync(Bus, ServiceQueues.OrderSaga, (e, r) =>
            {
                r.Record<FundsFrozen>(e);
                r.Record<FundsFreezeRefused>(e);
                r.Record<FundsUnfrozen>(e);
            });
        }
    }

    public Task<QueueRecorder> WalletErrorsAsync()
    {
        lock (_gate)
        {
            return _walletErrors ??= QueueRecorder.ConnectAsync(Bus, ServiceQueues.WalletFunds + "_error", (e, r) =>
            {
                r.Record<FreezeFunds>(e);
                r.Record<ChargeFrozenFunds>(e);
                r.Record<UnfreezeFunds>(e);
            });
        }
    }

    public ConsumedMessages Consumes
    {
        get
        {
            lock (_gate)
            {
                if (_consumes is null)
                {
                    _consumes = new ConsumedMessages();
                    Bus.ConnectConsumeObserver(_consumes);
                }

                return _consumes;
            }
        }
    }

    /// <summary>
    /// Sends a command to the wallet's queue as the saga would, with the given MessageId. A freeze's order is announced
    /// first with the freeze's user and amount, as the order service does when it creates the order
    /// (<see cref="SagaOwnedFreezeTests"/> covers freezes that do not match).
    /// </summary>
    public async Task SendAsync<T>(T command, Guid messageId) where T : class
    {
        if (command is FreezeFunds freeze)
        {
            await AnnounceAsync(freeze.OrderId, freeze.UserId, freeze.Amount);
        }

        var endpoint = await Bus.GetSendEndpoint(ServiceQueues.WalletFundsAddress);
        await endpoint.Send(command, c => c.MessageId = messageId);
    }

    /// <summary>The wallet's record of an order the saga created (what OrdersAwaitingPaymentConsumer stores), written directly, once.</summary>
    public async Task AnnounceAsync(long orderId, string userId, decimal amount)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WalletDbContext>();
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO saga_orders (order_id, user_id, amount, announced_at) VALUES ({orderId}, {userId}, {amount}, {DateTimeOffset.UtcNow})
            ON CONFLICT (order_id) DO NOTHING
            """);
    }
}

/// <summary>Everything that arrives on one queue of the test's vhost.</summary>
public sealed class QueueRecorder
{
    private readonly ConcurrentQueue<object> _messages = new();
    private readonly ConcurrentDictionary<string, Type> _recorded = new(StringComparer.Ordinal);

    public IReadOnlyList<object> Messages => [.. _messages];

    /// <summary>Listens on <paramref name="queue"/>: the types <paramref name="handlers"/> record, alone or in a relay's bundle.</summary>
    public static async Task<QueueRecorder> ConnectAsync(IBus bus, string queue, Action<IReceiveEndpointConfigurator, QueueRecorder> handlers)
    {
        var recorder = new QueueRecorder();
        var handle = bus.ConnectReceiveEndpoint(queue, e =>
        {
            handlers(e, recorder);
            e.Handler<MessageBundle>(context =>
            {
                if (recorder._recorded.TryGetValue(context.Message.MessageType, out var type))
                {
                    foreach (var item in context.Message.Messages)
                    {
                        recorder._messages.Enqueue(item.Body.Deserialize(type, JsonSerializerOptions.Web)!);
                    }
                }

                return Task.CompletedTask;
            });
        });
        await handle.Ready;
        return recorder;
    }

    public void Record<T>(IReceiveEndpointConfigurator endpoint) where T : class
    {
        _recorded[typeof(T).FullName!] = typeof(T);
        endpoint.Handler<T>(context =>
        {
            _messages.Enqueue(context.Message);
            return Task.CompletedTask;
        });
    }

    public IReadOnlyList<T> All<T>(Func<T, bool> match) => Messages.OfType<T>().Where(match).ToList();

    public async Task<T> WaitForAsync<T>(Func<T, bool> match, TimeSpan? timeout = null) =>
        (await Eventually.HoldsAsync(() => Task.FromResult(Messages), messages => messages.OfType<T>().Any(match),
            $"a matching {typeof(T).Name} to arrive", timeout)).OfType<T>().First(match);
}
