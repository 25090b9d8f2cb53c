using Vigil.Tests.Support;

namespace Vigil.Tests.Cli;

/// <summary>VEX statements meet findings through the purls SBOM tools write; those that meet none are said to, with why, instead of "imported" and nothing changing.</summary>
public sealed class VexImportTests : IDisposable
{
    private readonly TempDirectory home = new();

    public void Dispose() => home.Dispose();

    private Task<CliResult> Vigil(params string[] args) => CliRunner.RunAsync(null, home.Path, [.. args, "--data-dir", home.File("data")]);

    private static string OpenVex(string purl, string cve) => $$"""
        {
          "@context": "https://openvex.dev/ns/v0.2.0",
          "@id": "https://example.org/vex/partner-1",
          "author": "partner",
          "timestamp": "2026-11-01T00:00:00Z",
          "version": 1,
          "statements": [
            {
              "vulnerability": { "name": "{{cve}}" },
              "products": [ { "@id": "{{purl}}" } ],
              "status": "not_affected",
              "justification": "vulnerable_code_not_in_execute_path"
            }
          ]
        }
        """;

    private async Task Gateway()
    {
        Assert.Equal(0, (await Vigil("feeds", "import", "debian", Fixture.Path("tracker-excerpt.json"))).ExitCode);
        Assert.Equal(0, (await Vigil("product", "add", "gateway", "--release", "1", "--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--debian-release", "bookworm")).ExitCode);
        Assert.Equal(0, (await Vigil("scan", "--product", "gateway", "--quiet")).ExitCode);
    }

    /// <summary>The purl syft wrote for libc6 in the committed SBOM of the same system as the status file.</summary>
    private static string SyftPurlOf(string package) =>
        System.Text.Json.JsonDocument.Parse(Fixture.Text("sbom-syft-excerpt.cdx.json")).RootElement.GetProperty("components").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == package).GetProperty("purl").GetString()!;

    [Fact]
    public async Task A_statement_on_a_binary_purl_from_a_syft_sbom_moves_the_source_packages_finding_to_not_affected()
    {
        await Gateway();
        var vex = home.Write("partner.vex.json", OpenVex(SyftPurlOf("libc6"), "CVE-2025-4802"));

        var result = await Vigil("vex", "import", vex, "--product", "gateway");
        var list = await Vigil("triage", "list", "--product", "gateway", "--format", "json");

        Assert.Equal("imported 1 statements into gateway's triage\n", result.Error);
        var finding = System.Text.Json.JsonDocument.Parse(list.Out).RootElement.EnumerateArray()
            .Single(f => f.GetProperty("cve").GetString() == "CVE-2025-4802");
        Assert.Equal(("glibc", "not_affected"), (finding.GetProperty("component").GetString(), finding.GetProperty("state").GetString()));
    }

    [Theory]
    [InlineData("pkg:deb/debian/libc6@2.36-9%2Bdeb12u14?arch=amd64&distro=debian-12")]
    [InlineData("pkg:deb/debian/glibc@2.36-9%2Bdeb12u10?arch=source")]
    public async Task Binary_purls_without_upstream_and_source_purls_meet_the_source_packages_finding(string purl)
    {
        await Gateway();
        var vex = home.Write("partner.vex.json", OpenVex(purl, "CVE-2025-4802"));

        var result = await Vigil("vex", "import", vex, "--product", "gateway");

        Assert.Equal("imported 1 statements into gateway's triage\n", result.Error);
    }

    [Theory]
    [InlineData("pkg:deb/debian/libc6@2.36-9%2Bdeb12u10?arch=amd64&upstream=glibc",
        "pkg:deb/debian/libc6@2.36-9%2Bdeb12u10?arch=amd64&upstream=glibc was not imported: pkg:deb/debian/libc6@2.36-9%2Bdeb12u10?arch=amd64&upstream=glibc is about libc6 2.36-9+deb12u10; the inventory has 2.36-9+deb12u14")]
    [InlineData("pkg:deb/debian/libfoo1@1.0-1?arch=amd64",
        "pkg:deb/debian/libfoo1@1.0-1?arch=amd64 was not imported: binary package libfoo1 is not in the inventory, so which source package it was built from is unknown")]
    [InlineData("pkg:npm/lodash@4.17.20",
        "pkg:npm/lodash@4.17.20 was not imported: pkg:npm/lodash@4.17.20 is a pkg:npm, not a Debian package (pkg:deb) or the kernel (pkg:generic/linux)")]
    public async Task A_statement_whose_product_is_no_component_is_reported_with_why_and_not_stored(string purl, string warning)
    {
        await Gateway();
        var vex = home.Write("partner.vex.json", OpenVex(purl, "CVE-2025-4802"));

        var result = await Vigil("vex", "import", vex, "--product", "gateway");
        var history = await Vigil("triage", "history", "--product", "gateway", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("imported 0 statements into gateway's triage; 1 match no open finding", result.Error, StringComparison.Ordinal);
        Assert.Contains($"vigil: warning: CVE-2025-4802 on {warning}", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("CVE-2025-4802", history.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_statement_on_a_cve_not_open_in_its_component_is_stored_and_said_to_match_no_open_finding()
    {
        await Gateway();
        var vex = home.Write("partner.vex.json", OpenVex(SyftPurlOf("libc6"), "CVE-2019-99999"));

        var result = await Vigil("vex", "import", vex, "--product", "gateway");

        Assert.Contains("imported 1 statements into gateway's triage; 1 match no open finding", result.Error, StringComparison.Ordinal);
        Assert.Contains("CVE-2019-99999 on pkg:deb/debian/libc6@2.36-9+deb12u14?arch=amd64&upstream=glibc&distro=debian-12 (glibc) matches no open finding: "
            + "CVE-2019-99999 is not open in glibc in gateway's latest scans", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_product_without_decisions_exports_empty_cyclonedx_and_says_why_openvex_cannot()
    {
        await Gateway();

        var cyclonedx = await Vigil("vex", "export", "--product", "gateway", "--author", "team", "--format", "cyclonedx");
        var openvex = await Vigil("vex", "export", "--product", "gateway", "--author", "team");

        Assert.Equal(0, cyclonedx.ExitCode);
        Assert.Contains("\"vulnerabilities\": []", cyclonedx.Out, StringComparison.Ordinal);
        Assert.Equal(1, openvex.ExitCode);
        Assert.Contains("an OpenVEX document must hold at least one statement", openvex.Error, StringComparison.Ordinal);
    }
}
