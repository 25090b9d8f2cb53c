using Npgsql;
using Vigil.Tests.Support;

namespace Vigil.Tests.Storage;

/// <summary><c>vigil db migrate</c> creates a PostgreSQL database that does not exist yet; other commands never do.</summary>
public sealed class PostgresCreationTests : IDisposable
{
    private readonly TempDirectory home = new();
    private readonly string server = Environment.GetEnvironmentVariable("VIGIL_TEST_POSTGRES")
        ?? throw new InvalidOperationException("the PostgreSQL storage tests need a server: set VIGIL_TEST_POSTGRES, or run 'bash .ci/run', which starts one");
    private readonly string name = $"vigil_created_{Guid.NewGuid():N}";

    /// <summary>Every migration Vigil has.</summary>
    private static readonly int Migrations = typeof(Vigil.Storage.VigilDb).Assembly.GetTypes().Count(t => t.IsSubclassOf(typeof(Microsoft.EntityFrameworkCore.Migrations.Migration)));

    public void Dispose()
    {
        using var connection = new NpgsqlConnection(server);
        connection.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        drop.ExecuteNonQuery();
        home.Dispose();
    }

    [Fact]
    public async Task Db_migrate_creates_a_missing_database_and_other_commands_do_not()
    {
        var setting = new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = false }.ConnectionString;
        string[] data = ["--data-dir", home.File("data"), "--database", setting];

        var before = await CliRunner.RunAsync(null, home.Path, ["product", "list", .. data]);
        var migrated = await CliRunner.RunAsync(null, home.Path, ["db", "migrate", .. data]);
        var after = await CliRunner.RunAsync(null, home.Path, ["product", "list", .. data]);

        Assert.Equal(1, before.ExitCode);
        Assert.Contains("does not exist", before.Error, StringComparison.Ordinal);
        Assert.True(migrated.ExitCode == 0, migrated.Error);
        Assert.Contains($"schema up to date ({Migrations} migrations applied)", migrated.Out, StringComparison.Ordinal);
        Assert.Equal(0, after.ExitCode);
    }

    [Fact]
    public async Task Processes_migrating_one_new_database_at_once_apply_each_migration_once()
    {
        var setting = new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = false }.ConnectionString;

        var runs = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => CliRunner.RunAsync(null, home.Path, ["db", "migrate", "--data-dir", home.File($"data-{i}"), "--database", setting])));

        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.Error));
        Assert.All(runs, r => Assert.Contains($"schema up to date ({Migrations} migrations applied)", r.Out, StringComparison.Ordinal));
    }
}
