using Microsoft.Data.Sqlite;
using Vigil.Tests.Support;

namespace Vigil.Tests.Storage;

/// <summary>States are enums in code and the same words in the database as before, so no stored data needs migrating.</summary>
public sealed class StoredValuesTests : IDisposable
{
    private readonly TempDirectory home = new();

    public void Dispose() => home.Dispose();

    [Theory]
    [InlineData("--dpkg-status", "dpkg-status", "--compiled-files", "compiled-files")]
    [InlineData("--rootfs", "rootfs", "--build-dir", "build-dir")]
    [InlineData("--isar-deploy", "isar-deploy", "--spdx", "spdx")]
    public async Task Inventory_kinds_are_stored_as_the_words_they_always_were(string packagesOption, string packagesWord, string buildOption, string buildWord)
    {
        var path = home.Write("inventory", "");
        var added = await CliRunner.RunAsync(null, home.Path, "product", "add", "gateway", "--release", "1", packagesOption, path, "--kernel-version", "6.1.1",
            buildOption, path, "--data-dir", home.File("data"));
        Assert.True(added.ExitCode == 0, added.Error);

        using var connection = new SqliteConnection($"Data Source={home.File("data/vigil.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT packages_kind, kernel_build_kind FROM releases";
        using var row = query.ExecuteReader();
        Assert.True(row.Read());

        Assert.Equal((packagesWord, buildWord), (row.GetString(0), row.GetString(1)));
        var shown = await CliRunner.RunAsync(null, home.Path, "product", "show", "gateway", "--data-dir", home.File("data"));
        Assert.Contains($"packages: {packagesWord} ", shown.Out, StringComparison.Ordinal);
        Assert.Contains($", {buildWord} ", shown.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_kinds_are_stored_as_debian_and_kernel()
    {
        string[] data = ["--data-dir", home.File("data")];
        Assert.Equal(0, (await CliRunner.RunAsync(null, home.Path, ["feeds", "import", "debian", Fixture.Path("tracker-excerpt.json"), .. data])).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync(null, home.Path, ["feeds", "import", "kernel", KernelFixture.Root, .. data])).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync(null, home.Path, ["product", "add", "gateway", "--release", "1", "--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--debian-release", "bookworm", "--kernel-version", "6.6.10", .. data])).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync(null, home.Path, ["scan", "--product", "gateway", "--quiet", .. data])).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync(null, home.Path, ["kernel", "scan", "--product", "gateway", "--quiet", .. data])).ExitCode is 0 or 2 ? 0 : 1);

        using var connection = new SqliteConnection($"Data Source={home.File("data/vigil.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT kind FROM scans ORDER BY kind";
        using var rows = query.ExecuteReader();
        var kinds = new List<string>();
        while (rows.Read())
        {
            kinds.Add(rows.GetString(0));
        }

        Assert.Equal(["debian", "kernel"], kinds);
    }

    private List<string> Column(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={home.File("data/vigil.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var query = connection.CreateCommand();
        query.CommandText = sql;
        using var rows = query.ExecuteReader();
        var values = new List<string>();
        while (rows.Read())
        {
            values.Add(string.Join("|", Enumerable.Range(0, rows.FieldCount).Select(i => rows.IsDBNull(i) ? "" : rows.GetString(i))));
        }
        return values;
    }

    [Fact]
    public async Task Finding_statuses_and_triage_words_are_stored_as_they_always_were()
    {
        string[] data = ["--data-dir", home.File("data")];
        await CliRunner.RunAsync(null, home.Path, ["feeds", "import", "debian", Fixture.Path("tracker-excerpt.json"), .. data]);
        await CliRunner.RunAsync(null, home.Path, ["feeds", "import", "kernel", KernelFixture.Root, .. data]);
        await CliRunner.RunAsync(null, home.Path, ["product", "add", "gateway", "--release", "1", "--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--debian-release", "bookworm", "--kernel-version", "6.6.10", .. data]);
        await CliRunner.RunAsync(null, home.Path, ["scan", "--product", "gateway", "--quiet", .. data]);
        await CliRunner.RunAsync(null, home.Path, ["kernel", "scan", "--product", "gateway", "--quiet", .. data]);
        var set = await CliRunner.RunAsync(null, home.Path, ["triage", "set", "--product", "gateway", "--cve", "CVE-2010-4756", "--component", "glibc", "--state", "not_affected",
            "--justification", "vulnerable_code_not_in_execute_path", "--detail", "no untrusted globs", "--author", "alice", .. data]);
        var affected = await CliRunner.RunAsync(null, home.Path, ["triage", "set", "--product", "gateway", "--cve", "CVE-2025-4802", "--component", "glibc", "--state", "affected",
            "--response", "workaround_available", "--author", "bob", .. data]);
        Assert.True(set.ExitCode == 0 && affected.ExitCode == 0, set.Error + affected.Error);

        Assert.Equal(["affected", "needs-review", "open"], Column("SELECT DISTINCT status FROM scan_findings ORDER BY status"));
        Assert.Equal(["affected||workaround_available", "not_affected|vulnerable_code_not_in_execute_path|"], Column("SELECT state, justification, response FROM triage_decisions ORDER BY state"));
    }

    [Fact]
    public async Task Feed_files_name_their_kind_and_origin_in_the_words_they_always_did()
    {
        var imported = await CliRunner.RunAsync(null, home.Path, "feeds", "import", "debian", Fixture.Path("tracker-excerpt.json"), "--data-dir", home.File("data"));
        Assert.True(imported.ExitCode == 0, imported.Error);

        var file = System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(Directory.EnumerateFiles(home.File("data/feeds")).Single(f => f.Contains("debian", StringComparison.Ordinal))));

        Assert.Contains("\"kind\": \"debian-tracker\"", file, StringComparison.Ordinal);
        Assert.Contains("\"origin\": \"import\"", file, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_feed_file_naming_an_unknown_kind_is_damaged_not_read_as_a_default()
    {
        await CliRunner.RunAsync(null, home.Path, "feeds", "import", "debian", Fixture.Path("tracker-excerpt.json"), "--data-dir", home.File("data"));
        var path = Directory.EnumerateFiles(home.File("data/feeds")).Single(f => f.Contains("debian", StringComparison.Ordinal));
        var bytes = File.ReadAllBytes(path);
        var word = System.Text.Encoding.UTF8.GetBytes("\"debian-tracker\"");
        var at = bytes.AsSpan().IndexOf(word);
        System.Text.Encoding.UTF8.GetBytes("\"debian-trackex\"").CopyTo(bytes, at);
        File.WriteAllBytes(path, bytes);

        var status = await CliRunner.RunAsync(null, home.Path, "feeds", "status", "--data-dir", home.File("data"));

        Assert.Equal(1, status.ExitCode);
        Assert.Contains("damaged", status.Error, StringComparison.Ordinal);
        Assert.Contains("feed kind 'debian-trackex' is not one of debian-tracker, kernel-cna, cip-kernel-sec", status.Error, StringComparison.Ordinal);
    }
}
