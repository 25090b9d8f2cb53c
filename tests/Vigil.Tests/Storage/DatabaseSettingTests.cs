using Vigil.Tests.Support;

namespace Vigil.Tests.Storage;

public sealed class DatabaseSettingTests : IDisposable
{
    private readonly TempDirectory home = new();

    public void Dispose() => home.Dispose();

    [Fact]
    public async Task Unreachable_postgres_is_one_line_without_the_password()
    {
        var result = await CliRunner.RunAsync(new Dictionary<string, string> { ["VIGIL_DATABASE"] = "Host=127.0.0.1;Port=9;Username=vigil;Password=s3cret-pass;Database=vigil;Timeout=3" },
            home.Path, "product", "list", "--data-dir", home.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("vigil: error: database PostgreSQL vigil on 127.0.0.1:9 cannot be used: ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pass", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task Postgres_url_with_password_is_never_echoed()
    {
        var result = await CliRunner.RunAsync(null, home.Path, "product", "list", "--data-dir", home.Path, "--database", "postgres://vigil:hunter2@127.0.0.1:9/team");

        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain("hunter2", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Default_database_is_a_sqlite_file_in_the_data_directory()
    {
        var result = await CliRunner.RunAsync(null, home.Path, "product", "add", "p", "--release", "r", "--kernel-version", "6.1.1", "--data-dir", home.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.True(File.Exists(Path.Combine(home.Path, "vigil.db")));
    }
}
