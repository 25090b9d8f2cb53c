using System.Text.Json;
using Vigil.Tests.Support;

namespace Vigil.Tests.Sbom;

/// <summary><c>vigil kernel scan --sbom</c>: the kernel an SBOM names (CPE, purl, Debian linux-image, Yocto's linux-yocto) is scanned as if given by --version.</summary>
public sealed class KernelSbomScanTests : IAsyncLifetime
{
    private readonly TempDirectory home = new();

    public async Task InitializeAsync() => Assert.Equal(0, (await Vigil("feeds", "import", "kernel", KernelFixture.Root)).ExitCode);

    public Task DisposeAsync()
    {
        home.Dispose();
        return Task.CompletedTask;
    }

    private Task<CliResult> Vigil(params string[] args) =>
        CliRunner.RunAsync(new Dictionary<string, string> { ["VIGIL_KERNEL_VULNS_URL"] = "http://127.0.0.1:9/unused.tar.gz" }, home.Path, [.. args, "--data-dir", home.File("data")]);

    private async Task<string> Findings(params string[] args)
    {
        var scan = await Vigil(["kernel", "scan", .. args, "--format", "json"]);
        Assert.True(scan.ExitCode == 0, scan.Error);
        return JsonDocument.Parse(scan.Out).RootElement.GetProperty("findings").GetRawText();
    }

