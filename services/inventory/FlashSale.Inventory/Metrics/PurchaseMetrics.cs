using System.Diagnostics.Metrics;
using FlashSale.Inventory.Caching;
using FlashSale.Inventory.StockStrategies;
using FlashSale.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using StackExchange.Redis;

namespace FlashSale.Inventory.Metrics;

/// <summary>
/// What a flash sale looks like from the dashboard: purchases by answer (accepted, or the problem type: sold-out,
/// limit-reached, invalid-token, busy, ...) and the units each running sale has left in Redis, read when the metrics
/// are collected (a GET per relayed sale every export interval, not per purchase).
/// </summary>
public sealed class PurchaseMetrics
{
    private readonly Counter<long> _purchases;

    public PurchaseMetrics(IMeterFactory meters, IConnectionMultiplexer redis, SaleKeys keys, ReservationRelay relay)
    {
        var meter = meters.Create(InventoryMetrics.MeterName);
        _purchases = meter.CreateCounter<long>("flashsale.purchases", unit: "{purchase}", description: "Purchase answers, by answer: accepted or the problem type.");
        meter.CreateObservableGauge("flashsale.stock.available", () => StockLeft(redis, keys, relay), unit: "{unit}",
            description: "Units left in the live stock (Redis) of every sale the relay serves.");
    }

    /// <summary>Counts the answer of one purchase request (an endpoint filter on POST /api/sales/{id}/purchases).</summary>
    public void Answered(object? result) => _purchases.Add(1, new KeyValuePair<string, object?>("answer", (result is INestedHttpResult nested ? nested.Result : result) switch
    {
        IStatusCodeHttpResult { StatusCode: StatusCodes.Status202Accepted } => "accepted",
        ProblemHttpResult { ProblemDetails.Type: { } type } when type.StartsWith(ProblemTypes.BaseUri, StringComparison.Ordinal) => type[ProblemTypes.BaseUri.Length..],
        _ => "other",
    }));

    private static List<Measurement<long>> StockLeft(IConnectionMultiplexer redis, SaleKeys keys, ReservationRelay relay)
    {
        var sales = relay.RelayedSales;
        if (sales.Count == 0 || !redis.IsConnected)
        {
            return [];
        }

        // One GET per sale (their keys live in different hash slots), a handful per collection.
        var db = redis.GetDatabase();
        return sales.Select(id => (Sale: id, Stock: db.StringGet(keys.Stock(id))))
            .Where(s => s.Stock.HasValue)
            .Select(s => new Measurement<long>((long)s.Stock, new KeyValuePair<string, object?>("sale", s.Sale)))
            .ToList();
    }
}
