using System.Data.Common;
using Vigil.Common;

namespace Vigil.Storage;

/// <summary>
/// Which database holds the team's records: a PostgreSQL connection string ("Host=...;Database=...") or URL
/// (postgres://user@host/db), or a SQLite file; by default vigil.db in the data directory. The connection string
/// may carry a password, so it is never shown: <see cref="Display"/> is, and errors name the setting's keys, never values.
/// </summary>
public sealed record DatabaseLocation(bool IsPostgres, string ConnectionString, string Display, bool IsDefault, bool HasPassword)
{
    /// <summary>The SQLite file, for a SQLite location.</summary>
    public string SqliteFile => new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString).DataSource;

    public static DatabaseLocation Resolve(string? setting, DataDirectory dataDirectory)
    {
        if (string.IsNullOrWhiteSpace(setting))
        {
            return Sqlite(Path.Combine(dataDirectory.Path, "vigil.db"), isDefault: true);
        }
        var text = setting.Trim();
        if (text.StartsWith("postgres://", StringComparison.Ordinal) || text.StartsWith("postgresql://", StringComparison.Ordinal))
        {
            return FromPostgresUrl(text);
        }
        if (text.Contains('=', StringComparison.Ordinal))
        {
            return FromConnectionString(text);
        }
        var path = text.StartsWith("sqlite:", StringComparison.Ordinal) ? text["sqlite:".Length..] : text;
        return Sqlite(Path.GetFullPath(path), isDefault: false);
    }

    private static DatabaseLocation Sqlite(string file, bool isDefault)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = file, Pooling = false, DefaultTimeout = 30 };
        return new DatabaseLocation(false, builder.ConnectionString, $"SQLite {file}", isDefault, HasPassword: false);
    }

    /// <summary>Key by key, so a bad value is named by its key and never echoed (it may be the password).</summary>
    private static DatabaseLocation FromConnectionString(string text)
    {
        var pairs = new DbConnectionStringBuilder();
        try
        {
            pairs.ConnectionString = text;
        }
        catch (ArgumentException e)
        {
            throw new VigilException("the database setting is not a valid connection string: expected Key=Value pairs separated by ';' (is a quote left open?)", e);
        }
        var builder = new Npgsql.NpgsqlConnectionStringBuilder();
        foreach (string key in pairs.Keys)
        {
            try
            {
                builder[key] = pairs[key];
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
            {
                var written = AsWritten(text, key);
                throw new VigilException(IsKnownKey(key)
                    ? $"the database setting has an invalid value for '{written}'"
                    : $"the database setting has an unknown key '{written}'", e);
            }
        }
        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new VigilException("the database setting names no PostgreSQL host: expected Host=NAME");
        }
        if (string.IsNullOrWhiteSpace(builder.Database))
        {
            throw new VigilException("the database setting names no database: expected Database=NAME");
        }
        return Postgres(builder);
    }

    /// <summary>The key as the user spelled it (the parser lower-cases keys).</summary>
    private static string AsWritten(string text, string key)
    {
        var match = System.Text.RegularExpressions.Regex.Match(text, $@"(?:^|;)\s*({System.Text.RegularExpressions.Regex.Escape(key)})\s*=",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));
        return match.Success ? match.Groups[1].Value : key;
    }

    private static bool IsKnownKey(string key)
    {
        try
        {
            return new Npgsql.NpgsqlConnectionStringBuilder().ContainsKey(key);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static DatabaseLocation FromPostgresUrl(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.AbsolutePath.Length <= 1 || url.Host.Length == 0)
        {
            throw new VigilException("the database setting is not a valid PostgreSQL URL: expected postgres://user@host[:port]/database");
        }
        if (url.Query.Length > 0 || url.Fragment.Length > 0)
        {
            throw new VigilException("the database setting is a PostgreSQL URL with options, which Vigil does not read: give options as a Key=Value connection string");
        }
        var user = url.UserInfo.Split(':', 2);
        return Postgres(new Npgsql.NpgsqlConnectionStringBuilder
        {
            Host = url.Host,
            Port = url.Port > 0 ? url.Port : 5432,
            Database = Uri.UnescapeDataString(url.AbsolutePath.TrimStart('/')),
            Username = user[0].Length > 0 ? Uri.UnescapeDataString(user[0]) : null,
            Password = user.Length > 1 ? Uri.UnescapeDataString(user[1]) : null,
        });
    }

    private static DatabaseLocation Postgres(Npgsql.NpgsqlConnectionStringBuilder builder)
    {
        var hasPassword = !string.IsNullOrEmpty(builder.Password);
        // No wait without a bound: connecting and each statement are bounded by Npgsql's timeouts (15 s, 30 s), and the
        // locks a statement waits for (a migration, a concurrent writer) by this.
        builder.Options = string.IsNullOrEmpty(builder.Options) ? "-c lock_timeout=60000" : builder.Options + " -c lock_timeout=60000";
        return new DatabaseLocation(true, builder.ConnectionString, $"PostgreSQL {builder.Database} on {builder.Host}:{builder.Port}", IsDefault: false, hasPassword);
    }
}
