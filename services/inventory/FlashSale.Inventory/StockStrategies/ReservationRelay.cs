using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using FlashSale.BuildingBlocks.Signals;
using FlashSale.Contracts.Purchases;
using FlashSale.Inventory.Caching;
using FlashSale.Inventory.Data;
using FlashSale.Messaging.Bundles;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FlashSale.Inventory.StockStrategies;

/// <summary>
/// Moves admitted reservations from each sale's Redis stream to the order service's durable queue.
/// An entry is acknowledged (XACK) only after RabbitMQ confirmed the message, so a crash at any point
/// re-sends it (at least once; the order service deduplicates by order id). A restarted relay first
/// re-sends its own unacknowledged entries, and entries of a relay that died are claimed after a while.
/// New entries of every relayed sale are read in one XREADGROUP per pass; an admission in this process
/// wakes the relay (and adds its sale at once), so the idle polling only covers other replicas' admissions.
/// </summary>
public sealed class ReservationRelay(
    IConnectionMultiplexer redis,
    SaleKeys keys,
    IServiceScopeFactory scopes,
    IBus bus,
    IOptions<ReservationRelayOptions> options,
    IConfiguration configuration,
    TimeProvider time,
    ILogger<ReservationRelay> logger) : BackgroundService
{
    public const string ConsumerGroup = "relay";
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(10);

    private readonly string _consumer = options.Value.ConsumerName ?? DefaultConsumerName(configuration);
    private readonly HashSet<long> _recovered = [];
    private readonly ConcurrentDictionary<long, byte> _admittedSales = new();
    private readonly WakeUpSignal _wakeUp = new();
    private long[] _sales = [];
    private DateTimeOffset _salesRefreshedAt = DateTimeOffset.MinValue;
    private DateTimeOffset _lastClaimAt = DateTimeOffset.MinValue;

    /// <summary>
    /// Stable across restarts of one instance (host name and listening address), so a restarted relay re-sends its own
    /// unacknowledged entries at once instead of waiting <see cref="ReservationRelayOptions.ClaimAfter"/> for a claim.
    /// An instance without a configured address (in-process tests) gets a name of its own.
    /// </summary>
    public static string DefaultConsumerName(IConfiguration configuration) =>
        $"relay-{Environment.MachineName}-{configuration["urls"] ?? configuration["ASPNETCORE_URLS"] ?? Guid.NewGuid().ToString("N")}";
    /// <summary>The sales whose streams this relay reads (started, not ended longer ago than the drain time).</summary>
    public IReadOnlyList<long> RelayedSales => _sales;

    /// <summary>An admission of <paramref name="saleId"/> was written to its stream: relay it now.</summary>
    public void Wake(long saleId)
    {
        _admittedSales.TryAdd(saleId, 0);
        _wakeUp.Notify();
    }

    public override void Dispose()
    {
        _wakeUp.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var moved = 0;
            try
            {
                moved = await RelayOnceAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Relaying reservations failed; unacknowledged entries are retried");
                // Entries this relay read but did not acknowledge (Redis or RabbitMQ lost mid-pass) sit in its pending
                // list, where a new-entries read never looks: read its own pending entries again on the next pass, so
                // they go out as soon as both are back instead of waiting to be claimed (ClaimAfter).
                _recovered.Clear();
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }

            if (moved == 0)
            {
                await _wakeUp.WaitAsync(options.Value.IdleDelay, stoppingToken);
            }

            if (moved < options.Value.BatchSize && options.Value.Linger > TimeSpan.Zero)
            {
                await Task.Delay(options.Value.Linger, time, stoppingToken);
            }
        }
    }

    /// <summary>One pass over every relayed sale; returns how many reservations were handed over.</summary>
    public async Task<int> RelayOnceAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (now - _salesRefreshedAt > options.Value.SaleRefreshInterval)
        {
            _sales = await RelayedSalesAsync(now, ct);
            _salesRefreshedAt = now;
        }

        foreach (var saleId in _admittedSales.Keys)
        {
            _admittedSales.TryRemove(saleId, out _);
            if (!_sales.Contains(saleId))
            {
                _sales = [.. _sales, saleId];
            }
        }

        var claim = now - _lastClaimAt > options.Value.ClaimAfter / 2;
        if (claim)
        {
            _lastClaimAt = now;
        }

        if (_sales.Length == 0)
        {
            return 0;
        }

        var db = redis.GetDatabase();
        try
        {
            var moved = 0;
            foreach (var saleId in _sales)
            {
                // Rare: a sale seen for the first time (its group, this relay's unacknowledged entries), and claims.
                moved += await SendAsync(db, saleId, await PendingEntriesAsync(db, saleId, claim));
            }

            var positions = _sales.Select(saleId => new StreamPosition(keys.Reservations(saleId), StreamPosition.NewMessages)).ToArray();
            var streams = await db.StreamReadGroupAsync(positions, ConsumerGroup, _consumer, options.Value.BatchSize);
            for (var i = 0; i < streams.Length; i++)
            {
                moved += await SendAsync(db, streams[i].Key, streams[i].Entries);
            }

            return moved;
        }
        catch (RedisServerException e) when (e.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
        {
            // Redis lost a stream and its group (a flush): start over on the next pass, from the first entry
            // the new stream gets. Entries written before the flush are gone with it.
            logger.LogWarning("A reservation stream lost its consumer group ({Error}); recreating the groups", e.Message);
            _recovered.Clear();
            return 0;
        }
    }

    private async Task<StreamEntry[]> PendingEntriesAsync(IDatabase db, long saleId, bool claimAbandoned)
    {
        var stream = keys.Reservations(saleId);
        if (_recovered.Add(saleId))
        {
            await EnsureGroupAsync(db, stream);
            return await db.StreamReadGroupAsync(stream, ConsumerGroup, _consumer, StreamPosition.Beginning, options.Value.BatchSize);
        }

        if (claimAbandoned)
        {
            var minIdle = (long)options.Value.ClaimAfter.TotalMilliseconds;
            return (await db.StreamAutoClaimAsync(stream, ConsumerGroup, _consumer, minIdle, "0-0", options.Value.BatchSize)).ClaimedEntries;
        }

        return [];
    }

    private Task<int> SendAsync(IDatabase db, long saleId, StreamEntry[] entries) => SendAsync(db, keys.Reservations(saleId), entries);

    private async Task<int> SendAsync(IDatabase db, RedisKey stream, StreamEntry[] entries)
    {
        if (entries.Length == 0)
        {
            return 0;
        }

        var endpoint = await bus.GetSendEndpoint(PurchaseQueues.OrderPurchaseReservedAddress);
        // Publisher confirms: each Send completes only when RabbitMQ has the message. A confirm lost with its channel over
        // a broker restart would hold the relay forever: unconfirmed after SendTimeout, the pass fails and is retried.
        using var timeout = new CancellationTokenSource(SendTimeout);
        if (entries.Length > 1 && options.Value.Bundles)
        {
            await SendBundleAsync(endpoint, entries, timeout.Token);
        }
        else
        {
            await Task.WhenAll(entries.Select(entry => SendOneAsync(endpoint, entry, timeout.Token)));
        }

        await db.StreamAcknowledgeAsync(stream, ConsumerGroup, entries.Select(e => e.Id).ToArray());
        return entries.Length;
    }

    // Each hand-off continues the trace of the purchase that wrote the entry (the Lua script stored its traceparent),
    // so the order's creation, and everything after it, joins the shopper's request.
    private static async Task SendOneAsync(ISendEndpoint endpoint, StreamEntry entry, CancellationToken ct)
    {
        var message = ToMessage(entry);
        using var activity = ReservationTrace.StartHandOff(entry["traceparent"], message.OrderId);
        await endpoint.Send(message, Pipe.Execute<SendContext>(c => c.MessageId = MessageIdOf(message.OrderId)), ct);
    }

    // The entries of one read as one broker message (the order service applies each as if it had come alone): a busy sale
    // pays the broker's publish, confirm, delivery and ack once per read instead of once per purchase.
    private static async Task SendBundleAsync(ISendEndpoint endpoint, StreamEntry[] entries, CancellationToken ct)
    {
        var messages = entries.Select(entry => (Message: ToMessage(entry), TraceParent: (string?)entry["traceparent"])).ToList();
        using var activity = ReservationTrace.StartBundleHandOff(messages.Select(m => m.TraceParent));
        await endpoint.Send(new MessageBundle(typeof(PurchaseReserved).FullName!, messages.Select(m => new BundledMessage(
            MessageIdOf(m.Message.OrderId), JsonSerializer.SerializeToElement(m.Message, JsonSerializerOptions.Web),
            string.IsNullOrEmpty(m.TraceParent) ? null : m.TraceParent)).ToList()), ct);
    }

    /// <summary>
    /// A reservation always leaves with the same MessageId, alone or bundled: one handed over twice (a relay that died
    /// before its acknowledgement) is a duplicate to the order service's inbox.
    /// </summary>
    public static Guid MessageIdOf(long orderId)
    {
        Span<byte> bytes = stackalloc byte[16];
        "reserved"u8.CopyTo(bytes);
        BitConverter.TryWriteBytes(bytes[8..], orderId);
        return new Guid(bytes);
    }

    private static async Task EnsureGroupAsync(IDatabase db, string stream)
    {
        try
        {
            await db.StreamCreateConsumerGroupAsync(stream, ConsumerGroup, StreamPosition.Beginning, createStream: true);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // Created before, by this relay or another replica.
        }
    }

    private async Task<long[]> RelayedSalesAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InventoryDbContext>();
        var drainUntil = now - options.Value.DrainAfterEnd;
        return await db.Sales.AsNoTracking().Where(s => s.StartsAt <= now && s.EndsAt > drainUntil).Select(s => s.Id).ToArrayAsync(ct);
    }

    private static PurchaseReserved ToMessage(StreamEntry entry)
    {
        string Field(string name) => (string)entry[name]!;
        return new PurchaseReserved(
            long.Parse(Field("orderId"), CultureInfo.InvariantCulture),
            long.Parse(Field("saleId"), CultureInfo.InvariantCulture),
            Field("userId"),
            int.Parse(Field("quantity"), CultureInfo.InvariantCulture),
            decimal.Parse(Field("unitPrice"), CultureInfo.InvariantCulture),
            DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(Field("reservedAt"), CultureInfo.InvariantCulture)));
    }
}
