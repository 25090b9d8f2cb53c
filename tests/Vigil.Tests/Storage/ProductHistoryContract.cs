using System.Text.Json;
using Vigil.Tests.Support;

namespace Vigil.Tests.Storage;

/// <summary>
/// Products, recorded scans and diffs through the CLI, the same for every database: the concrete classes below
/// run it on SQLite and on PostgreSQL.
/// </summary>
public abstract class ProductHistoryContract : IDisposable
{
    private readonly TempDirectory home = new();
    private readonly ITestDatabase database;

    protected ProductHistoryContract(Func<TempDirectory, ITestDatabase> makeDatabase)
    {
        database = makeDatabase(home);
        StatusFile = Path.Combine(home.Path, "image.dpkg_status");
        File.Copy(Fixture.Path("status-bookworm-excerpt"), StatusFile);
    }

    private string StatusFile { get; }

    public void Dispose()
    {
        database.Dispose();
        home.Dispose();
        GC.SuppressFinalize(this);
    }

    private Task<CliResult> Vigil(params string[] args) =>
        CliRunner.RunAsync(null, home.Path, [.. args, "--data-dir", Path.Combine(home.Path, "data"), "--database", database.Setting]);

    private async Task AddGateway()
    {
        Assert.Equal(0, (await Vigil("feeds", "import", "debian", Fixture.Path("tracker-excerpt.json"))).ExitCode);
        Assert.Equal(0, (await Vigil("feeds", "import", "kernel", KernelFixture.Root)).ExitCode);
        var added = await Vigil("product", "add", "gateway", "--release", "2026.1", "--dpkg-status", StatusFile, "--debian-release", "bookworm",
            "--kernel-version", "6.6.10-cip5", "--description", "CIP gateway");
        Assert.True(added.ExitCode == 0, added.Error);
    }

    private void Upgrade(string from, string to) => File.WriteAllText(StatusFile, File.ReadAllText(StatusFile).Replace($"Version: {from}\n", $"Version: {to}\n", StringComparison.Ordinal));

    private async Task<JsonElement[]> Diff(params string[] args)
    {
        var result = await Vigil(["diff", "--product", "gateway", "--format", "json", .. args]);
        Assert.True(result.ExitCode == 0, result.Error);
        return [.. JsonDocument.Parse(result.Out).RootElement.GetProperty("changes").EnumerateArray()];
    }

    private static string[] Changes(IEnumerable<JsonElement> changes) =>
        [.. changes.Select(c => $"{c.GetProperty("change").GetString()} {c.GetProperty("component").GetString()} {c.GetProperty("cve").GetString()}").Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Product_with_release_is_listed_and_shown()
    {
        await AddGateway();

        var list = await Vigil("product", "list");
        var show = await Vigil("product", "show", "gateway");

        Assert.Equal("gateway\t2026.1\tCIP gateway\n", list.Out);
        Assert.Contains($"    packages: dpkg-status {StatusFile} (bookworm)", show.Out, StringComparison.Ordinal);
        Assert.Contains("    kernel:   6.6.10-cip5", show.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_release_that_exists_is_not_added_twice()
    {
        await AddGateway();

        var again = await Vigil("product", "add", "gateway", "--release", "2026.1", "--kernel-version", "6.6.11");

        Assert.Equal(1, again.ExitCode);
        Assert.Equal("vigil: error: product gateway already has a release 2026.1\n", again.Error);
    }

    [Fact]
    public async Task Unknown_product_is_one_line_with_exit_1()
    {
        var result = await Vigil("scan", "--product", "nope");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("vigil: error: unknown product 'nope'; 'vigil product list' shows the products there are\n", result.Error);
    }

    [Fact]
    public async Task Two_scans_with_a_changed_inventory_diff_as_fixed_and_changed()
    {
        await AddGateway();
        Assert.Equal(0, (await Vigil("scan", "--product", "gateway")).ExitCode);
        Upgrade("2.36-9+deb12u14", "2.36-9+deb12u15");
        Assert.Equal(0, (await Vigil("scan", "--product", "gateway")).ExitCode);

        var changes = await Diff();

        Assert.Equal(["changed glibc CVE-2010-4756", "fixed glibc CVE-2025-4802"], Changes(changes));
    }

    [Fact]
    public async Task A_finding_that_returns_after_being_fixed_is_reopened()
    {
        await AddGateway();
        await Vigil("scan", "--product", "gateway");
        Upgrade("2.36-9+deb12u14", "2.36-9+deb12u15");
        await Vigil("scan", "--product", "gateway");
        Upgrade("2.36-9+deb12u15", "2.36-9+deb12u14");
        await Vigil("scan", "--product", "gateway");

        var changes = await Diff();

        Assert.Contains("reopened glibc CVE-2025-4802", Changes(changes));
    }

    [Fact]
    public async Task A_rescored_cve_with_the_same_inventory_is_a_feed_change()
    {
        await AddGateway();
        await Vigil("scan", "--product", "gateway");
        var feed = File.ReadAllText(Fixture.Path("tracker-excerpt.json"));
        var rescored = home.Write("rescored.json", feed.Replace("\"urgency\": \"low\"", "\"urgency\": \"medium\"", StringComparison.Ordinal)
            .Replace("Minor issue", "Minor issue, reviewed", StringComparison.Ordinal));
        Assert.Equal(0, (await Vigil("feeds", "import", "debian", rescored)).ExitCode);
        await Vigil("scan", "--product", "gateway");

        var changes = await Diff();
        var table = await Vigil("diff", "--product", "gateway");

        Assert.Contains("severity-changed bash CVE-2019-18276", Changes(changes));
        Assert.Contains("feed-changed util-linux CVE-2022-0563", Changes(changes));
        Assert.Contains("same inventory, feed updated", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kernel_scans_of_a_product_are_recorded_and_diffed()
    {
        await AddGateway();
        Assert.Equal(0, (await Vigil("kernel", "scan", "--product", "gateway")).ExitCode);
        var compiled = home.Write("compiled.txt", "drivers/soundwire/cadence_master.c\n");
        Assert.Equal(0, (await Vigil("kernel", "scan", "--product", "gateway", "--compiled-files", compiled)).ExitCode);

        var changes = await Diff("--kind", "kernel");

        Assert.Contains("fixed linux CVE-2024-26581", Changes(changes));
        Assert.DoesNotContain("fixed linux CVE-2024-38635", Changes(changes));
    }

    [Fact]
    public async Task Diff_with_one_scan_says_there_is_nothing_to_compare()
    {
        await AddGateway();
        await Vigil("scan", "--product", "gateway");

        var result = await Vigil("diff", "--product", "gateway");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("has only one debian scan", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_scans_are_both_recorded_whole()
    {
        await AddGateway();

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Vigil("scan", "--product", "gateway", "--quiet"))));

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Error));
        var show = await Vigil("product", "show", "gateway", "--format", "json");
        var scans = JsonDocument.Parse(show.Out).RootElement.GetProperty("releases")[0].GetProperty("scans").EnumerateArray().ToArray();
        Assert.Equal(4, scans.Length);
        var diff = await Vigil("diff", "--product", "gateway");
        Assert.Contains("No changes.", diff.Out, StringComparison.Ordinal);
    }
}

public sealed class SqliteProductHistoryTests() : ProductHistoryContract(home => new SqliteTestDatabase(home));

public sealed class PostgresProductHistoryTests() : ProductHistoryContract(_ => new PostgresTestDatabase());
