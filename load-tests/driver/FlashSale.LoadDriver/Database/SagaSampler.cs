using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace FlashSale.LoadDriver.Database;

/// <summary>
/// Average number of one service database's sessions in one state during a run. "active / CPU" runs a
/// statement; "idle in transaction / Client:ClientRead" holds a transaction open waiting for its service's
/// next statement (the service, not PostgreSQL, is slow); "active / Lock:..." waits for another session's lock.
/// </summary>
public sealed record SessionShare(string Database, string State, string Wait, double Average);

/// <summary>How many messages one saga queue held while the run went on: on average and at most.</summary>
public sealed record QueueDepth(string Queue, double Average, long Max);

/// <summary>
/// Counters of the whole system's traffic (cumulative, so a run's share is the difference of two readings): messages
/// published to and delivered by RabbitMQ, and transactions committed in the four service databases (reads included).
/// </summary>
public sealed record SagaTraffic(long Published, long Delivered, long Commits)
{
    public static SagaTraffic operator -(SagaTraffic after, SagaTraffic before) =>
        new(after.Published - before.Published, after.Delivered - before.Delivered, after.Commits - before.Commits);
}

/// <summary>Where the saga's work waited during a run, from samples taken every half second.</summary>
public sealed record SagaWaits(int Samples, IReadOnlyList<SessionShare> Sessions, IReadOnlyList<QueueDepth> Queues);

/// <summary>
/// Samples pg_stat_activity (the four service databases) and RabbitMQ's saga queues (management API) until
/// stopped. A sample that fails is skipped: this is evidence for the report, never a reason to fail the run.
/// </summary>
public sealed class SagaSampler(string postgresServer, Uri? rabbitManagement)
{
    public static readonly IReadOnlyList<string> Queues = ["order-purchase-reserved", "order-saga", "inventory-stock", "wallet-funds", "payment-provider"];

    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(500);

    private static readonly string[] ServiceDatabases = [.. SagaDatabase.Services.Select(s => $"flashsale_{s}")];

    public async Task<SagaWaits> RunAsync(CancellationToken stop)
    {
        var sessions = new List<IReadOnlyList<(string Database, string State, string Wait)>>();
        var queues = new List<IReadOnlyDictionary<string, long>>();
        using var http = ManagementClient();
        await using var connection = ServerConnection();
        using var timer = new PeriodicTimer(Every);
        try
        {
            await connection.OpenAsync(stop);
            while (await timer.WaitForNextTickAsync(stop))
            {
                sessions.Add(await SessionsAsync(connection, stop));
                if (rabbitManagement is not null && await QueuesAsync(http, stop) is { } depths)
                {
                    queues.Add(depths);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run is over.
        }
        catch (NpgsqlException)
        {
            // No more samples; those taken still count.
        }

        return Summarize(sessions, queues);
    }

    public static SagaWaits Summarize(
        IReadOnlyList<IReadOnlyList<(string Database, string State, string Wait)>> sessions, IReadOnlyList<IReadOnlyDictionary<string, long>> queues)
    {
        var shares = sessions.SelectMany(s => s).GroupBy(s => s)
            .Select(g => new SessionShare(g.Key.Database, g.Key.State, g.Key.Wait, Math.Round(g.Count() / (double)Math.Max(sessions.Count, 1), 1)))
            .OrderByDescending(s => s.Average).ThenBy(s => s.Database, StringComparer.Ordinal).ToList();
        var depths = Queues.Select(q => new QueueDepth(q,
                queues.Count > 0 ? Math.Round(queues.Average(d => d.GetValueOrDefault(q)), 1) : 0,
                queues.Count > 0 ? queues.Max(d => d.GetValueOrDefault(q)) : 0))
            .ToList();
        return new SagaWaits(sessions.Count, shares, queues.Count > 0 ? depths : []);
    }

    /// <summary>The traffic counters now, or null when the broker or the database cannot say (evidence, never a failure).</summary>
    public async Task<SagaTraffic?> TrafficAsync(CancellationToken ct)
    {
        if (rabbitManagement is null)
        {
            return null;
        }

        try
        {
            using var http = ManagementClient();
            var uri = ManagementUri("/api/overview?columns=message_stats");
            using var overview = JsonDocument.Parse(await http.GetStringAsync(uri, ct));
            var stats = overview.RootElement.GetProperty("message_stats");
            await using var connection = ServerConnection();
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("SELECT coalesce(sum(xact_commit), 0)::bigint FROM pg_stat_database WHERE datname = ANY(@databases)", connection);
            command.Parameters.AddWithValue("databases", ServiceDatabases);
            var commits = (long)(await command.ExecuteScalarAsync(ct))!;
            return new SagaTraffic(Count(stats, "publish"), Count(stats, "deliver_get"), commits);
        }
        catch (Exception e) when (e is HttpRequestException or NpgsqlException or JsonException or KeyNotFoundException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return null;
        }

        static long Count(JsonElement stats, string name) => stats.TryGetProperty(name, out var value) ? value.GetInt64() : 0;
    }

    // The server's maintenance database: pg_stat_* views cover every service database from there.
    private NpgsqlConnection ServerConnection() =>
        new(new NpgsqlConnectionStringBuilder(postgresServer) { Database = "postgres" }.ConnectionString);

    private Uri ManagementUri(string pathAndQuery) => new(new UriBuilder(rabbitManagement!) { UserName = "", Password = "" }.Uri, pathAndQuery);

    private HttpClient ManagementClient()
    {
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        if (rabbitManagement?.UserInfo is { Length: > 0 } user)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(user))));
        }

        return http;
    }

    private static async Task<IReadOnlyList<(string, string, string)>> SessionsAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            SELECT datname, state, coalesce(wait_event_type || ':' || wait_event, 'CPU')
            FROM pg_stat_activity
            WHERE datname = ANY(@databases) AND state IS NOT NULL AND state <> 'idle' AND pid <> pg_backend_pid()
            """, connection);
        command.Parameters.AddWithValue("databases", ServiceDatabases);
        var rows = new List<(string, string, string)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return rows;
    }

    private async Task<IReadOnlyDictionary<string, long>?> QueuesAsync(HttpClient http, CancellationToken ct)
    {
        try
        {
            var uri = ManagementUri("/api/queues/%2F?columns=name,messages");
            using var document = JsonDocument.Parse(await http.GetStringAsync(uri, ct));
            return document.RootElement.EnumerateArray()
                .Where(q => Queues.Contains(q.GetProperty("name").GetString()))
                .ToDictionary(q => q.GetProperty("name").GetString()!, q => q.TryGetProperty("messages", out var m) ? m.GetInt64() : 0, StringComparer.Ordinal);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // A missed sample: the broker's management API was slow or answered something else.
            return null;
        }
    }
}