    /// <summary>An SPDX 2 kernel SBOM as Yocto writes one for linux-yocto: its CPE, a git-suffixed version, and the sources it compiled.</summary>
    private string YoctoKernelSbom(params string[] files) => home.Write("linux-yocto.spdx.json", JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["spdxVersion"] = "SPDX-2.2",
        ["dataLicense"] = "CC0-1.0",
        ["SPDXID"] = "SPDXRef-DOCUMENT",
        ["name"] = "recipe-linux-yocto",
        ["documentNamespace"] = "http://spdx.org/spdxdoc/recipe-linux-yocto-2f1c5a3e-0b7d-4c2e-9a61-3d4e5f6a7b8c",
        ["creationInfo"] = new { created = "2026-11-20T10:00:00Z", creators = new[] { "Tool: OpenEmbedded Core create-spdx.bbclass" } },
        ["packages"] = new[]
        {
            new Dictionary<string, object>
            {
                ["SPDXID"] = "SPDXRef-Recipe-linux-yocto",
                ["name"] = "linux-yocto",
                ["versionInfo"] = "6.6.10+git0+7e8a3e4f1c_0c4a2b8d5e",
                ["downloadLocation"] = "git://git.yoctoproject.org/linux-yocto.git;protocol=https;branch=v6.6/standard/base",
                ["externalRefs"] = new[] { new { referenceCategory = "SECURITY", referenceLocator = "cpe:2.3:*:linux:linux_kernel:6.6.10:*:*:*:*:*:*:*", referenceType = "cpe23Type" } },
            },
        },
        ["files"] = files.Select((f, i) => new Dictionary<string, object> { ["SPDXID"] = $"SPDXRef-SourceFile-linux-yocto-{i + 1}", ["fileName"] = f }).ToArray(),
    }));

    [Fact]
    public async Task The_kernel_of_vigils_own_sbom_scans_like_its_version()
    {
        var sbom = home.File("gateway.cdx.json");
        Assert.Equal(0, (await Vigil("sbom", "--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--kernel-version", "6.6.10", "-o", sbom)).ExitCode);

        Assert.Equal(await Findings("--version", "6.6.10"), await Findings("--sbom", sbom));
    }

    [Fact]
    public async Task A_yocto_kernel_sbom_gives_the_version_from_its_cpe_and_the_build_from_its_files()
    {
        var sbom = YoctoKernelSbom("./init/main.c", "./kernel/fork.c", "./mm/memory.c", "./net/netfilter/nf_tables_api.c", "./drivers/soundwire/cadence_master.c");
        var list = home.Write("compiled.txt", "init/main.c\nkernel/fork.c\nmm/memory.c\nnet/netfilter/nf_tables_api.c\ndrivers/soundwire/cadence_master.c\n");

        var fromSbom = await Findings("--sbom", sbom);

        Assert.Equal(await Findings("--version", "6.6.10", "--compiled-files", list), fromSbom);
        Assert.Contains("\"not-built\"", fromSbom, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cyclonedx")]
    [InlineData("spdx3")]
    public async Task Vigils_own_sbom_with_the_kernels_compiled_files_scans_like_the_version_and_the_file_list(string format)
    {
        var list = home.Write("compiled.txt", "init/main.c\nkernel/fork.c\nmm/memory.c\nnet/netfilter/nf_tables_api.c\ndrivers/soundwire/cadence_master.c\n");
        var sbom = home.File($"gateway.{format}.json");
        var made = await Vigil("sbom", "--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--kernel-version", "6.6.10", "--kernel-compiled-files", list,
            "--format", format, "-o", sbom);
        Assert.True(made.ExitCode == 0, made.Error);

        var fromSbom = await Findings("--sbom", sbom);

        Assert.Equal(await Findings("--version", "6.6.10", "--compiled-files", list), fromSbom);
        Assert.Contains("\"not-built\"", fromSbom, StringComparison.Ordinal);
        if (format == "cyclonedx")
        {
            Assert.Null(OfficialValidators.CycloneDx(File.ReadAllText(sbom)));
        }
        else
        {
            var result = JsonSchemas.Spdx301(File.ReadAllText(sbom));
            Assert.True(result.IsValid, JsonSchemas.Errors(result));
        }
    }

    [Fact]
    public async Task A_debian_linux_image_package_gives_the_abi_name_and_the_release_its_version_carries()
    {
        var sbom = home.Write("debian.cdx.json", """
            {"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1, "components": [
              {"type": "library", "name": "linux-image-6.1.0-28-amd64", "version": "6.1.50-1",
               "purl": "pkg:deb/debian/linux-image-6.1.0-28-amd64@6.1.50-1?arch=amd64&upstream=linux&distro=debian-12"},
              {"type": "library", "name": "linux-image-amd64", "version": "6.1.50-1", "purl": "pkg:deb/debian/linux-image-amd64@6.1.50-1?arch=amd64&upstream=linux-signed-amd64&distro=debian-12"}]}
            """);

        Assert.Equal(await Findings("--version", "6.1.0-28-amd64", "--package-version", "6.1.50-1"), await Findings("--sbom", sbom));
    }

    [Theory]
    [InlineData("""{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"type": "library", "name": "bash", "purl": "pkg:deb/debian/bash@5.2.15-2?arch=amd64"}]}""",
        "names no Linux kernel")]
    [InlineData("""{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"type": "operating-system", "name": "linux", "version": "6.1.119"}, {"type": "operating-system", "name": "linux-cip", "version": "4.19.325-cip115"}]}""",
        "names 2 kernels (linux 6.1.119, linux-cip 4.19.325-cip115), so which one to scan is not clear")]
    [InlineData("""{"spdxVersion": "SPDX-2.3", "packages": [{"name": "linux-yocto", "versionInfo": "*"}]}""", "names no Linux kernel")]
    [InlineData("{\"bomFormat\": ", "line 1: not a JSON SBOM")]
    public async Task An_sbom_naming_no_kernel_or_several_is_a_one_line_error(string content, string message)
    {
        var sbom = home.Write("bad.json", content);

        var scan = await Vigil("kernel", "scan", "--sbom", sbom);

        Assert.Equal(1, scan.ExitCode);
        Assert.StartsWith($"vigil: error: {sbom}: ", scan.Error, StringComparison.Ordinal);
        Assert.Contains(message, scan.Error.Split('\n')[0], StringComparison.Ordinal);
    }
}
