using Vigil.Common;

namespace Vigil.Storage;

/// <summary>
/// Which database holds the team's records: --database / VIGIL_DATABASE, a PostgreSQL connection string
/// ("Host=...;Database=...") or URL (postgres://user@host/db), or a SQLite file; by default vigil.db in the data
/// directory. The connection string may carry a password, so it is never shown: <see cref="Display"/> is.
/// </summary>
public sealed record DatabaseLocation(bool IsPostgres, string ConnectionString, string Display)
{
    public static DatabaseLocation Resolve(string? setting, DataDirectory dataDirectory)
    {
        if (string.IsNullOrWhiteSpace(setting))
        {
            var file = Path.Combine(dataDirectory.Path, "vigil.db");
            return Sqlite(file);
        }
        var text = setting.Trim();
        if (text.StartsWith("postgres://", StringComparison.Ordinal) || text.StartsWith("postgresql://", StringComparison.Ordinal))
        {
            return FromPostgresUrl(text);
        }
        if (text.Contains("Host=", StringComparison.OrdinalIgnoreCase))
        {
            var builder = new Npgsql.NpgsqlConnectionStringBuilder(text);
            return new DatabaseLocation(true, builder.ConnectionString, $"PostgreSQL {builder.Database} on {builder.Host}:{builder.Port}");
        }
        var path = text.StartsWith("sqlite:", StringComparison.Ordinal) ? text["sqlite:".Length..] : text;
        return Sqlite(Path.GetFullPath(path));
    }

    private static DatabaseLocation Sqlite(string file)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = file, Pooling = false, DefaultTimeout = 30 };
        return new DatabaseLocation(false, builder.ConnectionString, $"SQLite {file}");
    }

    private static DatabaseLocation FromPostgresUrl(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.AbsolutePath.Length <= 1)
        {
            throw new VigilException("invalid PostgreSQL URL in --database/VIGIL_DATABASE: expected postgres://user[:password]@host[:port]/database");
        }
        var user = url.UserInfo.Split(':', 2);
        var builder = new Npgsql.NpgsqlConnectionStringBuilder
        {
            Host = url.Host,
            Port = url.Port > 0 ? url.Port : 5432,
            Database = Uri.UnescapeDataString(url.AbsolutePath.TrimStart('/')),
            Username = user[0].Length > 0 ? Uri.UnescapeDataString(user[0]) : null,
            Password = user.Length > 1 ? Uri.UnescapeDataString(user[1]) : null,
        };
        return new DatabaseLocation(true, builder.ConnectionString, $"PostgreSQL {builder.Database} on {builder.Host}:{builder.Port}");
    }
}
