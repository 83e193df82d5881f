namespace FlashSale.ServiceDefaults.Data;

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

    public int MaxPoolSize { get; set; } = 100;

    public string ConnectionString(string defaultDatabase) =>
        $"{Server};Database={(string.IsNullOrEmpty(Database) ? defaultDatabase : Database)};Maximum Pool Size={MaxPoolSize}";
}
