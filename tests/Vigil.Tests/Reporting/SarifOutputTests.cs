using System.Text.Json;
using Vigil.Tests.Support;

namespace Vigil.Tests.Reporting;

/// <summary><c>--format sarif</c> end to end: logs the SARIF schema and Microsoft's multitool accept, located where the inventory lists the package, stable across runs.</summary>
public sealed class SarifOutputTests : IDisposable
{
    private readonly TempDirectory home = new();

    public void Dispose() => home.Dispose();

    private Task<CliResult> Vigil(params string[] args) =>
        CliRunner.RunAsync(new Dictionary<string, string> { ["VIGIL_KERNEL_VULNS_URL"] = "http://127.0.0.1:9/unused.tar.gz" }, home.Path, [.. args, "--data-dir", home.File("data")]);

    private async Task<string> DebianSarif(params string[] extra)
    {
        Assert.Equal(0, (await Vigil("feeds", "import", "debian", Fixture.Path("tracker-excerpt.json"))).ExitCode);
        File.Copy(Fixture.Path("status-bookworm-excerpt"), home.File("image.dpkg_status"));
        var result = await Vigil(["scan", "--dpkg-status", "image.dpkg_status", "--release", "bookworm", "--format", "sarif", .. extra]);
        Assert.True(result.ExitCode == 0, result.Error);
        return result.Out;
    }

    private async Task<string> KernelSarif()
    {
        Assert.Equal(0, (await Vigil("feeds", "import", "kernel", KernelFixture.Root)).ExitCode);
        home.Write("compiled.txt", "init/main.c\nkernel/fork.c\nmm/memory.c\nnet/netfilter/nf_tables_api.c\ndrivers/soundwire/cadence_master.c\n");
        var result = await Vigil("kernel", "scan", "--version", "6.6.10", "--compiled-files", "compiled.txt", "--format", "sarif");
        Assert.True(result.ExitCode == 0, result.Error);
        return result.Out;
    }

    private static JsonElement[] Results(string sarif) => [.. JsonDocument.Parse(sarif).RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()];

    private static JsonElement Result(string sarif, string cve) => Results(sarif).Single(r => r.GetProperty("ruleId").GetString() == cve);

    [Fact]
    public async Task A_debian_scans_sarif_is_valid_by_the_schema_and_the_sarif_multitool()
    {
        var sarif = await DebianSarif();

        var schema = JsonSchemas.Sarif210(sarif);

        Assert.True(schema.IsValid, JsonSchemas.Errors(schema));
        Assert.Null(OfficialValidators.Sarif(sarif));
    }

    [Fact]
    public async Task A_kernel_scans_sarif_is_valid_by_the_schema_and_the_sarif_multitool()
    {
        var sarif = await KernelSarif();

        var schema = JsonSchemas.Sarif210(sarif);

        Assert.True(schema.IsValid, JsonSchemas.Errors(schema));
        Assert.Null(OfficialValidators.Sarif(sarif));
    }

    [Fact]
    public async Task A_debian_result_is_located_at_the_status_file_stanza_of_the_first_binary_of_its_source()
    {
        var sarif = await DebianSarif();

        var location = Result(sarif, "CVE-2025-4802").GetProperty("locations")[0];

        Assert.Equal("image.dpkg_status", location.GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal("SRCROOT", location.GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uriBaseId").GetString());
        Assert.Equal(172, location.GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.Equal("glibc", location.GetProperty("logicalLocations")[0].GetProperty("name").GetString());
    }

    private static JsonElement[] Rules(string sarif) =>
        [.. JsonDocument.Parse(sarif).RootElement.GetProperty("runs")[0].GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray()];

    [Fact]
    public async Task There_is_one_rule_per_cve_and_every_result_names_its_rule()
    {
        var sarif = await DebianSarif();

        var ruleIds = Rules(sarif).Select(r => r.GetProperty("id").GetString()!).ToArray();

        Assert.Equal(ruleIds.Distinct().Count(), ruleIds.Length);
        Assert.Equal(Results(sarif).Select(r => r.GetProperty("ruleId").GetString()!).Distinct().Order(), ruleIds.Order());
        Assert.All(Results(sarif), r => Assert.Equal(r.GetProperty("ruleId").GetString(), ruleIds[r.GetProperty("ruleIndex").GetInt32()]));
    }

    [Fact]
    public async Task A_kernel_rule_carries_the_cvss_base_score_as_security_severity_and_a_high_score_is_an_error()
    {
        var sarif = await KernelSarif();

        var rule = Rules(sarif).Single(r => r.GetProperty("id").GetString() == "CVE-2024-26581");

        Assert.Equal("7.8", rule.GetProperty("properties").GetProperty("security-severity").GetString());
        Assert.Equal("error", Result(sarif, "CVE-2024-26581").GetProperty("level").GetString());
    }

    [Theory]
    [InlineData("high", "error", "8.0")]
    [InlineData("medium", "warning", "5.5")]
    [InlineData("low", "note", "2.0")]
    [InlineData("unimportant", "note", "0.5")]
    public async Task A_debian_urgency_is_a_level_and_a_security_severity_in_its_band(string urgency, string level, string securitySeverity)
    {
        var sarif = await DebianSarif();
        var report = JsonDocument.Parse((await Vigil("scan", "--dpkg-status", "image.dpkg_status", "--release", "bookworm", "--format", "json")).Out).RootElement;
        var cve = report.GetProperty("findings").EnumerateArray().First(f => f.GetProperty("severity").GetString() == urgency).GetProperty("cve").GetString()!;

        Assert.Equal(level, Result(sarif, cve).GetProperty("level").GetString());
        Assert.Equal(securitySeverity, Rules(sarif).Single(r => r.GetProperty("id").GetString() == cve).GetProperty("properties").GetProperty("security-severity").GetString());
    }

    [Fact]
    public async Task Fingerprints_name_component_and_cve_so_they_stay_the_same_across_runs()
    {
        var first = Results(await DebianSarif()).ToDictionary(r => r.GetProperty("ruleId").GetString()!, r => r.GetProperty("partialFingerprints").GetProperty("vigilFinding/v1").GetString());
        var second = Results((await Vigil("scan", "--dpkg-status", "image.dpkg_status", "--release", "bookworm", "--format", "sarif")).Out)
            .ToDictionary(r => r.GetProperty("ruleId").GetString()!, r => r.GetProperty("partialFingerprints").GetProperty("vigilFinding/v1").GetString());

        Assert.Equal(first, second);
        Assert.Equal(first.Count, first.Values.Distinct().Count());
    }

    [Fact]
    public async Task Kernel_cves_off_the_list_because_their_code_is_not_built_are_suppressed_results_with_the_reason()
    {
        var sarif = await KernelSarif();

        var suppression = Result(sarif, "CVE-2024-26581").GetProperty("suppressions")[0];

        Assert.Equal("external", suppression.GetProperty("kind").GetString());
        Assert.StartsWith("net/netfilter/nft_set_rbtree.c is not in the build", suppression.GetProperty("justification").GetString(), StringComparison.Ordinal);
        Assert.False(Result(sarif, "CVE-2024-38635").TryGetProperty("suppressions", out _));
    }
}
