using System.Text.Json;
using Vigil.Feeds.Kernel;
using Vigil.Tests.Support;

namespace Vigil.Tests.Cli;

public sealed class KernelCommandTests : IDisposable
{
    private readonly TempDirectory home = new();

    public void Dispose() => home.Dispose();

    private string DataDir => Path.Combine(home.Path, "data");

    private Task<CliResult> Vigil(params string[] args) =>
        CliRunner.RunAsync(new Dictionary<string, string> { ["VIGIL_KERNEL_VULNS_URL"] = "http://127.0.0.1:9/unused.tar.gz" }, home.Path, [.. args, "--data-dir", DataDir]);

    private async Task ImportFixture()
    {
        var result = await Vigil("feeds", "import", "kernel", KernelFixture.Root);
        Assert.True(result.ExitCode == 0, result.Error);
    }

    private static Dictionary<string, JsonElement> Findings(string json) =>
        JsonDocument.Parse(json).RootElement.GetProperty("findings").EnumerateArray().ToDictionary(f => f.GetProperty("cve").GetString()!);

    [Fact]
    public async Task Scan_json_says_per_cve_status_reason_and_fix()
    {
        await ImportFixture();

        var result = await Vigil("kernel", "scan", "--version", "6.4.8", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        var finding = Findings(result.Out)["CVE-2024-26581"];
        Assert.Equal("affected", finding.GetProperty("status").GetString());
        Assert.Equal("introduced in 6.5 (in 6.4 from 6.4.8), fixed upstream in 6.8, no fix for 6.4 yet", finding.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, finding.GetProperty("fixedIn").ValueKind);
        Assert.Equal(7.8, finding.GetProperty("cvss").GetProperty("baseScore").GetDouble());
        Assert.Equal("high", finding.GetProperty("severity").GetString());
        Assert.Equal(["net/netfilter/nft_set_rbtree.c"], finding.GetProperty("programFiles").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public async Task Scan_json_carries_each_description_as_its_record_publishes_it()
    {
        await ImportFixture();

        var result = await Vigil("kernel", "scan", "--version", "6.4.8", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        Assert.NotEmpty(Findings(result.Out));
        foreach (var (cve, finding) in Findings(result.Out))
        {
            var published = KernelCveParser.Parse(File.ReadAllBytes(Path.Combine(KernelFixture.Root, "cve", "published", cve[4..8], cve + ".json")), cve, []).Description;
            Assert.Equal(published, finding.GetProperty("description").GetString());
        }
    }

    [Fact]
    public async Task Scan_lists_only_affected_and_filtered_cves_never_the_unaffected()
    {
        await ImportFixture();

        var result = await Vigil("kernel", "scan", "--version", "6.6.65-cip10", "--format", "json");

        var findings = Findings(result.Out);
        Assert.Equal(["CVE-2021-47645", "CVE-2023-52920", "CVE-2025-40039"], findings.Keys.Order());
        Assert.Equal("needs-review", findings["CVE-2023-52920"].GetProperty("status").GetString());
        Assert.Contains("3 fixes are listed for 6.6", findings["CVE-2023-52920"].GetProperty("contradiction").GetString(), StringComparison.Ordinal);
        Assert.Equal("6.6.65-cip10", JsonDocument.Parse(result.Out).RootElement.GetProperty("target").GetProperty("kernelVersion").GetString());
    }

    [Fact]
    public async Task Table_puts_needs_review_explanations_under_the_table()
    {
        await ImportFixture();

        var result = await Vigil("kernel", "scan", "--version", "v6.1.100-cip20");

        Assert.Contains("CVE-2025-40039 needs review: the dyad says 6.1 is vulnerable from 6.1.71", result.Out, StringComparison.Ordinal);
        Assert.Contains("6.1.100-cip20: 1 affected, 2 needs-review; 6 CVE records evaluated.", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Debian_abi_name_needs_the_package_version()
    {
        await ImportFixture();

        var without = await Vigil("kernel", "scan", "--version", "6.1.0-28-amd64");
        var with = await Vigil("kernel", "scan", "--version", "6.1.0-28-amd64", "--package-version", "6.1.50-1", "--format", "json");

        Assert.Equal(1, without.ExitCode);
        Assert.Contains("is a Debian kernel ABI name", without.Error, StringComparison.Ordinal);
        Assert.Equal(0, with.ExitCode);
        Assert.Equal("6.1.50", JsonDocument.Parse(with.Out).RootElement.GetProperty("target").GetProperty("release").GetString());
        Assert.Contains("CVE-2024-26581", Findings(with.Out).Keys);
    }

    [Fact]
    public async Task Fail_on_high_exits_2_when_an_open_finding_is_high_or_unscored()
    {
        await ImportFixture();

        var result = await Vigil("kernel", "scan", "--version", "6.6.10", "--fail-on", "critical");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("without a CVSS score count as failing", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_limits_the_table_but_not_the_json()
    {
        await ImportFixture();

        var table = await Vigil("kernel", "scan", "--version", "6.6.65", "--show", "needs-review", "--format", "csv");
        var json = await Vigil("kernel", "scan", "--version", "6.6.65", "--show", "needs-review", "--format", "json");

        Assert.Equal(["CVE-2021-47645", "CVE-2023-52920"], table.Out.TrimEnd('\n').Split('\n').Skip(1).Select(l => l.Split(',')[0]).Order());
        Assert.Equal(3, Findings(json.Out).Count);
    }

    [Theory]
    [InlineData("6.6.17", "CVE-2024-26581")]
    [InlineData("6.8", "CVE-2023-52920,CVE-2024-26581")]
    [InlineData("6.6.140", "CVE-2023-52920")]
    [InlineData("2.6.24.5", null)]
    public async Task Fixed_in_lists_the_cves_a_release_fixes(string release, string? cve)
    {
        await ImportFixture();

        var result = await Vigil("kernel", "fixed-in", release, "--format", "json");

        Assert.Equal(0, result.ExitCode);
        var fixedCves = JsonDocument.Parse(result.Out).RootElement.GetProperty("fixed").EnumerateArray().Select(f => f.GetProperty("cve").GetString()).ToArray();
        Assert.Equal(cve is null ? [] : cve.Split(','), fixedCves);
    }

    [Fact]
    public async Task Invalid_version_is_one_line_with_exit_1()
    {
        await ImportFixture();

        var result = await Vigil("kernel", "scan", "--version", "linux-latest");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("vigil: error: invalid kernel version 'linux-latest': expected e.g. 6.1.119-cip33, v4.19.325-cip115, or a Debian ABI name such as 6.1.0-28-amd64 with its package version\n", result.Error);
    }

    [Fact]
    public async Task Without_feed_and_offline_it_says_what_to_import()
    {
        var result = await Vigil("kernel", "scan", "--version", "6.1.119", "--offline");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("vigil feeds import kernel PATH", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_fetches_the_snapshot_from_a_loopback_server_and_a_cut_download_keeps_it()
    {
        var archive = File.ReadAllBytes(KernelFixture.TarGz(KernelFixture.Root, Path.Combine(home.Path, "snapshot.tar.gz")));
        await using var server = await LoopbackFeedServer.StartAsync(archive);

        var first = await Vigil("feeds", "update", "kernel", "--url", server.FeedUrl);
        var again = await Vigil("feeds", "update", "kernel", "--url", server.FeedUrl);
        var cut = await Vigil("feeds", "update", "kernel", "--url", $"{server.BaseUrl}/truncated");
        var scan = await Vigil("kernel", "scan", "--version", "6.4.8", "--format", "json", "--offline");

        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Contains("kernel CVE feed updated", first.Error, StringComparison.Ordinal);
        Assert.Contains("kernel CVE feed is up to date", again.Error, StringComparison.Ordinal);
        Assert.Equal(1, cut.ExitCode);
        Assert.Contains("the cached feed is unchanged", cut.Error, StringComparison.Ordinal);
        Assert.Equal(0, scan.ExitCode);
        Assert.Contains("CVE-2024-26581", Findings(scan.Out).Keys);
    }

    [Fact]
    public async Task Show_prints_the_record_as_published_and_the_verdict_for_a_version()
    {
        await ImportFixture();

        var result = await Vigil("kernel", "show", "CVE-2023-52920", "--version", "6.6.65");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("    unaffected 6.6.70 <= 6.6.* (semver)", result.Out, StringComparison.Ordinal);
        Assert.Contains("    affected   b5dc0163d8fd78e64a7e21f309cf932fda34353e < 41f6f64e6999a837048b1bd13a2f8742964eca6b (git)", result.Out, StringComparison.Ordinal);
        Assert.Contains("    5.3:b5dc0163d8fd78e64a7e21f309cf932fda34353e:6.6.140:e4da60feca4d35e1a9b03dc0affa3354f9ff45e4", result.Out, StringComparison.Ordinal);
        Assert.Contains("  for 6.6.65: needs-review: fixed in 6.6.64; 3 fixes are listed for 6.6", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CVE-2024-26609", "vigil: error: CVE-2024-26609 was rejected by the kernel CNA\n")]
    [InlineData("CVE-2030-1234", "vigil: error: CVE-2030-1234 is not in the kernel CVE feed\n")]
    [InlineData("26581", "vigil: error: invalid CVE id '26581': expected CVE-YYYY-NNNN\n")]
    public async Task Show_of_an_unknown_or_rejected_id_says_so(string id, string error)
    {
        await ImportFixture();

        var result = await Vigil("kernel", "show", id);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(error, result.Error);
    }

    [Fact]
    public async Task Feeds_status_shows_the_kernel_feed()
    {
        await ImportFixture();

        var result = await Vigil("feeds", "status", "--format", "json");

        var kernel = JsonDocument.Parse(result.Out).RootElement.GetProperty("feeds").EnumerateArray().Single(f => f.GetProperty("kind").GetString() == "kernel-cna");
        Assert.Equal(6, kernel.GetProperty("entries").GetInt32());
        Assert.Equal(1, kernel.GetProperty("rejected").GetInt32());
    }
}
