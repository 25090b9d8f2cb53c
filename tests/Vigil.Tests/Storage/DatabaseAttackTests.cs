using Microsoft.Data.Sqlite;
using Npgsql;
using Vigil.Tests.Support;

namespace Vigil.Tests.Storage;

/// <summary>
/// Databases left behind by killed processes, mistyped names, damaged and read-only files, passwords in argv: each
/// is one clean line (or works), never a hang, never a new empty database nobody asked for.
/// </summary>
public sealed class DatabaseAttackTests : IDisposable
{
    private static readonly TimeSpan NoHang = TimeSpan.FromSeconds(90);
    private readonly TempDirectory home = new();

    public void Dispose() => home.Dispose();

    private string DataDir => Path.Combine(home.Path, "data");

    private string DefaultDb => Path.Combine(DataDir, "vigil.db");

    private async Task<CliResult> Vigil(params string[] args)
    {
        var run = CliRunner.RunAsync(null, home.Path, [.. args, "--data-dir", DataDir]);
        var finished = await Task.WhenAny(run, Task.Delay(NoHang));
        Assert.True(finished == run, $"vigil {string.Join(' ', args)} did not finish within {NoHang.TotalSeconds} s");
        return await run;
    }

    private Task<CliResult> AddProduct() => Vigil("product", "add", "gateway", "--release", "1", "--kernel-version", "6.1.1");

