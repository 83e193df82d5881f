using System.Globalization;
using System.Net.Http.Json;
using FlashSale.Contracts;
using FlashSale.Inventory.Caching;
using FlashSale.Inventory.Data;
using FlashSale.Inventory.PurchaseTokens;
using FlashSale.Inventory.Sales;
using FlashSale.Inventory.StockStrategies;
using FlashSale.Inventory.Tests.StockLedger;
using FlashSale.Messaging.Inbox;
using FlashSale.Messaging.Outbox;
using FlashSale.Testing;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace FlashSale.Inventory.Tests.Purchases;

/// <summary>
/// Two inventory instances on the same PostgreSQL database, Redis prefix and RabbitMQ vhost, using the
/// stock strategy a subclass names.
/// </summary>
public abstract class TwoInstancesFixture : IAsyncLifetime
{
    public abstract string Strategy { get; }

    protected virtual IDictionary<string, string?> StrategySettings => new Dictionary<string, string?>();

    private TestScope? _scope;
    private readonly List<ServiceFactory<Program>> _instances = [];
    private Lazy<Task<SagaReplies>>? _saga;

    public TestScope Scope => _scope!;
    public IReadOnlyList<ServiceFactory<Program>> Instances => _instances;

    /// <summary>Stands in for the order saga: the replies inventory sends to its queue, received from the first use on.</summary>
    public Task<SagaReplies> SagaAsync() => _saga!.Value;

    public async Task InitializeAsync()
    {
        _scope = await TestScope.CreateAsync();
        for (var i = 1; i <= 2; i++)
        {
            var settings = new Dictionary<string, string?>(StrategySettings)
            {
                ["WarmUp:Interval"] = "01:00:00",
                ["WarmUp:Window"] = "02:00:00",
                ["BloomFilter:ExpectedItems"] = "100000",
                ["Purchases:Strategy"] = Strategy,
                ["Reconciliation:Interval"] = "01:00:00",
            };
            foreach (var (key, value) in StrategySettings)
            {
                settings[key] = value;
            }

            var instance = new ServiceFactory<Program>(_scope, "inventory", settings);
            instance.CreateClient().Dispose();
            _instances.Add(instance);
        }

        _saga = new Lazy<Task<SagaReplies>>(() => SagaReplies.ConnectAsync(_instances[0].Services.GetRequiredService<IBus>()));
    }

