using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text;
using System.Text.Json;
using Vigil.Identity;
using Vigil.Tests.Support;

namespace Vigil.Tests.Server;

/// <summary>The REST API's behaviour over real Kestrel on loopback: what it answers, what it records, and how it refuses.</summary>
public sealed class ServerApiTests : IAsyncLifetime
{
    private readonly TempDirectory home = new();
    private TestServer server = null!;

    public async Task InitializeAsync()
    {
        server = await TestServer.StartAsync(home.File("data"), null);
        using var admin = server.Client(server.Tokens[Role.Admin]);
        using var added = await admin.PostAsync("/api/v1/products/gateway/releases", Json($$"""{"release":"2026.1","dpkgStatus":"{{Fixture.Path("status-bookworm-excerpt")}}","debianRelease":"bookworm"}"""));
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        home.Dispose();
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> Body(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task An_uploaded_status_file_is_scanned_and_recorded_as_the_release_inventory()
    {
        using var developer = server.Client(server.Tokens[Role.Developer]);
        var status = File.ReadAllText(Fixture.Path("status-bookworm-excerpt")).Replace("Version: 2.36-9+deb12u14\n", "Version: 2.36-9+deb12u15\n", StringComparison.Ordinal);

        using var baseline = await developer.PostAsync("/api/v1/products/gateway/scans", null);
        using var uploaded = await developer.PostAsync("/api/v1/products/gateway/scans", new StringContent(status, Encoding.UTF8, "text/plain"));
        var diff = await Body(await developer.GetAsync("/api/v1/products/gateway/diff"));
        using var rescan = await developer.PostAsync("/api/v1/products/gateway/scans", null);
        var sinceUpload = await Body(await developer.GetAsync("/api/v1/products/gateway/diff"));

        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        Assert.Equal(6, (await Body(uploaded)).GetProperty("open").GetInt32());
        var changes = diff.GetProperty("changes").EnumerateArray().Select(c => $"{c.GetProperty("change").GetString()} {c.GetProperty("cve").GetString()}").Order().ToArray();
        Assert.Equal(["changed CVE-2010-4756", "fixed CVE-2025-4802"], changes);
        Assert.Equal(HttpStatusCode.Created, rescan.StatusCode);
        Assert.Empty(sinceUpload.GetProperty("changes").EnumerateArray());
    }

    [Theory]
    [InlineData("sbom-syft-excerpt.cdx.json", "application/vnd.cyclonedx+json")]
    [InlineData("sbom-trivy-excerpt.spdx", "text/spdx")]
    public async Task An_uploaded_sbom_is_scanned_like_the_status_file_of_the_same_system(string sbom, string mediaType)
    {
        using var developer = server.Client(server.Tokens[Role.Developer]);

        using var fromStatus = await developer.PostAsync("/api/v1/products/gateway/scans", null);
        using var fromSbom = await developer.PostAsync("/api/v1/products/gateway/scans", new StringContent(File.ReadAllText(Fixture.Path(sbom)), Encoding.UTF8, mediaType));
        var diff = await Body(await developer.GetAsync("/api/v1/products/gateway/diff"));

        Assert.True(fromSbom.StatusCode == HttpStatusCode.Created, await fromSbom.Content.ReadAsStringAsync());
        Assert.Equal((await Body(fromStatus)).GetProperty("open").GetInt32(), (await Body(fromSbom)).GetProperty("open").GetInt32());
        Assert.Empty(diff.GetProperty("changes").EnumerateArray());
    }

    [Fact]
    public async Task A_release_can_be_added_with_an_sbom_on_the_server_as_its_inventory()
    {
        using var admin = server.Client(server.Tokens[Role.Admin]);

        using var added = await admin.PostAsync("/api/v1/products/gateway/releases", Json($$"""{"release":"2026.2","sbom":"{{Fixture.Path("sbom-debsbom-excerpt.spdx.json")}}","debianRelease":"bookworm"}"""));
        using var scanned = await admin.PostAsync("/api/v1/products/gateway/scans?release=2026.2", null);
        using var baseline = await admin.PostAsync("/api/v1/products/gateway/scans?release=2026.1", null);

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.True(scanned.StatusCode == HttpStatusCode.Created, await scanned.Content.ReadAsStringAsync());
        Assert.Equal((await Body(baseline)).GetProperty("open").GetInt32(), (await Body(scanned)).GetProperty("open").GetInt32());
    }

    [Fact]
    public async Task A_malformed_uploaded_sbom_is_a_problem_naming_the_component_and_nothing_is_recorded()
    {
        using var developer = server.Client(server.Tokens[Role.Developer]);

        using var bad = await developer.PostAsync("/api/v1/products/gateway/scans",
            new StringContent("""{"bomFormat":"CycloneDX","components":[{"bom-ref":"x","purl":"pkg:deb/debian/bash"}]}""", Encoding.UTF8, "application/json"));
        var product = await Body(await developer.GetAsync("/api/v1/products/gateway"));

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("the uploaded inventory: component x: pkg:deb/debian/bash has no version", (await Body(bad)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, product.GetProperty("releases")[0].GetProperty("scans").GetArrayLength());
    }

    [Fact]
    public async Task An_uploaded_vex_statement_on_a_syft_binary_purl_decides_the_source_finding_and_names_what_it_did_not_match()
    {
        using var manager = server.Client(server.Tokens[Role.SecurityManager]);
        using var scanned = await manager.PostAsync("/api/v1/products/gateway/scans", null);
        const string Vex = """
            {"@context": "https://openvex.dev/ns/v0.2.0", "@id": "urn:uuid:1", "author": "supplier", "timestamp": "2026-11-20T00:00:00Z", "version": 1,
             "statements": [
               {"vulnerability": {"name": "CVE-2025-4802"}, "products": [{"@id": "pkg:deb/debian/libc6@2.36-9+deb12u14?arch=amd64&upstream=glibc&distro=debian-12"}],
                "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path"},
               {"vulnerability": {"name": "CVE-2025-4802"}, "products": [{"@id": "pkg:npm/lodash@4.17.20"}], "status": "not_affected", "justification": "component_not_present"}]}
            """;

        using var imported = await manager.PostAsync("/api/v1/products/gateway/vex", new StringContent(Vex, Encoding.UTF8, "application/json"));
        var body = await Body(imported);
        var history = await Body(await manager.GetAsync("/api/v1/products/gateway/triage?cve=CVE-2025-4802"));

        Assert.True(imported.StatusCode == HttpStatusCode.OK, body.GetRawText());
        Assert.Equal(("glibc", "not_affected"), (body.GetProperty("stored")[0].GetProperty("component").GetString(), body.GetProperty("stored")[0].GetProperty("state").GetString()));
        var unmatched = body.GetProperty("unmatched").EnumerateArray().Single();
        Assert.Equal("pkg:npm/lodash@4.17.20", unmatched.GetProperty("product").GetString());
        Assert.Contains("is a pkg:npm, not a Debian package", unmatched.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("glibc", history[0].GetProperty("component").GetString());
    }

    [Fact]
    public async Task A_kernel_scan_with_an_uploaded_compiled_files_list_leaves_unbuilt_code_out()
    {
        using var developer = server.Client(server.Tokens[Role.Developer]);

        using var whole = await developer.PostAsync("/api/v1/products/gateway/scans?kind=kernel&version=6.6.10", null);
        using var built = await developer.PostAsync("/api/v1/products/gateway/scans?kind=kernel&version=6.6.10",
            new StringContent("# what this kernel compiled\ninit/main.c\nkernel/fork.c\nmm/memory.c\n", Encoding.UTF8, "text/plain"));

        Assert.True(built.StatusCode == HttpStatusCode.Created, await built.Content.ReadAsStringAsync());
        var (all, open) = ((await Body(whole)).GetProperty("open").GetInt32(), (await Body(built)).GetProperty("open").GetInt32());
        Assert.True(open < all, $"{open} open with the list, {all} without");
    }

    [Fact]
    public async Task A_kernel_scan_of_a_given_version_is_recorded_for_the_release()
    {
        using var developer = server.Client(server.Tokens[Role.Developer]);

        using var older = await developer.PostAsync("/api/v1/products/gateway/scans?kind=kernel&version=6.6.10", null);
        using var newer = await developer.PostAsync("/api/v1/products/gateway/scans?kind=kernel&version=6.6.17", null);
        using var abi = await developer.PostAsync("/api/v1/products/gateway/scans?kind=kernel&version=6.1.0-28-amd64", null);
        var diff = await Body(await developer.GetAsync("/api/v1/products/gateway/diff?kind=kernel"));

        Assert.Equal(HttpStatusCode.Created, older.StatusCode);
        Assert.Equal(HttpStatusCode.Created, newer.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, abi.StatusCode);
        Assert.Equal("kernel.abi-name", (await Body(abi)).GetProperty("code").GetString());
        Assert.Contains(diff.GetProperty("changes").EnumerateArray(), c => c.GetProperty("change").GetString() == "fixed" && c.GetProperty("cve").GetString() == "CVE-2024-26581");
    }

    [Fact]
    public async Task Findings_are_filtered_sorted_and_paged()
    {
        using var tester = server.Client(server.Tokens[Role.Tester]);
        using var scanned = await tester.PostAsync("/api/v1/products/gateway/scans", null);

        var all = await Body(await tester.GetAsync("/api/v1/products/gateway/findings?sort=cve&pageSize=3"));
        var second = await Body(await tester.GetAsync("/api/v1/products/gateway/findings?sort=cve&pageSize=3&page=2"));
        var high = await Body(await tester.GetAsync("/api/v1/products/gateway/findings?risk=high"));
        var text = await Body(await tester.GetAsync("/api/v1/products/gateway/findings?q=openssl"));

        Assert.Equal(7, all.GetProperty("total").GetInt32());
        Assert.Equal(3, all.GetProperty("items").GetArrayLength());
        var cves = all.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(i => i.GetProperty("cve").GetString()).ToArray();
        Assert.Equal(cves.Order(StringComparer.Ordinal), cves);
        Assert.Equal(6, cves.Distinct().Count());
        Assert.All(high.GetProperty("items").EnumerateArray(), i => Assert.Equal("high", i.GetProperty("risk").GetString()));
        Assert.All(text.GetProperty("items").EnumerateArray(), i => Assert.Equal("openssl", i.GetProperty("component").GetString()));
    }

    [Fact]
    public async Task A_decision_names_the_authenticated_user_as_author_and_the_audit_log_names_who_and_from_where()
    {
        using var manager = server.Client(server.Tokens[Role.SecurityManager]);
        using var auditor = server.Client(server.Tokens[Role.Auditor]);
        using var scanned = await manager.PostAsync("/api/v1/products/gateway/scans", null);

        using var decided = await manager.PostAsync("/api/v1/products/gateway/triage", Json("""{"cve":"CVE-2025-4802","component":"glibc","state":"affected","response":"update","threat":"TM-7","author":"mallory"}"""));
        var audit = (await Body(await auditor.GetAsync("/api/v1/audit"))).EnumerateArray().ToArray();
        var verified = await Body(await auditor.GetAsync("/api/v1/audit/verify"));

        Assert.Equal(HttpStatusCode.Created, decided.StatusCode);
        Assert.Equal("security-manager", (await Body(decided)).GetProperty("author").GetString());
        var decision = audit.Single(e => e.GetProperty("action").GetString() == "triage.decide");
        Assert.Equal("user:security-manager", decision.GetProperty("actor").GetString());
        Assert.Equal("127.0.0.1", decision.GetProperty("origin").GetString());
        Assert.Contains("\"author\":\"security-manager\"", decision.GetProperty("after").GetString(), StringComparison.Ordinal);
        Assert.True(verified.GetProperty("holds").GetBoolean());
    }

    [Theory]
    [InlineData("/api/v1/products/nothing/findings", 404, "product.unknown")]
    [InlineData("/api/v1/products/gateway/findings?pageSize=100000", 400, "input.invalid")]
    [InlineData("/api/v1/products/gateway/findings?risk=extreme", 400, "input.invalid")]
    [InlineData("/api/v1/products/gateway/findings?status=7", 400, "input.invalid")]
    [InlineData("/api/v1/products/gateway/diff", 404, "history.no-scan")]
    [InlineData("/api/v1/nowhere", 404, "http.404")]
    [InlineData("/api/v1/process/check", 404, "process.records-unset")]
    public async Task Errors_are_problem_details_with_the_stable_code(string path, int status, string code)
    {
        using var reader = server.Client(server.Tokens[Role.Reviewer]);

        using var response = await reader.GetAsync(path);
        var problem = await Body(response);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_body_is_a_400_and_stores_nothing()
    {
        using var manager = server.Client(server.Tokens[Role.SecurityManager]);

        using var response = await manager.PostAsync("/api/v1/products/gateway/triage", Json("""{"cve": 12, "component": """));
        using var history = await manager.GetAsync("/api/v1/products/gateway/triage");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, (await Body(history)).GetArrayLength());
    }

    [Fact]
    public async Task A_revoked_or_forged_token_authenticates_nobody()
    {
        using var admin = server.Client(server.Tokens[Role.Admin]);
        var issued = await Body(await admin.PostAsync("/api/v1/users/auditor/tokens", Json("""{"label":"laptop"}""")));
        var token = issued.GetProperty("token").GetString()!;
        using var before = await server.Client(token).GetAsync("/api/v1/me");

        using var revoked = await admin.DeleteAsync($"/api/v1/users/auditor/tokens/{issued.GetProperty("prefix").GetString()}");
        using var after = await server.Client(token).GetAsync("/api/v1/me");
        using var forged = await server.Client(token[..^1] + (token[^1] == 'A' ? 'B' : 'A')).GetAsync("/api/v1/me");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
    }

    [Fact]
    public async Task Too_many_failed_token_checks_from_one_address_are_refused_for_a_while()
    {
        var forged = "vgl_" + new string('A', 43);
        var codes = new List<int>();
        for (var i = 0; i < 22; i++)
        {
            using var response = await server.Client(forged).GetAsync("/api/v1/me");
            codes.Add((int)response.StatusCode);
        }
        using var genuine = await server.Client(server.Tokens[Role.Admin]).GetAsync("/api/v1/me");

        Assert.All(codes.Take(20), c => Assert.Equal(401, c));
        Assert.All(codes.Skip(20), c => Assert.Equal(429, c));
        Assert.Equal(HttpStatusCode.TooManyRequests, genuine.StatusCode);
        Assert.True(genuine.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    [Fact]
    public async Task Responses_carry_the_security_headers()
    {
        using var reader = server.Client(server.Tokens[Role.Reviewer]);

        using var response = await reader.GetAsync("/api/v1/products");

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task Tokens_are_stored_only_as_their_hash()
    {
        var database = File.ReadAllBytes(home.File("data/vigil.db"));
        var wal = File.Exists(home.File("data/vigil.db-wal")) ? File.ReadAllBytes(home.File("data/vigil.db-wal")) : [];

        foreach (var token in server.Tokens.Values)
        {
            Assert.Equal(-1, database.AsSpan().IndexOf(Encoding.UTF8.GetBytes(token)));
            Assert.Equal(-1, wal.AsSpan().IndexOf(Encoding.UTF8.GetBytes(token)));
        }
    }

    [Fact]
    public async Task The_readiness_check_is_503_until_the_findings_views_are_built_and_200_after()
    {
        var readiness = new Vigil.Server.Readiness(server.App.Services.GetRequiredService<IServiceScopeFactory>(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<Vigil.Server.Readiness>.Instance);
        using var anyone = server.Client();

        var before = await readiness.CheckHealthAsync(new());
        await readiness.StartAsync(CancellationToken.None);
        await readiness.ExecuteTask!;
        var after = await readiness.CheckHealthAsync(new());
        using var served = await anyone.GetAsync("/healthz");

        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, before.Status);
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, after.Status);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("Healthy", await served.Content.ReadAsStringAsync());
    }
}

/// <summary>The process endpoints read the records folder the server was started with.</summary>
public sealed class ServerProcessApiTests : IAsyncLifetime
{
    private readonly TempDirectory home = new();
    private TestServer server = null!;

    public async Task InitializeAsync()
    {
        Vigil.ProcessRecords.Starter.Write(home.File("security"), DateOnly.FromDateTime(DateTime.UtcNow));
        server = await TestServer.StartAsync(home.File("data"), null, processRecords: home.File("security"));
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        home.Dispose();
    }

    [Fact]
    public async Task The_starter_records_have_no_gaps_and_the_report_lists_all_47_requirements()
    {
        using var auditor = server.Client(server.Tokens[Role.Auditor]);

        var check = JsonDocument.Parse(await auditor.GetStringAsync("/api/v1/process/check")).RootElement;
        var report = await auditor.GetStringAsync("/api/v1/process/report?release=2026.1");

        Assert.Equal(0, check.GetProperty("gaps").GetArrayLength());
        Assert.Contains("| SM-1 |", report, StringComparison.Ordinal);
        Assert.Contains("| DM-5 |", report, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("product.yml")]
    [InlineData("../data/vigil.db")]
    [InlineData("/etc/passwd")]
    public async Task Only_a_file_a_checklist_names_as_evidence_is_handed_out(string file)
    {
        home.Write("security/evidence.md", "key management\n");
        home.Write("security/checklists/1.yml", "release: \"1\"\nitems:\n  SM-8:\n    status: met\n    evidence:\n      - { file: evidence.md }\n");
        using var auditor = server.Client(server.Tokens[Role.Auditor]);

        using var refused = await auditor.GetAsync($"/api/v1/process/evidence?file={Uri.EscapeDataString(file)}");
        using var named = await auditor.GetAsync("/api/v1/process/evidence?file=evidence.md");

        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal("process.evidence-unknown", JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
        Assert.Equal("key management\n", await named.Content.ReadAsStringAsync());
        Assert.Equal("attachment", named.Content.Headers.ContentDisposition?.DispositionType);
    }
}
