using System.Text.Json;
using Vigil.Tests.Support;

namespace Vigil.Tests.Advisories;

/// <summary>
/// <c>vigil advisory</c> end to end on a product with Debian and kernel findings and two triage decisions: documents the
/// BSI's CSAF validator accepts, a provider tree whose hashes sha256sum/sha512sum and whose signatures gpg verify.
/// </summary>
public sealed class AdvisoryCommandTests : IAsyncLifetime
{
    private const string Passphrase = "advisory key ✓";
    private readonly TempDirectory home = new();
    private Gpg gpg = null!;

    private string Site => home.File("site");

    private string White => Path.Combine(Site, ".well-known", "csaf", "white");

    public async Task InitializeAsync()
    {
        gpg = new Gpg(home.File("g"));
        Assert.Equal(0, (await Vigil("feeds", "import", "debian", Fixture.Path("tracker-excerpt.json"))).ExitCode);
        Assert.Equal(0, (await Vigil("feeds", "import", "kernel", KernelFixture.Root)).ExitCode);
        Assert.Equal(0, (await Vigil("product", "add", "gateway", "--release", "2026.1", "--dpkg-status", Fixture.Path("status-bookworm-excerpt"),
            "--debian-release", "bookworm", "--kernel-version", "6.6.10")).ExitCode);
        Assert.Equal(0, (await Vigil("scan", "--product", "gateway", "--quiet")).ExitCode);
        Assert.Equal(0, (await Vigil("kernel", "scan", "--product", "gateway", "--quiet")).ExitCode);
        Assert.Equal(0, (await Vigil("triage", "set", "--product", "gateway", "--cve", "CVE-2025-4802", "--component", "glibc", "--state", "not_affected",
            "--justification", "vulnerable_code_not_in_execute_path", "--detail", "no static setuid binaries ship")).ExitCode);
        Assert.Equal(0, (await Vigil("triage", "set", "--product", "gateway", "--cve", "CVE-2025-9230", "--component", "openssl", "--state", "affected",
            "--response", "update", "--detail", "upgrade in 2026.2", "--threat", "TM-7")).ExitCode);
    }

    public Task DisposeAsync()
    {
        gpg.Dispose();
        home.Dispose();
        return Task.CompletedTask;
    }

    private Task<CliResult> Vigil(params string[] args) => CliRunner.RunAsync(new Dictionary<string, string>
    {
        ["VIGIL_PASSPHRASE"] = Passphrase, ["VIGIL_AUTHOR"] = "psirt", ["VIGIL_KERNEL_VULNS_URL"] = "http://127.0.0.1:9/unused.tar.gz",
        ["VIGIL_CSAF_PUBLISHER_NAME"] = "ACME PSIRT", ["VIGIL_CSAF_PUBLISHER_NAMESPACE"] = "https://psirt.acme.example",
    }, home.Path, [.. args, "--data-dir", home.File("data")]);

    private async Task<string> Issue(params string[] args)
    {
        var result = await Vigil(["advisory", "--product", "gateway", "-o", Site, .. args]);
        Assert.True(result.ExitCode == 0, result.Error);
        return Directory.GetFiles(White, "*.json", SearchOption.AllDirectories).Single(f => !f.EndsWith("provider-metadata.json", StringComparison.Ordinal)
            && Path.GetFileName(f).StartsWith(args.Contains("--vex") ? "gateway-all-vex" : "gateway-all-sa", StringComparison.Ordinal));
    }

    private static JsonElement Vulnerability(string document, string cve) =>
        JsonDocument.Parse(File.ReadAllText(document)).RootElement.GetProperty("vulnerabilities").EnumerateArray()
            .Single(v => v.TryGetProperty("cve", out var id) && id.GetString() == cve);

    private async Task<string> ReleaseKey()
    {
        var made = await Vigil("key", "generate", "--name", "ACME PSIRT", "--email", "psirt@acme.example", "--out-dir", home.File("keys"));
        Assert.True(made.ExitCode == 0, made.Error);
        return home.File($"keys/{made.Out.Trim()}.secret.asc");
    }

