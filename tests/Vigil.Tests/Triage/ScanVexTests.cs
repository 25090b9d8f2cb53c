using System.Text.Json;
using Vigil.Tests.Support;

namespace Vigil.Tests.Triage;

/// <summary><c>--vex</c> at scan time, as trivy and grype apply VEX: cleared findings leave the list and the gate, with the statement shown.</summary>
public sealed class ScanVexTests : IDisposable
{
    private const string GlibcFromSyft = "pkg:deb/debian/libc6@2.36-9+deb12u14?arch=amd64&upstream=glibc&distro=debian-12";

    private readonly TempDirectory home = new();

    public void Dispose() => home.Dispose();

    private Task<CliResult> Vigil(params string[] args) =>
        CliRunner.RunAsync(new Dictionary<string, string> { ["VIGIL_KERNEL_VULNS_URL"] = "http://127.0.0.1:9/unused.tar.gz" }, home.Path, [.. args, "--data-dir", home.File("data")]);

    private static string OpenVex(params (string Cve, string Product, string Status)[] statements) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["@context"] = "https://openvex.dev/ns/v0.2.0",
        ["@id"] = "https://example.org/vex/1",
        ["author"] = "partner",
        ["timestamp"] = "2026-11-01T00:00:00Z",
        ["version"] = 1,
        ["statements"] = statements.Select(s => new Dictionary<string, object>
        {
            ["vulnerability"] = new { name = s.Cve },
            ["products"] = new[] { new Dictionary<string, string> { ["@id"] = s.Product } },
            ["status"] = s.Status,
            [s.Status == "affected" ? "action_statement" : "impact_statement"] = "static binaries are not shipped",
            ["justification"] = "vulnerable_code_not_in_execute_path",
        }).ToArray(),
    });

    private async Task<CliResult> Scan(params string[] args)
    {
        Assert.Equal(0, (await Vigil("feeds", "import", "debian", Fixture.Path("tracker-excerpt.json"))).ExitCode);
        return await Vigil(["scan", "--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--release", "bookworm", .. args]);
    }

    [Fact]
    public async Task A_not_affected_statement_on_a_binary_purl_takes_the_source_packages_finding_off_the_list_and_says_why()
    {
        var vex = home.Write("partner.vex.json", OpenVex(("CVE-2025-4802", GlibcFromSyft, "not_affected")));

        var result = await Scan("--vex", vex);

        Assert.DoesNotContain("CVE-2025-4802", result.Out, StringComparison.Ordinal);
        Assert.Contains("CVE-2010-4756", result.Out, StringComparison.Ordinal);
        Assert.Contains("CVE-2025-4802 in glibc: not_affected (vulnerable_code_not_in_execute_path): static binaries are not shipped [vex:partner.vex.json]", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cleared_finding_no_longer_fails_the_gate()
    {
        var vex = home.Write("partner.vex.json", OpenVex(("CVE-2025-4802", GlibcFromSyft, "not_affected")));

        var without = await Scan("--fail-on", "high");
        var with = await Vigil("scan", "--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--release", "bookworm", "--fail-on", "high", "--vex", vex);

        Assert.Contains("3 finding(s) at or above 'high' (1 high, 2 unknown", without.Error, StringComparison.Ordinal);
        Assert.Contains("2 finding(s) at or above 'high' (2 unknown", with.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_keeps_every_finding_and_marks_the_cleared_one_with_its_statement()
    {
        var vex = home.Write("partner.vex.json", OpenVex(("CVE-2025-4802", GlibcFromSyft, "not_affected")));

        var findings = JsonDocument.Parse((await Scan("--vex", vex, "--format", "json")).Out).RootElement.GetProperty("findings").EnumerateArray().ToArray();
        var cleared = findings.Single(f => f.GetProperty("cve").GetString() == "CVE-2025-4802").GetProperty("vex");

        Assert.Equal(("not_affected", "vulnerable_code_not_in_execute_path", "vex:partner.vex.json"),
            (cleared.GetProperty("state").GetString(), cleared.GetProperty("justification").GetString(), cleared.GetProperty("source").GetString()));
        Assert.Single(findings, f => f.TryGetProperty("vex", out _));
    }

    [Fact]
    public async Task Sarif_carries_the_cleared_finding_as_a_suppressed_result_with_the_statement()
    {
        var vex = home.Write("partner.vex.json", OpenVex(("CVE-2025-4802", GlibcFromSyft, "not_affected")));

        var sarif = JsonDocument.Parse((await Scan("--vex", vex, "--format", "sarif")).Out).RootElement;
        var result = sarif.GetProperty("runs")[0].GetProperty("results").EnumerateArray().Single(r => r.GetProperty("ruleId").GetString() == "CVE-2025-4802");

        Assert.Equal("vex:partner.vex.json: not_affected (vulnerable_code_not_in_execute_path): static binaries are not shipped",
            result.GetProperty("suppressions")[0].GetProperty("justification").GetString());
    }

    [Fact]
    public async Task A_later_affected_statement_overrules_an_earlier_not_affected_one()
    {
        var earlier = home.Write("earlier.vex.json", OpenVex(("CVE-2025-4802", GlibcFromSyft, "not_affected")));
        var later = home.Write("later.vex.json", OpenVex(("CVE-2025-4802", "pkg:deb/debian/glibc?arch=source", "affected")));

        var result = await Scan("--vex", earlier, later);

        Assert.Contains("CVE-2025-4802", result.Out, StringComparison.Ordinal);
        Assert.Contains("VEX: 0 finding(s) taken off the list by 2 statement(s)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Statements_on_other_products_components_are_counted_not_applied()
    {
        var vex = home.Write("partner.vex.json", OpenVex(("CVE-2025-4802", "pkg:npm/lodash@4.17.20", "not_affected"), ("CVE-2025-4802", "pkg:deb/debian/libc6@2.36-9+deb12u1?arch=amd64", "not_affected")));

        var result = await Scan("--vex", vex);

        Assert.Contains("CVE-2025-4802", result.Out, StringComparison.Ordinal);
        Assert.Contains("VEX: 0 finding(s) taken off the list by 2 statement(s); 2 statement(s) name no component of this scan", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_vex_document_is_a_one_line_error_naming_it()
    {
        var vex = home.Write("broken.vex.json", "{\"@context\": \"https://openvex.dev/ns/v0.2.0\", \"author\": \"x\", \"statements\": [{\"status\": \"not_affected\"}]}");

        var result = await Scan("--vex", vex);

        Assert.Equal(1, result.ExitCode);
        Assert.Matches("^vigil: error: .*broken.vex.json: statement 0.vulnerability: expected a string \"name\"\n$", result.Error);
    }

    [Fact]
    public async Task A_kernel_cve_a_statement_clears_for_the_kernels_cpe_leaves_the_open_list()
    {
        Assert.Equal(0, (await Vigil("feeds", "import", "kernel", KernelFixture.Root)).ExitCode);
        var vex = home.Write("kernel.vex.json", OpenVex(("CVE-2024-38635", "cpe:2.3:o:linux:linux_kernel:6.6.10:*:*:*:*:*:*:*", "not_affected")));

        var result = await Vigil("kernel", "scan", "--version", "6.6.10", "--vex", vex, "--format", "json");
        var findings = JsonDocument.Parse(result.Out).RootElement.GetProperty("findings").EnumerateArray().ToDictionary(f => f.GetProperty("cve").GetString()!);

        Assert.Equal("not_affected", findings["CVE-2024-38635"].GetProperty("vex").GetProperty("state").GetString());
        Assert.False(findings["CVE-2024-26581"].TryGetProperty("vex", out _));
        Assert.Contains("CVE-2024-38635 in linux: not_affected", result.Error, StringComparison.Ordinal);
    }
}
