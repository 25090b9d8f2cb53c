using System.Text.Json;
using Vigil.Tests.Support;

namespace Vigil.Tests.Sbom;

/// <summary>
/// <c>vigil scan --sbom</c>: the packages of an SBOM (syft's CycloneDX and SPDX shapes, and Vigil's own) give exactly
/// the findings a scan of the dpkg status file they describe gives.
/// </summary>
public sealed class SbomScanTests : IAsyncLifetime
{
    private readonly TempDirectory home = new();

    public async Task InitializeAsync() => Assert.Equal(0, (await Vigil("feeds", "import", "debian", Fixture.Path("tracker-excerpt.json"))).ExitCode);

    public Task DisposeAsync()
    {
        home.Dispose();
        return Task.CompletedTask;
    }

    private Task<CliResult> Vigil(params string[] args) => CliRunner.RunAsync(null, home.Path, [.. args, "--data-dir", home.File("data")]);

    private async Task<string> Findings(params string[] target)
    {
        var scan = await Vigil(["scan", .. target, "--offline", "--format", "json"]);
        Assert.True(scan.ExitCode == 0, scan.Error);
        return JsonDocument.Parse(scan.Out).RootElement.GetProperty("findings").GetRawText();
    }

    [Theory]
    [InlineData("sbom-syft-excerpt.cdx.json")]
    [InlineData("sbom-syft-excerpt.spdx.json")]
    public async Task A_syft_sbom_of_a_system_gives_the_findings_of_its_dpkg_status_file(string sbom)
    {
        var fromStatus = await Findings("--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--release", "bookworm");

        var fromSbom = await Findings("--sbom", Fixture.Path(sbom));

        Assert.Contains("CVE-", fromStatus, StringComparison.Ordinal);
        Assert.Equal(fromStatus, fromSbom);
    }

    [Fact]
    public async Task Vigils_own_sbom_scans_like_the_status_file_it_was_made_from()
    {
        var sbom = home.File("own.cdx.json");
        Assert.Equal(0, (await Vigil("sbom", "--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--debian-release", "bookworm", "-o", sbom)).ExitCode);

        Assert.Equal(await Findings("--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--release", "bookworm"), await Findings("--sbom", sbom));
    }

    [Fact]
    public async Task Components_that_are_not_debian_packages_are_named_not_dropped_silently()
    {
        var scan = await Vigil("scan", "--sbom", Fixture.Path("sbom-syft-excerpt.cdx.json"), "--offline");

        Assert.Equal(0, scan.ExitCode);
        Assert.Contains("2 component(s) of", scan.Error, StringComparison.Ordinal);
        Assert.Contains("are not Debian packages and were not scanned: pkg:pypi/requests@2.28.1?package-id=00000000000000aa, os:debian@12", scan.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_product_can_take_an_sbom_as_its_inventory()
    {
        Assert.Equal(0, (await Vigil("product", "add", "gateway", "--release", "1", "--sbom", Fixture.Path("sbom-syft-excerpt.spdx.json"))).ExitCode);

        var scan = await Vigil("scan", "--product", "gateway", "--offline", "--format", "json");

        Assert.True(scan.ExitCode == 0, scan.Error);
        Assert.Equal(await Findings("--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--release", "bookworm"),
            JsonDocument.Parse(scan.Out).RootElement.GetProperty("findings").GetRawText());
    }

    [Theory]
    [InlineData("{\"bomFormat\":\"CycloneDX\",\"components\":[{\"bom-ref\":\"x\",\"purl\":\"pkg:deb/debian/bash@not%20a%20version\"}]}", "component x: pkg:deb/debian/bash@not%20a%20version has no valid Debian version")]
    [InlineData("{\"bomFormat\":\"CycloneDX\",\"components\":[{\"name\":\"y\",\"purl\":\"pkg:deb/debian/bash\"}]}", "component y: pkg:deb/debian/bash has no version")]
    [InlineData("{\"hello\":1}", "expected a CycloneDX (bomFormat) or SPDX (spdxVersion) JSON document")]
    [InlineData("{\"bomFormat\":", "not an SBOM in JSON (line 1): expected CycloneDX or SPDX JSON")]
    public async Task A_malformed_sbom_is_a_one_line_error_naming_the_file_and_component(string content, string message)
    {
        var file = home.Write("bad.json", content);

        var scan = await Vigil("scan", "--sbom", file, "--offline");

        Assert.Equal(1, scan.ExitCode);
        Assert.StartsWith($"vigil: error: {file}: {message}", scan.Error, StringComparison.Ordinal);
        Assert.Single(scan.Error.TrimEnd('\n').Split('\n'));
    }
}