    [Fact]
    public async Task A_security_advisory_passes_the_csaf_schema_and_every_mandatory_test()
    {
        var document = await Issue();

        Assert.Null(OfficialValidators.Csaf(File.ReadAllText(document)));
    }

    [Fact]
    public async Task A_vex_document_passes_the_csaf_schema_and_every_mandatory_test()
    {
        var document = await Issue("--vex");

        Assert.Null(OfficialValidators.Csaf(File.ReadAllText(document)));
        Assert.Equal("csaf_vex", JsonDocument.Parse(File.ReadAllText(document)).RootElement.GetProperty("document").GetProperty("category").GetString());
    }

    [Fact]
    public async Task Triage_decisions_become_product_status_with_the_vex_flag_and_the_remediation()
    {
        var document = await Issue();
        var glibc = Vulnerability(document, "CVE-2025-4802");
        var openssl = Vulnerability(document, "CVE-2025-9230");

        Assert.Equal("vulnerable_code_not_in_execute_path", glibc.GetProperty("flags")[0].GetProperty("label").GetString());
        Assert.Equal(glibc.GetProperty("product_status").GetProperty("known_not_affected")[0].GetString(), glibc.GetProperty("flags")[0].GetProperty("product_ids")[0].GetString());
        Assert.Equal(("vendor_fix", "Upgrade openssl to 3.0.20-1~deb12u1 or later."),
            (openssl.GetProperty("remediations")[0].GetProperty("category").GetString(), openssl.GetProperty("remediations")[0].GetProperty("details").GetString()));
        Assert.Single(openssl.GetProperty("product_status").GetProperty("known_affected").EnumerateArray());
    }

