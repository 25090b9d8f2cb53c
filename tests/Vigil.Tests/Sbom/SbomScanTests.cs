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

    /// <summary>SBOMs of the system the status file describes, in the shapes each tool writes: syft names the source in the purl
    /// (upstream=), trivy in sourceInfo or its Src* properties, debsbom as source components linked to each binary.</summary>
    [Theory]
    [InlineData("sbom-syft-excerpt.cdx.json")]
    [InlineData("sbom-syft-excerpt.spdx.json")]
    [InlineData("sbom-trivy-excerpt.cdx.json")]
    [InlineData("sbom-trivy-excerpt.spdx")]
    [InlineData("sbom-debsbom-excerpt.cdx.json", "--release", "bookworm")]
    [InlineData("sbom-debsbom-excerpt.spdx.json", "--release", "bookworm")]
    public async Task An_sbom_of_a_system_gives_the_findings_of_its_dpkg_status_file(string sbom, params string[] release)
    {
        var fromStatus = await Findings("--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--release", "bookworm");

        var fromSbom = await Findings(["--sbom", Fixture.Path(sbom), .. release]);

        Assert.Contains("CVE-", fromStatus, StringComparison.Ordinal);
        Assert.Equal(fromStatus, fromSbom);
    }

    [Theory]
    [InlineData("cyclonedx")]
    [InlineData("spdx")]
    [InlineData("spdx3")]
    public async Task Vigils_own_sbom_scans_like_the_status_file_it_was_made_from(string format)
    {
        var sbom = home.File("own.sbom.json");
        Assert.Equal(0, (await Vigil("sbom", "--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--debian-release", "bookworm", "--format", format, "-o", sbom)).ExitCode);

        Assert.Equal(await Findings("--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--release", "bookworm"), await Findings("--sbom", sbom));
    }

    [Fact]
    public void A_binary_linked_to_its_source_and_to_built_using_sources_takes_the_source_of_its_version()
    {
        // debsbom's CycloneDX shape for a Go program: its own source and every Built-Using source, all as dependsOn.
        var sbom = home.Write("buildah.cdx.json", """
            {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
             "components": [
               {"bom-ref": "b", "type": "library", "name": "buildah", "purl": "pkg:deb/debian/buildah@1.28.2%2Bds1-3%2Bdeb12u1%2Bb1?arch=amd64"},
               {"bom-ref": "s1", "type": "library", "name": "golang-github-containers-buildah", "purl": "pkg:deb/debian/golang-github-containers-buildah@1.28.2%2Bds1-3%2Bdeb12u1?arch=source"},
               {"bom-ref": "s2", "type": "library", "name": "runc", "purl": "pkg:deb/debian/runc@1.1.5%2Bds1-1%2Bdeb12u1?arch=source"}],
             "dependencies": [{"ref": "b", "dependsOn": ["s2", "s1"]}]}
            """);

        var package = global::Vigil.Inventory.ScanTarget.FromSbom(sbom).Packages.Single();

        Assert.Equal(("golang-github-containers-buildah", "1.28.2+ds1-3+deb12u1"), (package.SourceName, package.SourceVersion.Text));
    }

    [Fact]
    public async Task A_binary_whose_linked_sources_are_none_clearly_its_own_is_scanned_under_its_name_and_said_to_be()
    {
        var sbom = home.Write("unclear.cdx.json", """
            {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
             "components": [
               {"bom-ref": "b", "type": "library", "name": "tool", "purl": "pkg:deb/debian/tool@2.0-1?arch=amd64&distro=debian-12"},
               {"bom-ref": "s1", "type": "library", "name": "lib-a", "purl": "pkg:deb/debian/lib-a@1.0-1?arch=source"},
               {"bom-ref": "s2", "type": "library", "name": "lib-b", "purl": "pkg:deb/debian/lib-b@3.0-2?arch=source"}],
             "dependencies": [{"ref": "b", "dependsOn": ["s1", "s2"]}]}
            """);

        var scan = await Vigil("scan", "--sbom", sbom, "--offline");

        Assert.Equal(0, scan.ExitCode);
        Assert.Contains($"1 binary package(s) of {sbom} are linked to source packages none of which is clearly theirs; scanned as their own source: b", scan.Error, StringComparison.Ordinal);
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
    [InlineData("{\"hello\":1}", "expected a CycloneDX (bomFormat), SPDX 2 (spdxVersion) or SPDX 3 (@graph) JSON document")]
    [InlineData("{\"bomFormat\":", "not an SBOM in JSON (line 1): expected CycloneDX or SPDX JSON, or SPDX tag-value")]
    [InlineData("SPDXVersion: SPDX-2.3\nPackageName: bash\nthis line has no tag\n", "line 3: expected 'Tag: value' as SPDX tag-value has it, got 'this line has no tag'")]
    public async Task A_malformed_sbom_is_a_one_line_error_naming_the_file_and_component(string content, string message)
    {
        var file = home.Write("bad.json", content);

        var scan = await Vigil("scan", "--sbom", file, "--offline");

        Assert.Equal(1, scan.ExitCode);
        Assert.StartsWith($"vigil: error: {file}: {message}", scan.Error, StringComparison.Ordinal);
        Assert.Single(scan.Error.TrimEnd('\n').Split('\n'));
    }
}
