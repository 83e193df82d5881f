using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;
using Testcontainers.Redis;

namespace FlashSale.Testing;

/// <summary>Where the real servers of a test run are.</summary>
public sealed record TestServerEndpoints(
    string PostgresServer,
    string Redis,
    IReadOnlyList<string> RedlockNodes,
    Uri RabbitMq,
    Uri RabbitMqManagement);

/// <summary>
/// The real PostgreSQL, Redis (main + 3 Redlock nodes) and RabbitMQ of this test process, resolved once.
/// FLASHSALE_TEST_SERVERS=native (set by ./flashsale.sh test) uses the servers named by the
/// FLASHSALE_TEST_* variables; otherwise Testcontainers starts them when a Docker engine answers.
/// </summary>
public static class TestServers
{
    private static readonly Lazy<Task<TestServerEndpoints>> Endpoints = new(ResolveAsync);

    public static Task<TestServerEndpoints> GetAsync() => Endpoints.Value;

    private static Task<TestServerEndpoints> ResolveAsync()
    {
        var mode = Environment.GetEnvironmentVariable("FLASHSALE_TEST_SERVERS");
        if (mode == "native" || (mode is null && Environment.GetEnvironmentVariable("FLASHSALE_TEST_POSTGRES") is not null))
        {
            return Task.FromResult(FromEnvironment());
        }

        return StartContainersAsync();
    }

    private static TestServerEndpoints FromEnvironment()
    {
        static string Required(string name) => Environment.GetEnvironmentVariable(name)
            ?? throw new InvalidOperationException($"{name} is not set: run the tests with ./flashsale.sh test (or export `./flashsale.sh env`).");

        return new TestServerEndpoints(
            Required("FLASHSALE_TEST_POSTGRES"),
            Required("FLASHSALE_TEST_REDIS"),
            Required("FLASHSALE_TEST_REDLOCK").Split(',', StringSplitOptions.RemoveEmptyEntries),
            new Uri(Required("FLASHSALE_TEST_RABBITMQ")),
            new Uri(Required("FLASHSALE_TEST_RABBITMQ_MANAGEMENT")));
    }

    private static async Task<TestServerEndpoints> StartContainersAsync()
    {
        try
        {
            var postgres = new PostgreSqlBuilder("postgres:15-alpine")
                .WithCommand("-c", "fsync=off", "-c", "max_connections=400").Build();
            var redis = Enumerable.Range(0, 4).Select(_ => new RedisBuilder("redis:7-alpine").Build()).ToList();
            var rabbit = new RabbitMqBuilder("rabbitmq:3.13-management-alpine")
                .WithUsername("guest").WithPassword("guest").WithPortBinding(15672, true).Build();
            var all = new List<IContainer> { postgres, rabbit };
            all.AddRange(redis);
            await Task.WhenAll(all.Select(c => c.StartAsync()));

            var pg = new Npgsql.NpgsqlConnectionStringBuilder(postgres.GetConnectionString()) { Database = null };
            return new TestServerEndpoints(
                pg.ConnectionString,
                redis[0].GetConnectionString(),
                redis.Skip(1).Select(r => r.GetConnectionString()).ToList(),
                new Uri($"amqp://guest:guest@{rabbit.Hostname}:{rabbit.GetMappedPublicPort(5672)}/"),
                new Uri($"http://guest:guest@{rabbit.Hostname}:{rabbit.GetMappedPublicPort(15672)}/"));
        }
        catch (DockerUnavailableException e)
        {
            throw new InvalidOperationException(
                "No Docker engine answers and FLASHSALE_TEST_SERVERS is not 'native': run the tests with ./flashsale.sh test, " +
                "which starts PostgreSQL, Redis and RabbitMQ natively.", e);
        }
    }
}
