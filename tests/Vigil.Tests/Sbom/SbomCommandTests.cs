using System.Text.Json;
using Vigil.Tests.Support;

namespace Vigil.Tests.Sbom;

/// <summary><c>vigil sbom</c> end to end: documents the official schemas accept, deterministic, with what TR-03183-2 asks where it can be known.</summary>
public sealed class SbomCommandTests : IDisposable
{
    private readonly TempDirectory home = new();

    public void Dispose() => home.Dispose();

    private Task<CliResult> Vigil(params string[] args) => CliRunner.RunAsync(null, home.Path, [.. args, "--data-dir", home.File("data")]);

    private async Task<string> Sbom(params string[] args)
    {
        var result = await Vigil(["sbom", .. args]);
        Assert.True(result.ExitCode == 0, result.Error);
        return result.Out;
    }

    private static JsonElement Component(JsonElement bom, string name) =>
        bom.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    [Fact]
    public async Task A_status_files_cyclonedx_sbom_is_accepted_by_the_official_cyclonedx_1_6_validator()
    {
        var json = await Sbom("--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--debian-release", "bookworm", "--kernel-version", "6.1.119-cip33",
            "--author", "ACME PSIRT <psirt@acme.example>");

        Assert.Null(OfficialValidators.CycloneDx(json));
    }

    [Fact]
    public async Task A_status_files_spdx_sbom_is_valid_spdx_2_3()
    {
        var json = await Sbom("--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--debian-release", "bookworm", "--kernel-version", "6.1.119-cip33",
            "--author", "ACME PSIRT <psirt@acme.example>", "--format", "spdx");

        var result = JsonSchemas.Spdx23(json);

        Assert.True(result.IsValid, JsonSchemas.Errors(result));
    }

    [Fact]
    public async Task A_root_filesystems_cyclonedx_sbom_with_licences_and_hashes_is_accepted_by_the_official_validator()
    {
        var (sbom, _, _) = await RootfsSbom("--author", "ACME PSIRT <psirt@acme.example>");

        Assert.Null(OfficialValidators.CycloneDx(sbom.Out));
    }

    [Fact]
    public async Task A_root_filesystems_spdx3_sbom_is_valid_spdx_3_0_1()
    {
        var (sbom, _, _) = await RootfsSbom("--format", "spdx3", "--author", "ACME PSIRT <psirt@acme.example>");

        var result = JsonSchemas.Spdx301(sbom.Out);

        Assert.True(result.IsValid, JsonSchemas.Errors(result));
    }

    [Fact]
    public async Task An_spdx3_package_has_its_declared_licence_supplier_and_deb_with_its_sha512_as_related_elements()
    {
        var (sbom, deb, debs) = await RootfsSbom("--format", "spdx3");
        var graph = JsonDocument.Parse(sbom.Out).RootElement.GetProperty("@graph").EnumerateArray().ToArray();
        JsonElement ById(string spdxId) => graph.Single(e => e.TryGetProperty("spdxId", out var x) && x.GetString() == spdxId);
        string IdOf(string package) => graph.Single(e => e.GetProperty("type").GetString() == "software_Package" && e.GetProperty("name").GetString() == package).GetProperty("spdxId").GetString()!;
        JsonElement Related(string package, string type) => ById(graph.Single(e => e.GetProperty("type").GetString() == "Relationship"
            && e.GetProperty("from").GetString() == IdOf(package) && e.GetProperty("relationshipType").GetString() == type).GetProperty("to")[0].GetString()!);

        Assert.Equal("GPL-3.0-or-later AND (GPL-3.0-or-later OR MIT)", Related("hello", "hasDeclaredLicense").GetProperty("simplelicensing_licenseExpression").GetString());
        Assert.Equal("Santiago Vila", ById(ById(IdOf("hello")).GetProperty("suppliedBy").GetString()!).GetProperty("name").GetString());
        var file = Related("notes", "hasDistributionArtifact");
        Assert.Equal("notes_1.0-1_all.deb", file.GetProperty("name").GetString());
        Assert.Equal(Tool.Run(debs, "sha512sum", deb).Out.Split(' ')[0], file.GetProperty("verifiedUsing")[0].GetProperty("hashValue").GetString());
        Assert.Equal([IdOf("hello")], graph.Single(e => e.GetProperty("type").GetString() == "Relationship" && e.GetProperty("from").GetString() == IdOf("notes")
            && e.GetProperty("relationshipType").GetString() == "dependsOn").GetProperty("to").EnumerateArray().Select(t => t.GetString()));
    }

