using Npgsql;

namespace Vigil.Tests.Support;

/// <summary>
/// A fresh, empty team database per test: a SQLite file, or a new database on the PostgreSQL server named by
/// VIGIL_TEST_POSTGRES (a connection string; .ci/run starts a throwaway server and sets it).
/// </summary>
public interface ITestDatabase : IDisposable
{
    /// <summary>What to pass as --database.</summary>
    string Setting { get; }
}

/// <summary>A SQLite file named with --database: created as a user would, with 'vigil db migrate'.</summary>
public sealed class SqliteTestDatabase : ITestDatabase
{
    public SqliteTestDatabase(TempDirectory directory)
    {
        Setting = Path.Combine(directory.Path, "team.db");
        var created = CliRunner.RunAsync(null, directory.Path, "db", "migrate", "--database", Setting, "--data-dir", directory.Path).GetAwaiter().GetResult();
        if (created.ExitCode != 0)
        {
            throw new InvalidOperationException(created.Error);
        }
    }

    public string Setting { get; }

    public void Dispose()
    {
    }
}

public sealed class PostgresTestDatabase : ITestDatabase
{
    private readonly string server;
    private readonly string name = $"vigil_test_{Guid.NewGuid():N}";

    public PostgresTestDatabase()
    {
        server = Environment.GetEnvironmentVariable("VIGIL_TEST_POSTGRES")
            ?? throw new InvalidOperationException("the PostgreSQL storage tests need a server: set VIGIL_TEST_POSTGRES to a connection string with CREATEDB rights, or run 'bash .ci/run', which starts one");
        using (var connection = new NpgsqlConnection(server))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            create.ExecuteNonQuery();
        }
        Setting = new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = false }.ConnectionString;
    }

    public string Setting { get; }

    public void Dispose()
    {
        using var connection = new NpgsqlConnection(server);
        connection.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        drop.ExecuteNonQuery();
    }
}
