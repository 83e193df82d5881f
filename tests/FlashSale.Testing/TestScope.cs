using System.Net.Http.Headers;
using System.Text;
using Npgsql;

namespace FlashSale.Testing;

/// <summary>
/// Isolated state for one test class on the shared servers: its own databases (one per service),
/// its own RabbitMQ virtual host and its own Redis key prefix. Tests can run in parallel and
/// repeat without cleanup by hand; everything is dropped on dispose.
/// </summary>
public sealed class TestScope : IAsyncDisposable
{
    private readonly List<string> _databases = [];

    private TestScope(TestServerEndpoints servers, string id)
    {
        Servers = servers;
        Id = id;
    }

    public TestServerEndpoints Servers { get; }

    /// <summary>Short unique id: databases, vhost and key prefix are named after it.</summary>
    public string Id { get; }

    public string VirtualHost => $"t_{Id}";
    public string RedisKeyPrefix => $"t:{Id}:";

    public Uri RabbitMqUri => new(Servers.RabbitMq, VirtualHost);

    public static async Task<TestScope> CreateAsync()
    {
        var servers = await TestServers.GetAsync();
        var scope = new TestScope(servers, Guid.NewGuid().ToString("N")[..12]);
        await scope.RabbitManagementAsync(HttpMethod.Put, $"vhosts/{scope.VirtualHost}", "{}");
        await scope.RabbitManagementAsync(HttpMethod.Put, $"permissions/{scope.VirtualHost}/{servers.RabbitMq.UserInfo.Split(':')[0]}",
            """{"configure":".*","write":".*","read":".*"}""");
        return scope;
    }

    public string DatabaseName(string service)
    {
        var name = $"t_{Id}_{service}";
        lock (_databases)
        {
            if (!_databases.Contains(name))
            {
                _databases.Add(name);
            }
        }

        return name;
    }

    public string ConnectionString(string service) =>
        new NpgsqlConnectionStringBuilder(Servers.PostgresServer) { Database = DatabaseName(service) }.ConnectionString;

    /// <summary>Configuration a FlashSale host needs to run inside this scope (keys as in appsettings).</summary>
    public Dictionary<string, string?> SettingsFor(string service) => new()
    {
        ["Postgres:Server"] = Servers.PostgresServer,
        ["Postgres:Database"] = DatabaseName(service),
        ["Postgres:MaxPoolSize"] = "50",
        ["Redis:Configuration"] = Servers.Redis,
        ["Redis:RedlockEndpoints"] = string.Join(',', Servers.RedlockNodes),
        ["Redis:KeyPrefix"] = RedisKeyPrefix,
        ["RabbitMq:Uri"] = RabbitMqUri.ToString(),
    };

    /// <summary>Deletes every Redis key of this scope, like a FLUSHALL that spares the other test classes.</summary>
    public async Task FlushRedisAsync()
    {
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(Servers.Redis);
        var server = redis.GetServers()[0];
        var keys = new List<StackExchange.Redis.RedisKey>();
        await foreach (var key in server.KeysAsync(pattern: RedisKeyPrefix + "*", pageSize: 1000))
        {
            keys.Add(key);
        }

        if (keys.Count > 0)
        {
            await redis.GetDatabase().KeyDeleteAsync([.. keys]);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await FlushRedisAsync();
        await using (var connection = new NpgsqlConnection(Servers.PostgresServer))
        {
            await connection.OpenAsync();
            foreach (var database in _databases)
            {
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
                await drop.ExecuteNonQueryAsync();
            }
        }

        await RabbitManagementAsync(HttpMethod.Delete, $"vhosts/{VirtualHost}", null);
    }

    /// <summary>Messages ready + unacknowledged in a queue of this scope's vhost (management stats lag a few seconds).</summary>
    public async Task<long> QueueDepthAsync(string queue)
    {
        var body = await RabbitManagementAsync(HttpMethod.Get, $"queues/{VirtualHost}/{queue}", null);
        if (body.Length == 0)
        {
            return 0; // not declared yet
        }

        using var json = System.Text.Json.JsonDocument.Parse(body);
        return json.RootElement.TryGetProperty("messages", out var messages) ? messages.GetInt64() : 0;
    }

    /// <summary>Messages ready + unacknowledged in every queue of this scope's vhost, by queue (the same lagging stats).</summary>
    public async Task<Dictionary<string, long>> QueueDepthsAsync()
    {
        var body = await RabbitManagementAsync(HttpMethod.Get, $"queues/{VirtualHost}?columns=name,messages", null);
        using var json = System.Text.Json.JsonDocument.Parse(body.Length == 0 ? "[]" : body);
        return json.RootElement.EnumerateArray().ToDictionary(
            q => q.GetProperty("name").GetString()!,
            q => q.TryGetProperty("messages", out var messages) ? messages.GetInt64() : 0);
    }

    /// <summary>
    /// Takes up to <paramref name="count"/> messages off a queue of this scope's vhost (acknowledged: they are gone) and
    /// returns each one's body, the MassTransit envelope (messageId, messageType, message).
    /// </summary>
    public Task<List<System.Text.Json.JsonElement>> TakeMessagesAsync(string queue, int count) => GetMessagesAsync(queue, count, "ack_requeue_false");

    /// <summary>As <see cref="TakeMessagesAsync"/>, but the messages stay in the queue.</summary>
    public Task<List<System.Text.Json.JsonElement>> PeekMessagesAsync(string queue, int count) => GetMessagesAsync(queue, count, "ack_requeue_true");

    /// <summary>The messages an envelope carries: its one message, or each message of a bundle (shared/FlashSale.Messaging/Bundles/).</summary>
    public static IEnumerable<System.Text.Json.JsonElement> MessagesIn(System.Text.Json.JsonElement envelope)
    {
        var message = envelope.GetProperty("message");
        return message.TryGetProperty("messages", out var bundled) ? bundled.EnumerateArray().Select(m => m.GetProperty("body")) : [message];
    }

    private async Task<List<System.Text.Json.JsonElement>> GetMessagesAsync(string queue, int count, string ackMode)
    {
        var body = await RabbitManagementAsync(HttpMethod.Post, $"queues/{VirtualHost}/{queue}/get",
            $$"""{"count":{{count}},"ackmode":"{{ackMode}}","encoding":"auto"}""");
        using var json = System.Text.Json.JsonDocument.Parse(body.Length == 0 ? "[]" : body);
        return json.RootElement.EnumerateArray()
            .Select(m => System.Text.Json.JsonDocument.Parse(m.GetProperty("payload").GetString()!).RootElement.Clone())
            .ToList();
    }

    /// <summary>Outbox rows of <paramref name="service"/>'s database that the relay has not sent yet.</summary>
    public async Task<long> UnsentOutboxAsync(string service)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(service));
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private async Task<string> RabbitManagementAsync(HttpMethod method, string path, string? json)
    {
        var management = Servers.RabbitMqManagement;
        using var http = new HttpClient { BaseAddress = new Uri(management.GetLeftPart(UriPartial.Authority)) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(management.UserInfo))));
        using var request = new HttpRequestMessage(method, $"/api/{path}");
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound && method != HttpMethod.Put)
        {
            return "";
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"RabbitMQ management {method} {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return await response.Content.ReadAsStringAsync();
    }
}
