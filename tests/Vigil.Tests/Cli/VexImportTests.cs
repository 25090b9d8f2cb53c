using Vigil.Tests.Support;

namespace Vigil.Tests.Cli;

/// <summary>VEX statements that meet no open finding are said to, with why, instead of "imported" and nothing changing.</summary>
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

    [Fact]
    public async Task A_statement_on_a_binary_package_purl_is_reported_as_matching_nothing()
    {
        await Gateway();
        var vex = home.Write("partner.vex.json", OpenVex("pkg:deb/debian/libc6@2.36-9%2Bdeb12u10?arch=amd64&upstream=glibc", "CVE-2025-4802"));

        var result = await Vigil("vex", "import", vex, "--product", "gateway");
        var list = await Vigil("triage", "list", "--product", "gateway");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("imported 1 statements into gateway's triage; 1 of them match no open finding", result.Error, StringComparison.Ordinal);
        Assert.Contains("vigil: warning: CVE-2025-4802 in libc6 matches no open finding: gateway's latest scans have no open finding in libc6", result.Error, StringComparison.Ordinal);
        Assert.Matches("CVE-2025-4802 +glibc .*untriaged", list.Out);
    }

    [Fact]
    public async Task A_statement_on_the_source_package_meets_its_finding_without_a_warning()
    {
        await Gateway();
        var vex = home.Write("partner.vex.json", OpenVex("pkg:deb/debian/glibc@2.36-9%2Bdeb12u10?arch=source", "CVE-2025-4802"));

        var result = await Vigil("vex", "import", vex, "--product", "gateway");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("imported 1 statements into gateway's triage\n", result.Error);
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
