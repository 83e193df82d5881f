using FlashSale.LoadDriver.Measurement;
using Npgsql;

namespace FlashSale.LoadDriver.Database;

/// <summary>An order as the order service stored it (status as in docs/api.md: paid, cancelled, ...).</summary>
public sealed record OrderRecord(long Id, string Status, DateTimeOffset CreatedAt, DateTimeOffset? SettledAt);

/// <summary>How long one service's outbox rows waited between being written and being confirmed sent.</summary>
/// <summary>
/// An outbox's lag: from each row's due time to its confirmed send. A row is due when written, except a paid order's
/// follow-ups, held back on purpose (<see cref="HeldBack"/> of them; the order service's <c>Orders:FollowUpDelay</c>).
/// </summary>
public sealed record OutboxLag(string Service, long Messages, long Unsent, LatencySummary? Lag, long HeldBack = 0);

/// <summary>
/// Read-only looks into the services' own PostgreSQL databases (flashsale_&lt;service&gt; on one server), for
/// what the HTTP API does not show: the orders of a sale with their settle times, when payments were
/// requested, and the outbox rows' lag. DEVELOPMENT/BENCH ONLY: it needs the database server's credentials.
/// </summary>
public sealed class SagaDatabase(string serverConnectionString)
{
    public static readonly IReadOnlyList<string> Services = ["inventory", "order", "payment", "wallet"];

    public async Task<IReadOnlyList<OrderRecord>> OrdersOfSaleAsync(long saleId, CancellationToken ct)
    {
        await using var connection = await OpenAsync("order", ct);
        await using var command = new NpgsqlCommand("SELECT id, status, created_at, settled_at FROM orders WHERE sale_id = @sale", connection);
        command.Parameters.AddWithValue("sale", saleId);
        var orders = new List<OrderRecord>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            orders.Add(new OrderRecord(reader.GetInt64(0), ApiStatus(reader.GetString(1)), reader.GetFieldValue<DateTimeOffset>(2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3)));
        }

        return orders;
    }

    /// <summary>When each order's payment was accepted by the payment service (orders without one are left out).</summary>
    public async Task<IReadOnlyDictionary<long, DateTimeOffset>> PaymentRequestsAsync(IReadOnlyCollection<long> orderIds, CancellationToken ct)
    {
        await using var connection = await OpenAsync("payment", ct);
        await using var command = new NpgsqlCommand("SELECT order_id, created_at FROM payments WHERE order_id = ANY(@orders)", connection);
        command.Parameters.AddWithValue("orders", orderIds.ToArray());
        var requested = new Dictionary<long, DateTimeOffset>(orderIds.Count);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            requested[reader.GetInt64(0)] = reader.GetFieldValue<DateTimeOffset>(1);
        }

        return requested;
    }

    /// <summary>
    /// Lag (sent_at − due time) of the service's outbox rows written in [from, until); unsent rows are counted apart. A row
    /// sent at its first attempt is due at next_attempt_at (its creation, or later when held back); a retried one at its creation.
    /// </summary>
    public async Task<OutboxLag> OutboxLagAsync(string service, DateTimeOffset from, DateTimeOffset until, CancellationToken ct)
    {
        await using var connection = await OpenAsync(service, ct);
        await using var command = new NpgsqlCommand("""
            SELECT sent_at - CASE WHEN attempts = 0 THEN next_attempt_at ELSE created_at END, next_attempt_at > created_at AND attempts = 0
            FROM outbox_messages WHERE created_at >= @from AND created_at < @until
            """, connection);
        command.Parameters.AddWithValue("from", from.UtcDateTime);
        command.Parameters.AddWithValue("until", until.UtcDateTime);
        var lags = new List<TimeSpan>();
        var unsent = 0L;
        var heldBack = 0L;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            heldBack += reader.GetBoolean(1) ? 1 : 0;
            if (reader.IsDBNull(0))
            {
                unsent++;
            }
            else
            {
                lags.Add(reader.GetFieldValue<TimeSpan>(0));
            }
        }

        return new OutboxLag(service, lags.Count + unsent, unsent, LatencyRecorder.Summarize(lags), heldBack);
    }

    /// <summary>Orders of the sale still waiting to end (awaiting payment or paying).</summary>
    public async Task<long> OpenOrdersOfSaleAsync(long saleId, CancellationToken ct)
    {
        await using var connection = await OpenAsync("order", ct);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM orders WHERE sale_id = @sale AND status IN ('AwaitingPayment', 'Paying')", connection);
        command.Parameters.AddWithValue("sale", saleId);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Orders of the sale cancelled by their deadline: when the deadline passed and when the order was cancelled.</summary>
    public async Task<IReadOnlyDictionary<long, (DateTimeOffset Deadline, DateTimeOffset CancelledAt)>> ExpiredOrdersOfSaleAsync(long saleId, CancellationToken ct)
    {
        await using var connection = await OpenAsync("order", ct);
        await using var command = new NpgsqlCommand("""
            SELECT id, payment_deadline, settled_at FROM orders
            WHERE sale_id = @sale AND status = 'Cancelled' AND cancel_reason = 'payment-deadline-passed'
            """, connection);
        command.Parameters.AddWithValue("sale", saleId);
        var expired = new Dictionary<long, (DateTimeOffset, DateTimeOffset)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            expired[reader.GetInt64(0)] = (reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<DateTimeOffset>(2));
        }

        return expired;
    }

    /// <summary>When inventory gave each released order's units back (its stock ledger).</summary>
    public async Task<IReadOnlyDictionary<long, DateTimeOffset>> ReleasesOfSaleAsync(long saleId, CancellationToken ct)
    {
        await using var connection = await OpenAsync("inventory", ct);
        await using var command = new NpgsqlCommand("SELECT order_id, released_at FROM stock_reservations WHERE sale_id = @sale AND released_at IS NOT NULL", connection);
        command.Parameters.AddWithValue("sale", saleId);
        var released = new Dictionary<long, DateTimeOffset>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            released[reader.GetInt64(0)] = reader.GetFieldValue<DateTimeOffset>(1);
        }

        return released;
    }

    /// <summary>The stored enum name (AwaitingPayment) as the API spells it (awaitingPayment).</summary>
    public static string ApiStatus(string stored) => stored.Length == 0 ? stored : char.ToLowerInvariant(stored[0]) + stored[1..];

    private async Task<NpgsqlConnection> OpenAsync(string service, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = $"flashsale_{service}" }.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            return connection;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            await connection.DisposeAsync();
            throw new Cli.SetupException($"cannot open the {service} service's database flashsale_{service} ({e.Message}): check --postgres");
        }
    }
}
