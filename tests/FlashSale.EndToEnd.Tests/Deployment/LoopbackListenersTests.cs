using System.Globalization;
using FlashSale.Testing;

namespace FlashSale.EndToEnd.Tests.Deployment;

/// <summary>
/// Every server the project starts (PostgreSQL, Redis and the Redlock nodes, RabbitMQ with its management, Erlang
/// distribution and epmd ports) listens on loopback only, read from the kernel's own socket tables while they run.
/// </summary>
public sealed class LoopbackListenersTests
{
    private static readonly string[] SocketTables = ["/proc/net/tcp", "/proc/net/tcp6"];

    [Fact]
    public async Task The_servers_listen_on_loopback_only()
    {
        var ports = (await OpsShell.RunAsync("echo $FS_PG_PORT $FS_REDIS_PORT $FS_REDLOCK_PORTS $FS_AMQP_PORT $FS_RABBIT_MGMT_PORT $FS_RABBIT_DIST_PORT $FS_EPMD_PORT"))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToHashSet();

        var ours = Listeners().Where(l => ports.Contains(l.Port)).ToList();

        // The database and the broker run during the suite: an empty list would prove nothing.
        Assert.Contains(ours, l => l.Port == ports.First());
        Assert.All(ours, l => Assert.True(l.Loopback, $"port {l.Port} listens on {l.Address}"));
    }

    /// <summary>Listening TCP sockets from /proc/net/tcp and tcp6: the local address (hex) and port.</summary>
    private static IEnumerable<(string Address, int Port, bool Loopback)> Listeners() =>
        from table in SocketTables
        where File.Exists(table)
        from line in File.ReadLines(table).Skip(1)
        let columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)
        where columns.Length > 3 && columns[3] == "0A"
        let local = columns[1].Split(':')
        select (local[0], int.Parse(local[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture), IsLoopback(local[0]));

    // IPv4 is little-endian hex ("0100007F" is 127.0.0.1); IPv6 is four little-endian words ("...01000000" is ::1,
    // "0000000000000000FFFF00000100007F" is ::ffff:127.0.0.1).
    private static bool IsLoopback(string hex) => hex.Length switch
    {
        8 => hex.EndsWith("7F", StringComparison.Ordinal),
        32 => hex == "00000000000000000000000001000000" || (hex.StartsWith("0000000000000000FFFF0000", StringComparison.Ordinal) && hex.EndsWith("7F", StringComparison.Ordinal)),
        _ => false,
    };
}