    [Fact]
    public async Task A_kernel_cve_carries_the_cvss_vector_of_its_record_and_the_kernel_purl()
    {
        var document = await Issue();
        var root = JsonDocument.Parse(File.ReadAllText(document)).RootElement;
        var cvss = Vulnerability(document, "CVE-2024-26581").GetProperty("scores")[0].GetProperty("cvss_v3");

        Assert.Equal((7.8, "HIGH"), (cvss.GetProperty("baseScore").GetDouble(), cvss.GetProperty("baseSeverity").GetString()));
        Assert.StartsWith("CVSS:3.1/", cvss.GetProperty("vectorString").GetString(), StringComparison.Ordinal);
        Assert.Contains("\"purl\": \"pkg:generic/linux@6.6.10\"", root.GetRawText().Replace("\":\"", "\": \"", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issuing_again_bumps_the_version_and_adds_a_revision_keeping_the_first_release_date()
    {
        var first = JsonDocument.Parse(File.ReadAllText(await Issue())).RootElement.GetProperty("document").GetProperty("tracking");
        var second = JsonDocument.Parse(File.ReadAllText(await Issue())).RootElement.GetProperty("document").GetProperty("tracking");

        Assert.Equal(("1", "2"), (first.GetProperty("version").GetString(), second.GetProperty("version").GetString()));
        Assert.Equal(["1", "2"], second.GetProperty("revision_history").EnumerateArray().Select(r => r.GetProperty("number").GetString()));
        Assert.Equal(first.GetProperty("initial_release_date").GetString(), second.GetProperty("initial_release_date").GetString());
    }

    [Fact]
    public async Task The_provider_tree_has_hashes_sha256sum_and_sha512sum_accept_and_signatures_gpg_verifies()
    {
        var document = await Issue("--key", await ReleaseKey());
        var folder = Path.GetDirectoryName(document)!;
        var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(Site, ".well-known", "csaf", "provider-metadata.json"))).RootElement;
        var fingerprint = metadata.GetProperty("public_openpgp_keys")[0].GetProperty("fingerprint").GetString()!;

        Assert.Equal(0, Tool.Run(folder, "sha256sum", "--check", "--strict", Path.GetFileName(document) + ".sha256").ExitCode);
        Assert.Equal(0, Tool.Run(folder, "sha512sum", "--check", "--strict", Path.GetFileName(document) + ".sha512").ExitCode);
        Assert.Equal(0, gpg.Run("--import", Path.Combine(Site, ".well-known", "csaf", "openpgp", fingerprint + ".asc")).ExitCode);
        Assert.Contains($"[GNUPG:] VALIDSIG {fingerprint}", gpg.Verify(document + ".asc", document), StringComparison.Ordinal);
        Assert.Equal("csaf_trusted_provider", metadata.GetProperty("role").GetString());
        Assert.Equal("https://psirt.acme.example/.well-known/csaf/white/", metadata.GetProperty("distributions")[0].GetProperty("directory_url").GetString());
        Assert.Equal($"{Path.GetFileName(folder)}/{Path.GetFileName(document)}\n", File.ReadAllText(Path.Combine(White, "index.txt")));
        Assert.StartsWith($"\"{Path.GetFileName(folder)}/{Path.GetFileName(document)}\",\"", File.ReadAllText(Path.Combine(White, "changes.csv")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_csaf_vex_imports_into_another_product_as_the_same_decisions()
    {
        var document = await Issue("--vex");
        Assert.Equal(0, (await Vigil("product", "add", "router", "--release", "1", "--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--debian-release", "bookworm")).ExitCode);
        Assert.Equal(0, (await Vigil("scan", "--product", "router", "--quiet")).ExitCode);

        var imported = await Vigil("vex", "import", document, "--product", "router");
        var list = JsonDocument.Parse((await Vigil("triage", "list", "--product", "router", "--format", "json")).Out).RootElement.EnumerateArray().ToArray();

        Assert.True(imported.ExitCode == 0, imported.Error);
        var glibc = list.Single(f => f.GetProperty("cve").GetString() == "CVE-2025-4802");
        Assert.Equal(("not_affected", "vulnerable_code_not_in_execute_path"), (glibc.GetProperty("state").GetString(), glibc.GetProperty("justification").GetString()));
        Assert.Equal("affected", list.Single(f => f.GetProperty("cve").GetString() == "CVE-2025-9230").GetProperty("state").GetString());
    }

    [Fact]
    public async Task Scan_takes_a_csaf_vex_at_scan_time()
    {
        var document = await Issue("--vex");

        var scan = await Vigil("scan", "--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--release", "bookworm", "--vex", document);

        Assert.DoesNotContain("CVE-2025-4802", scan.Out, StringComparison.Ordinal);
        Assert.Contains("CVE-2025-4802 in glibc: not_affected (vulnerable_code_not_in_execute_path)", scan.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_draft_is_valid_version_0_and_publishing_it_makes_version_1_without_the_draft_revision()
    {
        var draft = await Issue("--draft");
        var draftTracking = JsonDocument.Parse(File.ReadAllText(draft)).RootElement.GetProperty("document").GetProperty("tracking");
        Assert.Null(OfficialValidators.Csaf(File.ReadAllText(draft)));

        var published = await Issue();
        var tracking = JsonDocument.Parse(File.ReadAllText(published)).RootElement.GetProperty("document").GetProperty("tracking");
        var again = await Vigil("advisory", "--product", "gateway", "-o", Site, "--draft");

        Assert.Equal(("draft", "0"), (draftTracking.GetProperty("status").GetString(), draftTracking.GetProperty("version").GetString()));
        Assert.Equal(("final", "1"), (tracking.GetProperty("status").GetString(), tracking.GetProperty("version").GetString()));
        Assert.Equal(["1"], tracking.GetProperty("revision_history").EnumerateArray().Select(r => r.GetProperty("number").GetString()));
        Assert.Null(OfficialValidators.Csaf(File.ReadAllText(published)));
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("GATEWAY-ALL-SA was published as version 1", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_publisher_the_advisory_is_a_one_line_error_saying_how_to_name_one()
    {
        var result = await CliRunner.RunAsync(null, home.Path, "advisory", "--product", "gateway", "-o", Site, "--data-dir", home.File("data"));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("vigil: error: a CSAF advisory names its publisher: a name and the namespace URL it is known by; give --publisher NAME --publisher-namespace URL, "
            + "or set VIGIL_CSAF_PUBLISHER_NAME and VIGIL_CSAF_PUBLISHER_NAMESPACE\n", result.Error);
    }
}