    public async Task<SaleResponse> CreateSaleAsync(int stock, int perUserLimit, DateTimeOffset? startsAt = null)
    {
        using var admin = _instances[0].CreateClientFor(TestTokens.Admin());
        var start = startsAt ?? DateTimeOffset.UtcNow.AddSeconds(-1);
        var response = await admin.PostAsJsonAsync("/api/admin/sales", new
        {
            sku = "SKU-P",
            name = "Purchase test",
            price = 4.50m,
            stock,
            startsAt = start,
            endsAt = start.AddHours(1),
            perUserLimit,
        });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<SaleResponse>())!;
    }

    public static async Task<string> TokenAsync(HttpClient shopper, string saleId)
    {
        var response = await shopper.PostAsync($"/api/sales/{saleId}/purchase-token", null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<PurchaseToken>())!.Token;
    }

    /// <summary>The sale's purchase path, as its purchase tokens give it (also for sales that have not started or do not exist).</summary>
    public string PurchaseUrl(string saleId) =>
        _instances[0].Services.GetRequiredService<PurchaseAddress>().Path(long.Parse(saleId, CultureInfo.InvariantCulture));

    /// <summary>POST /api/sales/{id}/purchases/{address}; a null key or token is left out of the request.</summary>
    public Task<HttpResponseMessage> PurchaseAsync(HttpClient client, string saleId, string? key, string? token, int quantity)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, PurchaseUrl(saleId))
        {
            Content = JsonContent.Create(new { token, quantity }),
        };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return client.SendAsync(request);
    }

    /// <summary>One unit for <paramref name="user"/> through instance <paramref name="instance"/>, with a fresh purchase token.</summary>
    public async Task<HttpResponseMessage> BuyAsync(int instance, string user, string saleId, string key)
    {
        using var client = _instances[instance].CreateClientFor(TestTokens.Shopper(user));
        return await PurchaseAsync(client, saleId, key, await TokenAsync(client, saleId), 1);
    }

    /// <summary>Where the strategy records admitted reservations durably: the sale's Redis stream.</summary>
    public virtual Task<long> RecordedReservationsAsync(long saleId) =>
        Redis().StreamLengthAsync(Keys().Reservations(saleId));

    /// <summary>True when every recorded reservation was sent with a confirm and acknowledged.</summary>
    public virtual async Task<bool> AllHandedOverAsync(long saleId)
    {
        var stream = Keys().Reservations(saleId);
        var groups = await Redis().StreamGroupInfoAsync(stream);
        var last = (await Redis().StreamInfoAsync(stream)).LastGeneratedId;
        return groups.Length == 1 && groups[0].PendingMessageCount == 0 && groups[0].LastDeliveredId == last;
    }

    /// <summary>The strategy's authoritative remaining stock.</summary>
    public virtual async Task<long> RemainingStockAsync(long saleId) => (long)await Redis().StringGetAsync(Keys().Stock(saleId));

    protected IDatabase Redis() => _instances[0].Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();

    protected SaleKeys Keys() => _instances[0].Services.GetRequiredService<SaleKeys>();

    public static InventoryDbContext Database(IServiceScope scope) => scope.ServiceProvider.GetRequiredService<InventoryDbContext>();

    /// <summary>Sends a saga command to inventory's queue through instance <paramref name="instance"/>, with the given MessageId (redelivery) or a new one.</summary>
    public async Task<Guid> SendAsync<T>(T command, Guid? messageId = null, int instance = 0) where T : class
    {
        var id = messageId ?? NewId.NextGuid();
        var endpoint = await _instances[instance].Services.GetRequiredService<IBus>().GetSendEndpoint(ServiceQueues.InventoryStockAddress);
        await endpoint.Send(command, context => context.MessageId = id);
        return id;
    }

    /// <summary>Waits until inventory has handled (inbox) every one of these message ids.</summary>
    public async Task WaitForHandledAsync(IEnumerable<Guid> messageIds)
    {
        var ids = messageIds.Distinct().ToArray();
        await Eventually.HoldsAsync(async () =>
        {
            await using var scope = _instances[0].Services.CreateAsyncScope();
            return await Database(scope).Set<InboxMessage>().CountAsync(m => ids.Contains(m.MessageId));
        }, handled => handled == ids.Length, $"inventory to handle all {ids.Length} commands (inbox rows)");
    }

    /// <summary>The orders' PostgreSQL statuses (orders without a row are left out).</summary>
    public async Task<Dictionary<long, ReservationStatus>> StatusesAsync(IEnumerable<long> orderIds)
    {
        var ids = orderIds.ToArray();
        await using var scope = _instances[0].Services.CreateAsyncScope();
        return await Database(scope).Reservations.AsNoTracking().Where(r => ids.Contains(r.OrderId)).ToDictionaryAsync(r => r.OrderId, r => r.Status);
    }

    /// <summary>Waits until every order has the expected PostgreSQL status.</summary>
    public async Task WaitForStatusesAsync(IReadOnlyDictionary<long, ReservationStatus> expected, TimeSpan? timeout = null)
    {
        var actual = await Eventually.HoldsAsync(() => StatusesAsync(expected.Keys),
            statuses => expected.All(e => statuses.TryGetValue(e.Key, out var status) && status == e.Value),
            $"the orders to reach their statuses: {string.Join(", ", expected.OrderBy(e => e.Key))}", timeout);
        Assert.Equal(expected.OrderBy(e => e.Key), actual.OrderBy(e => e.Key));
    }

    /// <summary>GET /api/admin/sales/{id}/stock.</summary>
    public async Task<SaleStockResponse> StockAsync(string saleId, int instance = 0)
    {
        using var admin = _instances[instance].CreateClientFor(TestTokens.Admin());
        return (await admin.GetFromJsonAsync<SaleStockResponse>($"/api/admin/sales/{saleId}/stock"))!;
    }

    /// <summary>
    /// Waits until every outbox message (replies, fan-out events, reservations) was sent. The queues are left out:
    /// the saga's and order's queues have no consumer here and keep what they get.
    /// </summary>
    public Task WaitForOutboxAsync() => SagaQuiet.WaitAsync(Scope, ["inventory"], queues: []);

    /// <summary>Deletes the sale's keys and the orders' index keys, as a Redis flush (or failover to an empty replica) would.</summary>
    public async Task FlushSaleAsync(long saleId, IEnumerable<long> orderIds)
    {
        var server = _instances[0].Services.GetRequiredService<IConnectionMultiplexer>().GetServers()[0];
        var doomed = new List<RedisKey>(orderIds.Select(id => (RedisKey)Keys().ReservationIndex(id)));
        await foreach (var key in server.KeysAsync(pattern: $"{Keys().Prefix}sale:{{{saleId}}}*"))
        {
            doomed.Add(key);
        }

        await Redis().KeyDeleteAsync([.. doomed]);
        Assert.False(await Redis().KeyExistsAsync(Keys().Stock(saleId)));
    }

    /// <summary>Overwrites Redis's live stock of the sale (its total only), as a lost write or a bad manual fix would.</summary>
    public Task SetLiveStockAsync(long saleId, long units) => Redis().StringSetAsync(Keys().Stock(saleId), units);

    public async Task DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        if (_scope is not null)
        {
            await _scope.DisposeAsync();
        }
    }
}

public sealed class RedisLuaInstances : TwoInstancesFixture
{
    public override string Strategy => RedisLuaStrategy.Name;
}

public sealed class RedlockSegmentedInstances : TwoInstancesFixture
{
    public override string Strategy => RedlockSegmentedStrategy.Name;

    protected override IDictionary<string, string?> StrategySettings => new Dictionary<string, string?> { ["Purchases:Segments"] = "4" };
}

/// <summary>One segment with a short lease, so a paused holder loses its lock while another takes it.</summary>
public sealed class PausedHolderInstances : TwoInstancesFixture
{
    public override string Strategy => RedlockSegmentedStrategy.Name;

    protected override IDictionary<string, string?> StrategySettings => new Dictionary<string, string?>
    {
        ["Purchases:Segments"] = "1",
        ["Purchases:SegmentLockLease"] = "00:00:00.300",
    };
}

public sealed class PostgresRowLockInstances : TwoInstancesFixture
{
    public override string Strategy => PostgresRowLockStrategy.Name;

    public override async Task<long> RecordedReservationsAsync(long saleId)
    {
        await using var scope = Instances[0].Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<InventoryDbContext>().Reservations.LongCountAsync(r => r.SaleId == saleId);
    }

    /// <summary>Every outbox row was sent (confirmed) and marked so.</summary>
    public override async Task<bool> AllHandedOverAsync(long saleId)
    {
        await using var scope = Instances[0].Services.CreateAsyncScope();
        return !await scope.ServiceProvider.GetRequiredService<InventoryDbContext>().Set<OutboxMessage>().AnyAsync(m => m.SentAt == null);
    }

    public override async Task<long> RemainingStockAsync(long saleId)
    {
        await using var scope = Instances[0].Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<InventoryDbContext>().Sales.Where(s => s.Id == saleId).Select(s => s.AvailableStock).SingleAsync();
    }
}
