using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace FlashSale.Messaging.Data;

/// <summary>
/// After a PostgreSQL restart every idle connection in the pool is dead, and Npgsql finds that out one connection at a
/// time: each one fails the command that draws it (57P01 "terminating connection due to administrator command", or a
/// broken socket), so a pool of dozens of connections fails dozens of batches and requests after the server is back.
/// The first such failure empties the pool (NpgsqlConnection.ClearPool: idle connections closed, busy ones not returned),
/// so only the commands already under way fail and the next ones open fresh connections.
/// </summary>
public sealed class BrokenConnectionInterceptor : DbCommandInterceptor
{
    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData)
    {
        ClearPoolIfBroken(command, eventData.Exception);
        base.CommandFailed(command, eventData);
    }

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ClearPoolIfBroken(command, eventData.Exception);
        return base.CommandFailedAsync(command, eventData, cancellationToken);
    }

    /// <summary>The server went away (shut down, crashed, not accepting yet) or the socket broke: other pooled connections are dead too.</summary>
    public static bool MeansServerLost(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow,
        NpgsqlException npgsql => npgsql.IsTransient,
        _ => false,
    };

    private static void ClearPoolIfBroken(DbCommand command, Exception exception)
    {
        if (command.Connection is NpgsqlConnection connection && MeansServerLost(exception))
        {
            NpgsqlConnection.ClearPool(connection);
        }
    }
}
