using System.Globalization;
using FlashSale.BuildingBlocks.Ids;
using FlashSale.Contracts.Purchases;
using FlashSale.Inventory.Caching;
using FlashSale.Inventory.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FlashSale.Inventory.Reservations;

/// <summary>
/// Moves admitted reservations from each sale's Redis stream to the order service's durable queue.
/// An entry is acknowledged (XACK) only after RabbitMQ confirmed the message, so a crash at any point
/// re-sends it (at least once; the order service deduplicates by order id). A restarted relay first
/// re-sends its own unacknowledged entries, and entries of a relay that died are claimed after a while.
/// </summary>
public sealed class ReservationRelay(
    IConnectionMultiplexer redis,
    SaleKeys keys,
    IServiceScopeFactory scopes,
    IBus bus,
    IOptions<ReservationRelayOptions> options,
    IOptions<IdGeneratorOptions> ids,
    TimeProvider time,
    ILogger<ReservationRelay> logger) : BackgroundService
{
    public const string ConsumerGroup = "relay";

    private readonly string _consumer = $"relay-{Environment.MachineName}-{ids.Value.WorkerId}";
    private readonly HashSet<long> _recovered = [];
    private long[] _sales = [];
    private DateTimeOffset _salesRefreshedAt = DateTimeOffset.MinValue;
    private DateTimeOffset _lastClaimAt = DateTimeOffset.MinValue;

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
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }

            if (moved == 0)
            {
                await Task.Delay(options.Value.IdleDelay, stoppingToken);
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

        var claim = now - _lastClaimAt > options.Value.ClaimAfter / 2;
        if (claim)
        {
            _lastClaimAt = now;
        }

        var moved = 0;
        foreach (var saleId in _sales)
        {
            try
            {
                moved += await RelaySaleAsync(saleId, claim);
            }
            catch (RedisServerException e) when (e.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
            {
                // Redis lost the stream and its group (a flush): start over on the next pass, from the first entry
                // the new stream gets. Entries written before the flush are gone with it.
                logger.LogWarning("The reservation stream of sale {SaleId} lost its consumer group; recreating it", saleId);
                _recovered.Remove(saleId);
            }
        }

        return moved;
    }

    private async Task<int> RelaySaleAsync(long saleId, bool claimAbandoned)
    {
        var db = redis.GetDatabase();
        var stream = keys.Reservations(saleId);
        var batch = options.Value.BatchSize;
        StreamEntry[] entries;
        if (_recovered.Add(saleId))
        {
            await EnsureGroupAsync(db, stream);
            entries = await db.StreamReadGroupAsync(stream, ConsumerGroup, _consumer, StreamPosition.Beginning, batch);
        }
        else if (claimAbandoned)
        {
            var minIdle = (long)options.Value.ClaimAfter.TotalMilliseconds;
            entries = (await db.StreamAutoClaimAsync(stream, ConsumerGroup, _consumer, minIdle, "0-0", batch)).ClaimedEntries;
        }
        else
        {
            entries = [];
        }

        if (entries.Length == 0)
        {
            entries = await db.StreamReadGroupAsync(stream, ConsumerGroup, _consumer, StreamPosition.NewMessages, batch);
        }

        if (entries.Length == 0)
        {
            return 0;
        }

        var endpoint = await bus.GetSendEndpoint(PurchaseQueues.OrderPurchaseReservedAddress);
        // Publisher confirms: each Send completes only when RabbitMQ has the message.
        await Task.WhenAll(entries.Select(entry => endpoint.Send(ToMessage(entry))));
        await db.StreamAcknowledgeAsync(stream, ConsumerGroup, entries.Select(e => e.Id).ToArray());
        return entries.Length;
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