    [Theory]
    [InlineData("cyclonedx")]
    [InlineData("spdx")]
    [InlineData("spdx3")]
    public async Task The_same_inventory_gives_the_same_bytes_but_for_the_time_and_the_serial(string format)
    {
        static string Stable(string json) => System.Text.RegularExpressions.Regex.Replace(System.Text.RegularExpressions.Regex.Replace(json,
            "\"(timestamp|created|serialNumber|documentNamespace)\": \"[^\"]*\"", "\"$1\": \"\""), "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "SERIAL");
        string[] args = ["--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--debian-release", "bookworm", "--format", format];

        var first = await Sbom(args);
        await Task.Delay(1100);
        var second = await Sbom(args);

        Assert.NotEqual(first, second);
        Assert.Equal(Stable(first), Stable(second));
    }

    [Fact]
    public async Task Each_package_has_its_purl_with_the_source_package_and_binnmu_version_as_upstream_and_its_installed_dependencies()
    {
        var bom = JsonDocument.Parse(await Sbom("--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--debian-release", "bookworm")).RootElement;
        var openssl = Component(bom, "openssl").GetProperty("bom-ref").GetString();

        Assert.Equal("pkg:deb/debian/libssl3@3.0.19-1~deb12u2?arch=amd64&distro=debian-12&upstream=openssl", Component(bom, "libssl3").GetProperty("purl").GetString());
        Assert.Equal("pkg:deb/debian/bash@5.2.15-2+b8?arch=amd64&distro=debian-12&upstream=bash%405.2.15-2", Component(bom, "bash").GetProperty("purl").GetString());
        var dependsOn = bom.GetProperty("dependencies").EnumerateArray().Single(d => d.GetProperty("ref").GetString() == openssl)
            .GetProperty("dependsOn").EnumerateArray().Select(d => d.GetString()!).ToArray();
        Assert.Equal(["pkg:deb/debian/libc6@2.36-9+deb12u14?arch=amd64&distro=debian-12&upstream=glibc", "pkg:deb/debian/libssl3@3.0.19-1~deb12u2?arch=amd64&distro=debian-12&upstream=openssl"], dependsOn);
    }

    [Fact]
    public async Task A_product_releases_sbom_has_the_product_as_root_depending_on_every_package_and_the_kernel()
    {
        Assert.Equal(0, (await Vigil("product", "add", "gateway", "--release", "2026.1", "--dpkg-status", Fixture.Path("status-bookworm-excerpt"),
            "--debian-release", "bookworm", "--kernel-version", "6.1.119-cip33")).ExitCode);

        var bom = JsonDocument.Parse(await Sbom("--product", "gateway")).RootElement;
        var root = bom.GetProperty("metadata").GetProperty("component");
        var rootDepends = bom.GetProperty("dependencies").EnumerateArray().Single(d => d.GetProperty("ref").GetString() == root.GetProperty("bom-ref").GetString())
            .GetProperty("dependsOn").GetArrayLength();

        Assert.Equal(("gateway", "2026.1"), (root.GetProperty("name").GetString(), root.GetProperty("version").GetString()));
        Assert.Equal(("operating-system", "6.1.119-cip33"), (Component(bom, "linux").GetProperty("type").GetString(), Component(bom, "linux").GetProperty("version").GetString()));
        Assert.Equal(bom.GetProperty("components").GetArrayLength(), rootDepends);
        Assert.Equal(8, rootDepends);
    }

    /// <summary>A root filesystem of two packages, one with a machine-readable copyright file, the other's .deb built by dpkg-deb.</summary>
    private async Task<(CliResult Result, string Deb, string Debs)> RootfsSbom(params string[] args)
    {
        var root = home.File("rootfs");
        home.Write("rootfs/etc/os-release", "ID=debian\nVERSION_CODENAME=bookworm\n");
        home.Write("rootfs/var/lib/dpkg/status", "Package: hello\nStatus: install ok installed\nMaintainer: Santiago Vila <sanvila@debian.org>\nArchitecture: amd64\nVersion: 2.10-3\n\n"
            + "Package: notes\nStatus: install ok installed\nMaintainer: Nobody <nobody@example.org>\nArchitecture: all\nVersion: 1:1.0-1\nDepends: hello (>= 2)\n\n");
        home.Write("rootfs/usr/share/doc/hello/copyright", "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\nUpstream-Name: hello\n\n"
            + "Files: *\nCopyright: 1992-2022 Free Software Foundation, Inc.\nLicense: GPL-3+\n\nFiles: debian/*\nCopyright: 1997 Santiago Vila\nLicense: GPL-3+ or Expat\n\n"
            + "License: GPL-3+\n On Debian systems, see /usr/share/common-licenses/GPL-3.\n");
        home.Write("rootfs/usr/share/doc/notes/copyright", "This is free-form prose, not the machine-readable format.\n");
        var debs = home.File("debs");
        var deb = BuildDeb(debs, "notes", "1:1.0-1", "all");
        return (await Vigil(["sbom", "--rootfs", root, "--debs", debs, .. args]), deb, debs);
    }

    [Fact]
    public async Task A_root_filesystems_sbom_takes_licences_from_machine_readable_copyright_files_and_hashes_debs_built_by_dpkg_deb()
    {
        var (result, deb, debs) = await RootfsSbom();

        var bom = JsonDocument.Parse(result.Out).RootElement;
        var notes = Component(bom, "notes");

        Assert.Equal("GPL-3.0-or-later AND (GPL-3.0-or-later OR MIT)", Component(bom, "hello").GetProperty("licenses")[0].GetProperty("expression").GetString());
        Assert.False(notes.TryGetProperty("licenses", out _));
        Assert.Equal(Tool.Run(debs, "sha512sum", deb).Out.Split(' ')[0], notes.GetProperty("hashes")[0].GetProperty("content").GetString());
        Assert.Equal("notes_1.0-1_all.deb", notes.GetProperty("properties")[0].GetProperty("value").GetString());
        Assert.Contains("TR-03183-2: 1 component(s) without licence: notes:all", result.Error, StringComparison.Ordinal);
        Assert.Contains("TR-03183-2: 1 component(s) without SHA-512 hash: hello:amd64", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_deb_directory_is_a_one_line_error()
    {
        var result = await Vigil("sbom", "--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--debs", home.File("nowhere"));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"vigil: error: {home.File("nowhere")} is not a directory; expected one holding .deb files (an apt cache or a deploy directory)\n", result.Error);
    }

    /// <summary>A real .deb, as dpkg-deb builds it, in the apt cache's naming (the epoch as %3a).</summary>
    private string BuildDeb(string directory, string name, string version, string architecture)
    {
        var tree = home.File($"deb-{name}");
        home.Write($"deb-{name}/DEBIAN/control", $"Package: {name}\nVersion: {version}\nArchitecture: {architecture}\nMaintainer: Nobody <nobody@example.org>\nDescription: test package\n");
        home.Write($"deb-{name}/usr/share/{name}/README", "hello\n");
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, $"{name}_{version.Replace(":", "%3a", StringComparison.Ordinal)}_{architecture}.deb");
        var built = Tool.Run(home.Path, "dpkg-deb", "--root-owner-group", "--build", tree, file);
        Assert.True(built.ExitCode == 0, built.Error);
        return file;
    }
}
