using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FlashSale.Testing;
using Npgsql;

namespace FlashSale.EndToEnd.Tests.Deployment;

/// <summary>
/// The hosts as `./flashsale.sh up --production` runs them (ASPNETCORE_ENVIRONMENT=Production, the settings of
/// ops/production.sh's host_production_env), on throwaway credentials instead of the profile's own servers, so the
/// shared development servers are not reconfigured: secrets made by the script's secrets_ensure in a temporary
/// folder, one PostgreSQL role per service, a RabbitMQ vhost with one user per service holding exactly the
/// permissions of rabbit_permissions, and four password-protected Redis servers of its own. All removed afterwards.
/// </summary>
public sealed class ProductionProfile : IAsyncLifetime
{
    public static readonly string[] ServiceNames = ["inventory", "order", "payment", "wallet"];

    private readonly string _id = Guid.NewGuid().ToString("N")[..10];
    private readonly List<Process> _redis = [];
    private readonly Dictionary<string, HostProcess> _hosts = [];
    private TestServerEndpoints? _servers;

    /// <summary>The FS_DATA of this profile: its secrets are in Secrets.</summary>
    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("flashsale-production-").FullName;

    public string Secrets => Path.Combine(DataDirectory, "secrets");
    public string VirtualHost => $"p_{_id}";
    public IReadOnlyDictionary<string, HostProcess> Hosts => _hosts;
    public HostProcess Gateway => _hosts["gateway"];
    public TestServerEndpoints Servers => _servers ?? throw new InvalidOperationException("Not started.");

    public string Secret(string name) => File.ReadAllText(Path.Combine(Secrets, name)).Trim();

    public string BrokerUser(string service) => $"p_{_id}_{service}";

    public Uri BrokerUri(string service) =>
        new($"amqp://{BrokerUser(service)}:{Secret($"rabbitmq-{service}-password")}@{Servers.RabbitMq.Host}:{Servers.RabbitMq.Port}/{VirtualHost}");

