using System.Text.Json;
using Vigil.Common;
using Vigil.Tests.Support;
using Vigil.Triage;

namespace Vigil.Tests.Storage;

public sealed class RiskPolicyTests : IDisposable
{
    private readonly TempDirectory home = new();

    public void Dispose() => home.Dispose();

    private Task<CliResult> Vigil(params string[] args) => CliRunner.RunAsync(null, home.Path, [.. args, "--data-dir", Path.Combine(home.Path, "data")]);

    private async Task<Dictionary<string, string>> Risks(string? policy)
    {
        Assert.Equal(0, (await Vigil("feeds", "import", "debian", Fixture.Path("tracker-excerpt.json"))).ExitCode);
        Assert.Equal(0, (await Vigil("product", "add", "gateway", "--release", "1", "--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--debian-release", "bookworm")).ExitCode);
        Assert.Equal(0, (await Vigil("scan", "--product", "gateway", "--quiet")).ExitCode);
        var list = await Vigil(policy is null ? ["triage", "list", "--product", "gateway", "--format", "json"] : ["triage", "list", "--product", "gateway", "--format", "json", "--policy", policy]);
        Assert.True(list.ExitCode == 0, list.Error);
        return JsonDocument.Parse(list.Out).RootElement.EnumerateArray().ToDictionary(f => f.GetProperty("cve").GetString()!, f => f.GetProperty("risk").GetString()!);
    }

    [Fact]
    public async Task Default_policy_maps_urgency_and_raises_remote_findings()
    {
        var risks = await Risks(null);

        Assert.Equal("high", risks["CVE-2025-4802"]);      // high urgency
        Assert.Equal("medium", risks["CVE-2010-4756"]);    // unimportant, but remote
        Assert.Equal("low", risks["CVE-2010-0928"]);       // unimportant, local
        Assert.Equal("high", risks["CVE-2025-9230"]);      // not yet assigned (unrated = medium), remote
        Assert.Equal("low", risks["CVE-2019-18276"]);      // low, local
    }

    [Fact]
    public async Task Exposure_known_exploitation_and_epss_raise_the_risk()
    {
        home.Write("epss.csv", "#model_version:v2025.03.14\ncve,epss,percentile\nCVE-2019-18276,0.42,0.97\nCVE-2022-0563,0.0004,0.1\n");
        var policy = home.Write("policy.yml",
            "# the team's policy\nremote-raises: false\nunrated: low\nexposed-packages: [bash]\nknown-exploited: [CVE-2010-0928]\nepss:\n  file: epss.csv\n  high: 0.3\n");

        var risks = await Risks(policy);

        Assert.Equal("low", risks["CVE-2010-4756"]);       // remote no longer raises
        Assert.Equal("high", risks["CVE-2010-0928"]);      // known exploited
        Assert.Equal("high", risks["CVE-2019-18276"]);     // EPSS 0.42 >= 0.3
        Assert.Equal("low", risks["CVE-2025-9230"]);       // unrated = low
        Assert.Equal("medium", risks["CVE-2022-0563"]);    // medium urgency, EPSS below the bar
    }

    [Fact]
    public void Kernel_findings_follow_cvss_thresholds_and_exposed_kernel_paths()
    {
        var policy = RiskPolicy.Load(home.Write("kernel-policy.yml", "cvss: { high: 8.0, medium: 5.0 }\nexposed-kernel-paths: [net/]\n"));
        global::Vigil.History.ScanFindingRecord Finding(double? cvss, string files, string severity = "high") => new()
        {
            Id = "1", ScanId = "s", VulnerabilityId = "CVE-2024-26581", Component = "linux", InstalledVersion = "6.1.50", Status = global::Vigil.History.FindingStatus.Affected,
            Severity = severity, EvidenceSha256 = "e", Summary = "s", Cvss = cvss, ProgramFiles = files,
        };

        Assert.Equal(RiskCategory.Medium, policy.Categorize(Finding(7.8, "drivers/gpu/x.c")));
        Assert.Equal(RiskCategory.High, policy.Categorize(Finding(7.8, "net/netfilter/nft_set_rbtree.c")));
        Assert.Equal(RiskCategory.Low, policy.Categorize(Finding(4.9, "fs/ext4/super.c")));
        Assert.Equal(RiskCategory.Medium, policy.Categorize(Finding(null, "fs/ext4/super.c", "unknown")));
    }

    [Theory]
    [InlineData("cvss:\n  high: 11\n", 2, "expected cvss.high to be a number from 0 to 10")]
    [InlineData("exposed-packages: bash\n", 1, "expected exposed-packages to be a list")]
    [InlineData("frobnicate: true\n", 1, "unknown policy setting 'frobnicate'")]
    [InlineData("cvss: [1, 2\n", 2, "invalid YAML")]
    public void Malformed_policy_names_file_and_line(string yaml, int line, string message)
    {
        var path = home.Write("policy.yml", yaml);

        var error = Assert.Throws<VigilException>(() => RiskPolicy.Load(path));

        Assert.StartsWith($"{path}:{line}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_policy_is_read_again_when_it_or_its_epss_file_changes_and_not_otherwise()
    {
        home.Write("epss.csv", "cve,epss,percentile\nCVE-2025-9230,0.01,0.5\n");
        var path = home.Write("current-policy.yml", "epss: { file: epss.csv, high: 0.5 }\n");

        var first = RiskPolicy.LoadCurrent(path);
        var again = RiskPolicy.LoadCurrent(path);
        home.Write("epss.csv", "cve,epss,percentile\nCVE-2025-9230,0.97,0.99\n");
        var afterEpss = RiskPolicy.LoadCurrent(path);
        home.Write("current-policy.yml", "epss: { file: epss.csv, high: 0.99 }\n");
        var afterPolicy = RiskPolicy.LoadCurrent(path);

        Assert.Same(first, again);
        Assert.Equal(0.01, first.Epss["CVE-2025-9230"]);
        Assert.Equal(0.97, afterEpss.Epss["CVE-2025-9230"]);
        Assert.Equal(0.99, afterPolicy.EpssHigh);
    }
}
