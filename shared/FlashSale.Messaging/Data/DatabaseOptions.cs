namespace FlashSale.Messaging.Data;

/// <summary>
/// Bound from "Postgres". Each service owns one database on the shared server:
/// the connection string is <see cref="Server"/> plus <see cref="Database"/>.
/// </summary>
public sealed class DatabaseOptions
{
    public const string Section = "Postgres";

    /// <summary>Host, port and credentials, without a database (env: Postgres__Server).</summary>
    public string Server { get; set; } = "";

    /// <summary>This service's database (env: Postgres__Database).</summary>
    public string Database { get; set; } = "";

    /// <summary>Apply pending EF Core migrations before the host starts serving.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>
    /// Connections per process. Few on purpose: a request or batch waits for a connection rather than adding a server
    /// process, and on a 2-core machine 100 per service only multiplied PostgreSQL's backends (each faulting in its own
    /// view of shared memory and warming its own catalog cache): the saga settled ~10 % faster at 20, with PostgreSQL's
    /// share of the CPU down from ~22 % to ~15 % (perf, load-tests/results/profile-2026-12-07.md).
    /// </summary>
    public int MaxPoolSize { get; set; } = 20;

    /// <summary>
    /// Statements the services run again and again (inbox, outbox, saga steps) are prepared once per connection
    /// and kept: no DISCARD ALL when a connection goes back to the pool (nothing here leaves session state behind;
    /// the one session-level advisory lock runs on an unpooled connection of its own).
    /// </summary>
    public string ConnectionString(string defaultDatabase) =>
        $"{Server};Database={(string.IsNullOrEmpty(Database) ? defaultDatabase : Database)};Maximum Pool Size={MaxPoolSize}" +
        ";No Reset On Close=true;Max Auto Prepare=64;Auto Prepare Min Usages=2";
}
