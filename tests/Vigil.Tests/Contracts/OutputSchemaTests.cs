using System.Text.Json.Nodes;
using Json.Schema;
using Vigil.Tests.Support;

namespace Vigil.Tests.Contracts;

/// <summary>
/// Every JSON output checked against its committed schema (docs/schemas/NAME.schema.json): the contract scripts and
/// the REST API rely on. Each schema is also shown to reject a document that breaks it.
/// </summary>
public sealed class OutputSchemaTests : IDisposable
{
    private readonly TempDirectory home = new();

    public void Dispose() => home.Dispose();

    private string DataDir => home.File("data");

    private Task<CliResult> Vigil(params string[] args) => CliRunner.RunAsync(null, home.Path, [.. args, "--data-dir", DataDir]);

    private static EvaluationResults Validate(string schemaName, string json)
    {
        var schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "OutputSchemas", $"{schemaName}.schema.json")));
        return schema.Evaluate(JsonNode.Parse(json), new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
    }

    private static void AssertValid(string schemaName, string json)
    {
        var result = Validate(schemaName, json);
        var errors = (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
        Assert.True(result.IsValid, $"{schemaName}: {string.Join("; ", errors)}");
    }

    private async Task<string> Json(params string[] args)
    {
        var result = await Vigil(args);
        Assert.True(result.ExitCode is 0 or 2, result.Error);
        return result.Out;
    }

    [Fact]
    public async Task Audit_export_meets_audit_list_schema()
    {
        Assert.Equal(0, (await Vigil("user", "add", "alice", "--role", "admin")).ExitCode);

        AssertValid("audit-list", await Json("audit", "export"));
    }

    [Fact]
    public async Task Cra_status_json_meets_cra_status_schema()
    {
        await Vigil("feeds", "import", "debian", Fixture.Path("tracker-excerpt.json"));
        await Vigil("product", "add", "gateway", "--release", "1", "--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--debian-release", "bookworm");
        await Vigil("scan", "--product", "gateway", "--quiet");
        await Vigil("cra", "mark", "--product", "gateway", "--cve", "CVE-2025-9230", "--source", "CERT notice", "--author", "psirt");

        AssertValid("cra-status", await Json("cra", "status", "--format", "json"));
        AssertValid("cra-draft", await Json("cra", "draft", "gateway/CVE-2025-9230", "--format", "json"));
    }

    [Fact]
    public async Task Scan_json_meets_scan_schema()
    {
        await Vigil("feeds", "import", "debian", Fixture.Path("tracker-excerpt.json"));

        AssertValid("scan", await Json("scan", "--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--release", "bookworm", "--format", "json"));
    }

    [Fact]
    public async Task Kernel_scan_json_meets_kernel_scan_schema_with_a_tree_and_a_build()
    {
        await Vigil("feeds", "import", "kernel", KernelFixture.Root);
        var compiled = home.Write("compiled.txt", "init/main.c\nkernel/fork.c\nmm/memory.c\nnet/netfilter/nf_tables_api.c\n");

        AssertValid("kernel-scan", await Json("kernel", "scan", "--version", "6.6.10", "--format", "json"));
        AssertValid("kernel-scan", await Json("kernel", "scan", "--version", "6.1.119-cip33", "--compiled-files", compiled, "--format", "json"));
    }

    [Fact]
    public async Task Feeds_status_json_meets_its_schema_before_and_after_imports()
    {
        var empty = await Json("feeds", "status", "--format", "json");
        await Vigil("feeds", "import", "debian", Fixture.Path("tracker-excerpt.json"));
        await Vigil("feeds", "import", "kernel", KernelFixture.Root);
        await Vigil("feeds", "import", "cip-kernel-sec", Fixture.Path("cip-kernel-sec"));

        AssertValid("feeds-status", empty);
        AssertValid("feeds-status", await Json("feeds", "status", "--format", "json"));
    }

    /// <summary>A product with two Debian scans (a package upgraded between them) and one kernel scan.</summary>
    private async Task ScannedProduct()
    {
        var status = home.Write("image.dpkg_status", File.ReadAllText(Fixture.Path("status-bookworm-excerpt")));
        await Vigil("feeds", "import", "debian", Fixture.Path("tracker-excerpt.json"));
        await Vigil("feeds", "import", "kernel", KernelFixture.Root);
        Assert.Equal(0, (await Vigil("product", "add", "gateway", "--release", "1", "--dpkg-status", status, "--debian-release", "bookworm", "--kernel-version", "6.6.10-cip5", "--description", "CIP gateway")).ExitCode);
        await Vigil("scan", "--product", "gateway", "--quiet");
        File.WriteAllText(status, File.ReadAllText(status).Replace("Version: 2.36-9+deb12u14\n", "Version: 2.36-9+deb12u15\n", StringComparison.Ordinal));
        await Vigil("scan", "--product", "gateway", "--quiet");
        await Vigil("kernel", "scan", "--product", "gateway", "--quiet");
    }

    [Fact]
    public async Task Diff_json_meets_diff_schema()
    {
        await ScannedProduct();

        var diff = await Json("diff", "--product", "gateway", "--format", "json");

        AssertValid("diff", diff);
        Assert.Contains("\"change\": \"fixed\"", diff, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Triage_list_and_check_json_meet_their_schemas()
    {
        await ScannedProduct();
        await Vigil("triage", "set", "--product", "gateway", "--cve", "CVE-2025-9230", "--component", "openssl", "--state", "affected", "--response", "update", "--author", "alice");

        AssertValid("triage-list", await Json("triage", "list", "--product", "gateway", "--format", "json"));
        AssertValid("triage-history", await Json("triage", "history", "--product", "gateway", "--format", "json"));
        AssertValid("triage-check", await Json("triage", "check", "--product", "gateway", "--format", "json"));
    }

    [Fact]
    public async Task Kernel_fixed_in_json_meets_its_schema()
    {
        await Vigil("feeds", "import", "kernel", KernelFixture.Root);

        var json = await Json("kernel", "fixed-in", "6.6.16", "--format", "json");

        AssertValid("kernel-fixed-in", json);
    }

    [Fact]
    public async Task Process_check_json_meets_its_schema_with_gaps()
    {
        Assert.Equal(0, (await Vigil("process", "init", "security")).ExitCode);
        File.WriteAllText(home.File("security/people.yml"), "people: []\n");

        var result = await Vigil("process", "check", "security", "--format", "json");

        Assert.Contains("\"requirement\"", result.Out, StringComparison.Ordinal);
        AssertValid("process-check", result.Out);
    }

    [Fact]
    public async Task Release_verify_json_meets_its_schema_when_it_fails()
    {
        home.Write("release/image.wic", "image");
        await Vigil("release", "manifest", home.File("release"));
        home.Write("release/planted.bin", "x");
        File.CreateSymbolicLink(home.File("release/link"), "/etc/passwd");

        var result = await Vigil("release", "verify", home.File("release"), "--manifest", home.File("release/SHA256SUMS"), "--format", "json");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("link (symbolic link)", result.Out, StringComparison.Ordinal);
        AssertValid("release-verify", result.Out);
    }

    [Fact]
    public async Task Product_show_json_meets_product_show_schema()
    {
        await ScannedProduct();

        AssertValid("product-show", await Json("product", "show", "gateway", "--format", "json"));
        AssertValid("product-list", await Json("product", "list", "--format", "json"));
    }

    [Fact]
    public async Task Audit_list_json_meets_its_schema()
    {
        await ScannedProduct();

        var json = await Json("audit", "list", "--format", "json");

        AssertValid("audit-list", json);
        Assert.True(JsonNode.Parse(json)!.AsArray().Count >= 3);
    }

    [Theory]
    [InlineData("scan", "findings")]
    [InlineData("feeds-status", "feeds")]
    [InlineData("kernel-scan", "summary")]
    [InlineData("diff", "changes")]
    [InlineData("product-show", "releases")]
    [InlineData("triage-check", "gaps")]
    [InlineData("kernel-fixed-in", "fixed")]
    public async Task Each_schema_rejects_a_document_without_a_required_field(string schemaName, string field)
    {
        await ScannedProduct();
        var json = schemaName switch
        {
            "diff" => await Json("diff", "--product", "gateway", "--format", "json"),
            "product-show" => await Json("product", "show", "gateway", "--format", "json"),
            "triage-check" => await Json("triage", "check", "--product", "gateway", "--format", "json"),
            "kernel-fixed-in" => await Json("kernel", "fixed-in", "6.6.16", "--format", "json"),
            "scan" => await Json("scan", "--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--release", "bookworm", "--format", "json"),
            "kernel-scan" => await Json("kernel", "scan", "--version", "6.6.10", "--format", "json"),
            _ => await Json("feeds", "status", "--format", "json"),
        };
        var broken = JsonNode.Parse(json)!.AsObject();
        broken.Remove(field);

        Assert.False(Validate(schemaName, broken.ToJsonString()).IsValid);
    }

    [Fact]
    public void Every_committed_schema_is_checked_by_a_test_here()
    {
        var schemas = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "OutputSchemas"), "*.schema.json").Select(f => Path.GetFileName(f)[..^".schema.json".Length]);
        var tested = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "../../../Contracts/OutputSchemaTests.cs"));

        Assert.All(schemas, name => Assert.Contains($"\"{name}\"", tested, StringComparison.Ordinal));
    }
}