    public async Task InitializeAsync()
    {
        _servers = await TestServers.GetAsync();
        await ShellAsync("secrets_ensure");
        var redisPassword = Secret("redis-password");
        var redisPorts = Enumerable.Range(0, 4).Select(_ => StartRedis(redisPassword)).ToList();
        await CreateDatabaseRolesAsync();
        await CreateBrokerUsersAsync();

        var redlock = string.Join(';', redisPorts.Skip(1).Select(p => $"127.0.0.1:{p},password={redisPassword}"));
        foreach (var (service, project) in FlashSaleSystem.ServiceProjects)
        {
            _hosts[service] = new HostProcess(service, project, new Dictionary<string, string?>(Common(redisPorts[0], redisPassword, redlock))
            {
                ["Postgres:Server"] = new NpgsqlConnectionStringBuilder(Servers.PostgresServer)
                {
                    Username = Role(service),
                    Password = Secret($"postgres-{service}-password"),
                    Database = null,
                }.ConnectionString,
                ["Postgres:Database"] = Role(service),
                ["RabbitMq:Uri"] = BrokerUri(service).ToString(),
                ["Ids:WorkerId"] = (Array.IndexOf(ServiceNames, service) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["PurchaseTokens:SigningKey"] = service == "inventory" ? Secret("purchase-token-key") : null,
            });
        }

        var addresses = _hosts.ToDictionary(h => $"Services:{h.Key}", h => (string?)h.Value.BaseAddress.ToString());
        foreach (var host in _hosts.Values)
        {
            host.AddSettings(addresses);
        }

        _hosts["gateway"] = new HostProcess("gateway", "gateway/FlashSale.Gateway",
            new Dictionary<string, string?>(Common(redisPorts[0], redisPassword, redlock)) { ["Redis:KeyPrefix"] = $"p:{_id}:" });
        _hosts["gateway"].AddSettings(addresses);

        foreach (var host in _hosts.Values)
        {
            host.Start();
        }

        await Task.WhenAll(_hosts.Values.Select(h => h.WaitUntilHealthyAsync()));
    }

    /// <summary>Runs <paramref name="command"/> with ops/config.sh sourced, FS_DATA this profile's folder, FS_PROFILE production.</summary>
    public async Task<string> ShellAsync(string command)
    {
        var info = new ProcessStartInfo("bash", ["-c", $"source ops/config.sh && {command}"])
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["FS_DATA"] = DataDirectory;
        info.Environment["FS_PROFILE"] = "production";
        using var shell = Process.Start(info)!;
        var output = shell.StandardOutput.ReadToEndAsync();
        var errors = shell.StandardError.ReadToEndAsync();
        await shell.WaitForExitAsync();
        if (shell.ExitCode != 0)
        {
            throw new InvalidOperationException($"`{command}` exited {shell.ExitCode}: {await errors}");
        }

        return (await output).Trim();
    }

    public static HttpClient Client(HostProcess host, string? token = null)
    {
        var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>What `./flashsale.sh token` prints for this profile.</summary>
    public Task<string> TokenAsync(string user, string role = "shopper") => ShellAsync($"token_mint --user {user} --role {role}");

    private Dictionary<string, string?> Common(int redisPort, string redisPassword, string redlock) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Auth:Jwt:PublicKeyFile"] = Path.Combine(Secrets, "jwt-public.pem"),
        ["Auth:DevIssuer:Enabled"] = "false",
        ["Redis:Configuration"] = $"127.0.0.1:{redisPort},password={redisPassword}",
        ["Redis:RedlockEndpoints"] = redlock,
        ["Redis:KeyPrefix"] = $"p:{_id}:",
    };

    private string Role(string service) => $"p_{_id}_{service}";

    private int StartRedis(string password)
    {
        var port = HostProcess.FreePort();
        var info = new ProcessStartInfo("redis-server")
        {
            ArgumentList = { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--requirepass", password },
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var redis = Process.Start(info)!;
        redis.BeginOutputReadLine();
        _redis.Add(redis);
        Eventually.HoldsAsync(() => Task.FromResult(PortOpen(port)), open => open, $"redis on {port}", TimeSpan.FromSeconds(20)).GetAwaiter().GetResult();
        return port;
    }

    private static bool PortOpen(int port)
    {
        try
        {
            using var client = new System.Net.Sockets.TcpClient("127.0.0.1", port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    // What postgres_production_roles creates: LOGIN CREATEDB, no superuser; each service creates and owns its database.
    private async Task CreateDatabaseRolesAsync()
    {
        await using var connection = new NpgsqlConnection(Servers.PostgresServer);
        await connection.OpenAsync();
        foreach (var service in ServiceNames)
        {
            await using var create = new NpgsqlCommand(
                $"CREATE ROLE \"{Role(service)}\" LOGIN CREATEDB NOSUPERUSER PASSWORD '{Secret($"postgres-{service}-password")}'", connection);
            await create.ExecuteNonQueryAsync();
        }
    }

    private async Task CreateBrokerUsersAsync()
    {
        await ManagementAsync(HttpMethod.Put, $"vhosts/{VirtualHost}", new { });
        foreach (var service in ServiceNames)
        {
            var permissions = (await ShellAsync($"rabbit_permissions {service}")).Split('\n');
            await ManagementAsync(HttpMethod.Put, $"users/{BrokerUser(service)}", new { password = Secret($"rabbitmq-{service}-password"), tags = "" });
            await ManagementAsync(HttpMethod.Put, $"permissions/{VirtualHost}/{BrokerUser(service)}",
                new { configure = permissions[0], write = permissions[1], read = permissions[2] });
        }
    }

    private async Task ManagementAsync(HttpMethod method, string path, object? body)
    {
        var management = Servers.RabbitMqManagement;
        using var http = new HttpClient { BaseAddress = new Uri(management.GetLeftPart(UriPartial.Authority)) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(management.UserInfo))));
        using var request = new HttpRequestMessage(method, $"/api/{path}");
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode && !(method == HttpMethod.Delete && response.StatusCode == System.Net.HttpStatusCode.NotFound))
        {
            throw new InvalidOperationException($"RabbitMQ management {method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts.Values)
        {
            await host.DisposeAsync();
        }

        foreach (var redis in _redis)
        {
            redis.Kill();
            await redis.WaitForExitAsync();
            redis.Dispose();
        }

        if (_servers is not null)
        {
            await using (var connection = new NpgsqlConnection(Servers.PostgresServer))
            {
                await connection.OpenAsync();
                foreach (var service in ServiceNames)
                {
                    await using var drop = new NpgsqlCommand(
                        $"DROP DATABASE IF EXISTS \"{Role(service)}\" WITH (FORCE); DROP ROLE IF EXISTS \"{Role(service)}\"", connection);
                    await drop.ExecuteNonQueryAsync();
                }
            }

            await ManagementAsync(HttpMethod.Delete, $"vhosts/{VirtualHost}", null);
            foreach (var service in ServiceNames)
            {
                await ManagementAsync(HttpMethod.Delete, $"users/{BrokerUser(service)}", null);
            }
        }

        Directory.Delete(DataDirectory, recursive: true);
    }
}
