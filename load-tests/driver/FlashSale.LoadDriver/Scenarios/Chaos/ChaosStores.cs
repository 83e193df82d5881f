using Npgsql;

namespace FlashSale.LoadDriver.Scenarios.Chaos;

/// <summary>An order of a chaos sale as the order service stored it, with its money as the wallet's ledger moved it.</summary>
public sealed record ChaosOrder(long Id, string UserId, string Status, decimal Amount, DateTimeOffset Deadline, DateTimeOffset? SettledAt)
{
    public decimal Charged { get; set; }

    public decimal Frozen { get; set; }

    public decimal Unfrozen { get; set; }
}

/// <summary>
/// What a chaos round checks beyond the sale invariants, read from the services' own databases: the wallet's ledger
/// against the orders (no order charged twice, none charged unless paid, no money left frozen once it ended) and when
/// each order ended against its payment deadline. DEVELOPMENT/BENCH ONLY: it needs the database server's credentials.
/// </summary>
public sealed class ChaosStores(string serverConnectionString)
{
    public async Task<IReadOnlyList<ChaosOrder>> OrdersAsync(long saleId, CancellationToken ct)
    {
        var orders = new Dictionary<long, ChaosOrder>();
        await using (var connection = await OpenAsync("order", ct))
        {
            await using var command = new NpgsqlCommand(
                "SELECT id, user_id, status, amount, payment_deadline, settled_at FROM orders WHERE sale_id = @sale", connection);
            command.Parameters.AddWithValue("sale", saleId);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                orders[reader.GetInt64(0)] = new ChaosOrder(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetDecimal(3),
                    reader.GetFieldValue<DateTimeOffset>(4), reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5));
            }
        }

        await using (var connection = await OpenAsync("wallet", ct))
        {
            await using var command = new NpgsqlCommand("""
                SELECT order_id, kind, sum(amount) FROM ledger_entries WHERE order_id = ANY(@orders) GROUP BY order_id, kind
                """, connection);
            command.Parameters.AddWithValue("orders", orders.Keys.ToArray());
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var order = orders[reader.GetInt64(0)];
                var amount = reader.GetDecimal(2);
                switch (reader.GetString(1))
                {
                    case "Charge": order.Charged += amount; break;
                    case "Freeze": order.Frozen += amount; break;
                    case "Unfreeze": order.Unfrozen += amount; break;
                }
            }
        }

        return [.. orders.Values];
    }

    /// <summary>
    /// Orders whose money moved wrongly: a paid order charged other than its amount (twice, or not at all), an order
    /// charged without being paid, or money still frozen for an order that ended.
    /// </summary>
    public static IReadOnlyList<ChaosOrder> WrongCharges(IEnumerable<ChaosOrder> orders) =>
        [.. orders.Where(o => IsFinal(o.Status) && (
            (o.Status == "Paid" ? o.Charged != o.Amount : o.Charged != 0) || o.Frozen - o.Charged - o.Unfrozen != 0))];

    /// <summary>Orders not ended by their payment deadline + <paramref name="grace"/> (still open, or ended later).</summary>
    public static IReadOnlyList<ChaosOrder> LateOrders(IEnumerable<ChaosOrder> orders, TimeSpan grace, DateTimeOffset now) =>
        [.. orders.Where(o => o.SettledAt is { } settled && IsFinal(o.Status) ? settled > o.Deadline + grace : now > o.Deadline + grace)];

    public static bool IsFinal(string status) => status is "Paid" or "Cancelled";

    private async Task<NpgsqlConnection> OpenAsync(string service, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = $"flashsale_{service}" }.ConnectionString);
        await connection.OpenAsync(ct);
        return connection;
    }
}