    [Fact]
    public async Task A_migration_lock_left_by_a_process_killed_at_first_use_is_cleared_with_a_notice()
    {
        Directory.CreateDirectory(DataDir);
        // What EF Core leaves when its process dies right after taking the SQLite migration lock on a new database.
        SqliteFile.Execute(DefaultDb, "CREATE TABLE \"__EFMigrationsLock\" (\"Id\" INTEGER NOT NULL PRIMARY KEY, \"Timestamp\" TEXT NOT NULL); INSERT INTO \"__EFMigrationsLock\" VALUES (1, '2026-11-26 10:00:00');");

        var list = await Vigil("product", "list");

        Assert.True(list.ExitCode == 0, list.Error);
        Assert.Contains("cleared a schema-update lock left by a vigil process that was stopped", list.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stale_migration_lock_on_an_up_to_date_database_stops_nothing()
    {
        Assert.Equal(0, (await AddProduct()).ExitCode);
        SqliteFile.Execute(DefaultDb, "CREATE TABLE IF NOT EXISTS \"__EFMigrationsLock\" (\"Id\" INTEGER NOT NULL PRIMARY KEY, \"Timestamp\" TEXT NOT NULL); INSERT INTO \"__EFMigrationsLock\" VALUES (1, '2026-11-26 10:00:00');");

        var show = await Vigil("product", "show", "gateway");
        var diff = await Vigil("diff", "--product", "gateway");

        Assert.True(show.ExitCode == 0, show.Error);
        Assert.Contains("gateway", show.Out, StringComparison.Ordinal);
        Assert.NotEqual(130, diff.ExitCode);
    }

    [Fact]
    public async Task A_zero_length_database_file_is_an_error_not_a_new_database()
    {
        Directory.CreateDirectory(DataDir);
        File.WriteAllBytes(DefaultDb, []);

        var result = await Vigil("product", "list");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"vigil: error: {DefaultDb} is empty (0 bytes), not a Vigil database: a full disk or an interrupted copy may have cut it short; restore it from a backup or remove it\n", result.Error);
        Assert.Equal(0, new FileInfo(DefaultDb).Length);
    }

    [Fact]
    public async Task A_mistyped_sqlite_database_is_not_created_unless_migrated()
    {
        var typo = Path.Combine(home.Path, "teem.db");

        var list = await Vigil("product", "list", "--database", typo);
        var exists = File.Exists(typo);
        var migrate = await Vigil("db", "migrate", "--database", typo);
        var listAfter = await Vigil("product", "list", "--database", typo);

        Assert.Equal(1, list.ExitCode);
        Assert.Equal($"vigil: error: database SQLite {typo} does not exist; check the name, or create it with 'vigil db migrate'\n", list.Error);
        Assert.False(exists);
        Assert.True(migrate.ExitCode == 0, migrate.Error);
        Assert.Contains("schema up to date", migrate.Out, StringComparison.Ordinal);
        Assert.Equal(0, listAfter.ExitCode);
    }

    [Fact]
    public async Task A_mistyped_postgres_database_is_not_created()
    {
        var server = Environment.GetEnvironmentVariable("VIGIL_TEST_POSTGRES")
            ?? throw new InvalidOperationException("set VIGIL_TEST_POSTGRES (bash .ci/run starts a server)");
        var name = $"vigil_typo_{Guid.NewGuid():N}";
        var setting = new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = false }.ConnectionString;

        var result = await Vigil("product", "list", "--database", setting);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"database PostgreSQL {name} on 127.0.0.1", result.Error, StringComparison.Ordinal);
        Assert.EndsWith("does not exist; check the name, or create it with 'vigil db migrate'\n", result.Error, StringComparison.Ordinal);
        using var connection = new NpgsqlConnection(server);
        connection.Open();
        using var count = new NpgsqlCommand($"SELECT count(*) FROM pg_database WHERE datname = '{name}'", connection);
        Assert.Equal(0L, count.ExecuteScalar());
    }

    [Fact]
    public async Task A_password_on_the_command_line_is_refused_and_never_echoed()
    {
        var result = await Vigil("product", "list", "--database", "Host=127.0.0.1;Port=9;Username=u;Password=hunter2-secret;Database=d");
        var url = await Vigil("product", "list", "--database", "postgres://u:hunter2-secret@127.0.0.1:9/d");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("vigil: error: --database must not carry a password: every user of this machine can read a command line; put the setting in VIGIL_DATABASE", result.Error, StringComparison.Ordinal);
        Assert.Equal(1, url.ExitCode);
        Assert.Equal(result.Error, url.Error);
        Assert.DoesNotContain("hunter2", result.Error + url.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Port=abc;Database=d", "the database setting has an invalid value for 'Port'")]
    [InlineData("Host=127.0.0.1;SSL Mode=bogus;Database=d", "the database setting has an invalid value for 'SSL Mode'")]
    [InlineData("Host=127.0.0.1;Database='unterminated", "the database setting is not a valid connection string: expected Key=Value pairs separated by ';' (is a quote left open?)")]
    [InlineData("Host=;Database=d", "the database setting names no PostgreSQL host: expected Host=NAME")]
    [InlineData("Host=127.0.0.1;Colour=blue", "the database setting has an unknown key 'Colour'")]
    [InlineData("Host=127.0.0.1;Password='se;cret", "the database setting is not a valid connection string: expected Key=Value pairs separated by ';' (is a quote left open?)")]
    [InlineData("postgres://", "the database setting is not a valid PostgreSQL URL: expected postgres://user@host[:port]/database")]
    [InlineData("Host=x;Port=", "the database setting names no database: expected Database=NAME")]
    [InlineData("Host=a;Timeout=-1;Database=d", "the database setting has an invalid value for 'Timeout'")]
    [InlineData("postgresql://h/d?sslmode=bogus", "the database setting is a PostgreSQL URL with options, which Vigil does not read: give options as a Key=Value connection string")]
    [InlineData("Host=127.0.0.1;Port=9;Minimum Pool Size=10;Maximum Pool Size=1;Database=d", "database PostgreSQL d on 127.0.0.1:9 cannot be used: the setting's values do not fit together")]
    public async Task A_malformed_connection_string_is_one_clean_line(string setting, string expected)
    {
        var result = await CliRunner.RunAsync(new Dictionary<string, string> { ["VIGIL_DATABASE"] = setting }, home.Path, "product", "list", "--data-dir", DataDir);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"vigil: error: {expected}\n", result.Error);
        Assert.DoesNotContain("cret", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_with_damaged_pages_is_named_as_damaged()
    {
        Assert.Equal(0, (await AddProduct()).ExitCode);
        using (var file = new FileStream(DefaultDb, FileMode.Open, FileAccess.Write))
        {
            // Page 2 onwards (the schema and tables) overwritten; the header stays SQLite's.
            file.Position = 4096;
            file.Write(Enumerable.Repeat((byte)0xA5, 8192).ToArray());
        }

        var result = await Vigil("product", "list");

        Assert.Equal(1, result.ExitCode);
        Assert.Matches("^vigil: error: database SQLite .*vigil.db is damaged \\(SQLite finds its pages malformed\\): restore it from a backup; nothing was changed\n$", result.Error);
    }

    [Fact]
    public async Task A_file_that_is_not_sqlite_is_named_as_such()
    {
        Directory.CreateDirectory(DataDir);
        File.WriteAllText(DefaultDb, "this is not a database, but it is long enough to have a header that SQLite reads and rejects.\n");

        var result = await Vigil("product", "list");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"vigil: error: {DefaultDb} is not a SQLite database (its header is not SQLite's): point to the right file, or restore it from a backup\n", result.Error);
    }

    [Fact]
    public async Task Another_programs_sqlite_database_is_not_taken_over()
    {
        var other = Path.Combine(home.Path, "other.db");
        SqliteFile.Execute(other, "CREATE TABLE customers (id INTEGER PRIMARY KEY);");

        var result = await Vigil("db", "migrate", "--database", other);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is a SQLite database of another program", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_only_data_directory_serves_reads_and_refuses_writes_in_one_line()
    {
        Assert.Equal(0, (await AddProduct()).ExitCode);

        var list = VigilProcess.RunWithReadOnly(DataDir, $"product list --data-dir '{DataDir}'");
        var add = VigilProcess.RunWithReadOnly(DataDir, $"product add other --release 1 --kernel-version 6.1.1 --data-dir '{DataDir}'");

        Assert.True(list.ExitCode == 0, list.Error);
        Assert.Contains("gateway", list.Out, StringComparison.Ordinal);
        Assert.Equal(1, add.ExitCode);
        Assert.Matches("^vigil: error: .*database SQLite .*vigil.db is read-only here: nothing was stored\n$", add.Error);
    }

    [Fact]
    public async Task A_writer_held_up_by_another_says_what_it_waits_for_and_then_writes()
    {
        Assert.Equal(0, (await AddProduct()).ExitCode);
        using var other = new SqliteConnection($"Data Source={DefaultDb};Pooling=False");
        other.Open();
        using (var begin = other.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            begin.ExecuteNonQuery();
        }
        var release = Task.Delay(4000).ContinueWith(_ =>
        {
            using var commit = other.CreateCommand();
            commit.CommandText = "COMMIT";
            commit.ExecuteNonQuery();
        }, TaskScheduler.Default);

        var added = await Vigil("product", "add", "gateway", "--release", "2", "--kernel-version", "6.1.2");
        await release;

        Assert.True(added.ExitCode == 0, added.Error);
        Assert.Contains($"waiting (up to 30 s) for another vigil process writing to SQLite {DefaultDb}", added.Error, StringComparison.Ordinal);
    }
}
