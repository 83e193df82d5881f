using System.Text;
using Microsoft.EntityFrameworkCore;

namespace FlashSale.Messaging.Data;

/// <summary>
/// Tables and columns in snake_case, so hand-written SQL (relays, reports, psql sessions) needs no quoting.
/// </summary>
public static class SnakeCaseNaming
{
    public static ModelBuilder UseSnakeCaseNames(this ModelBuilder model)
    {
        foreach (var entity in model.Model.GetEntityTypes())
        {
            entity.SetTableName(ToSnakeCase(entity.GetTableName() ?? entity.ClrType.Name));
            // A uint row version is Npgsql's xmin system column, named by its own convention later.
            foreach (var property in entity.GetProperties().Where(p => !(p.IsConcurrencyToken && p.ClrType == typeof(uint))))
            {
                property.SetColumnName(ToSnakeCase(property.Name));
            }

            foreach (var key in entity.GetKeys())
            {
                key.SetName(ToSnakeCase(key.GetName() ?? ""));
            }

            foreach (var index in entity.GetIndexes())
            {
                index.SetDatabaseName(ToSnakeCase(index.GetDatabaseName() ?? ""));
            }
        }

        return model;
    }

    public static string ToSnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && name[i - 1] != '_' && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
                {
                    sb.Append('_');
                }

                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
