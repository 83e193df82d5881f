using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FlashSale.Testing;

/// <summary>
/// Counts the SQL commands a service sends, optionally only those whose text contains every given fragment.
/// Each command is recorded with its parameters' values ("-- @p=42"), so a fragment like "=42" finds the
/// commands about one row: a test can tell that the service has looked for it.
/// </summary>
public sealed class CommandCounter : DbCommandInterceptor
{
    private readonly List<string> _commands = [];

    public int Count(params string[] fragments)
    {
        lock (_commands)
        {
            return _commands.Count(c => fragments.All(f => c.Contains(f, StringComparison.OrdinalIgnoreCase)));
        }
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return base.ReaderExecutedAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return base.ScalarExecutedAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return base.NonQueryExecutedAsync(command, eventData, result, cancellationToken);
    }

    private void Record(DbCommand command)
    {
        lock (_commands)
        {
            _commands.Add(command.Parameters.Count == 0 ? command.CommandText : $"{command.CommandText} -- {Values(command.Parameters)}");
        }
    }

    private static string Values(DbParameterCollection parameters) =>
        string.Join(", ", parameters.Cast<DbParameter>().Select(p => $"{p.ParameterName}={Text(p.Value)}"));

    // An array parameter (WHERE id = ANY(@ids)) shows its elements: "={1,2,3}".
    private static string? Text(object? value)
    {
        if (value is string or byte[] || value is not System.Collections.IEnumerable items)
        {
            return Convert.ToString(value, CultureInfo.InvariantCulture);
        }

        return "{" + string.Join(",", items.Cast<object?>().Select(i => Convert.ToString(i, CultureInfo.InvariantCulture))) + "}";
    }
}
