using System.Text.Json;
using Vigil.Tests.Support;

namespace Vigil.Tests.Storage;

/// <summary>
/// Products, recorded scans, diffs and triage as the command line shows them (output, files, messages, exit codes),
/// the same for every database: the concrete classes below run it on SQLite and on PostgreSQL. What the use cases
/// decide is ProductHistoryUseCaseContract's.
/// </summary>
public abstract class ProductHistoryContract : IDisposable
{
    private readonly TempDirectory home = new();
    private readonly ITestDatabase database;

    protected ProductHistoryContract(Func<TempDirectory, ITestDatabase> makeDatabase)
    {
        database = makeDatabase(home);
        StatusFile = Path.Combine(home.Path, "image.dpkg_status");
        File.Copy(Fixture.Path("status-bookworm-excerpt"), StatusFile);
    }

    private string StatusFile { get; }

    public void Dispose()
    {
        database.Dispose();
        home.Dispose();
        GC.SuppressFinalize(this);
    }

    private Task<CliResult> Vigil(params string[] args) =>
        CliRunner.RunAsync(null, home.Path, [.. args, "--data-dir", Path.Combine(home.Path, "data"), "--database", database.Setting]);

    private async Task AddGateway()
    {
        Assert.Equal(0, (await Vigil("feeds", "import", "debian", Fixture.Path("tracker-excerpt.json"))).ExitCode);
        Assert.Equal(0, (await Vigil("feeds", "import", "kernel", KernelFixture.Root)).ExitCode);
        var added = await Vigil("product", "add", "gateway", "--release", "2026.1", "--dpkg-status", StatusFile, "--debian-release", "bookworm",
            "--kernel-version", "6.6.10-cip5", "--description", "CIP gateway");
        Assert.True(added.ExitCode == 0, added.Error);
    }

    private void Upgrade(string from, string to) => File.WriteAllText(StatusFile, File.ReadAllText(StatusFile).Replace($"Version: {from}\n", $"Version: {to}\n", StringComparison.Ordinal));

    private async Task<JsonElement[]> Diff(params string[] args)
    {
        var result = await Vigil(["diff", "--product", "gateway", "--format", "json", .. args]);
        Assert.True(result.ExitCode == 0, result.Error);
        return [.. JsonDocument.Parse(result.Out).RootElement.GetProperty("changes").EnumerateArray()];
    }

    private static string[] Changes(IEnumerable<JsonElement> changes) =>
        [.. changes.Select(c => $"{c.GetProperty("change").GetString()} {c.GetProperty("component").GetString()} {c.GetProperty("cve").GetString()}").Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Product_with_release_is_listed_and_shown()
    {
        await AddGateway();

        var list = await Vigil("product", "list");
        var show = await Vigil("product", "show", "gateway");

        Assert.Equal("gateway\t2026.1\tCIP gateway\n", list.Out);
        Assert.Contains($"    packages: dpkg-status {StatusFile} (bookworm)", show.Out, StringComparison.Ordinal);
        Assert.Contains("    kernel:   6.6.10-cip5", show.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_release_that_exists_is_not_added_twice()
    {
        await AddGateway();

        var again = await Vigil("product", "add", "gateway", "--release", "2026.1", "--kernel-version", "6.6.11");

        Assert.Equal(1, again.ExitCode);
        Assert.Equal("vigil: error: product gateway already has a release 2026.1\n", again.Error);
    }

    [Fact]
    public async Task Unknown_product_is_one_line_with_exit_1()
    {
        var result = await Vigil("scan", "--product", "nope");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("vigil: error: unknown product 'nope'; 'vigil product list' shows the products there are\n", result.Error);
    }

    [Fact]
    public async Task Diff_says_in_its_header_whether_the_inventory_or_the_feed_changed()
    {
        await AddGateway();
        await Vigil("scan", "--product", "gateway");
        var feed = File.ReadAllText(Fixture.Path("tracker-excerpt.json"));
        var rescored = home.Write("rescored.json", feed.Replace("\"urgency\": \"low\"", "\"urgency\": \"medium\"", StringComparison.Ordinal)
            .Replace("Minor issue", "Minor issue, reviewed", StringComparison.Ordinal));
        Assert.Equal(0, (await Vigil("feeds", "import", "debian", rescored)).ExitCode);
        await Vigil("scan", "--product", "gateway");

        var changes = await Diff();
        var table = await Vigil("diff", "--product", "gateway");

        Assert.Contains("feed-changed util-linux CVE-2022-0563", Changes(changes));
        Assert.Contains("same inventory, feed updated", table.Out, StringComparison.Ordinal);
        Assert.Contains("feed-changed", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_with_one_scan_says_there_is_nothing_to_compare()
    {
        await AddGateway();
        await Vigil("scan", "--product", "gateway");

        var result = await Vigil("diff", "--product", "gateway");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("has only one debian scan", result.Error, StringComparison.Ordinal);
    }

    private async Task<Dictionary<string, JsonElement>> TriageList(params string[] args)
    {
        var result = await Vigil(["triage", "list", "--product", "gateway", "--format", "json", .. args]);
        Assert.True(result.ExitCode == 0, result.Error);
        return JsonDocument.Parse(result.Out).RootElement.EnumerateArray().ToDictionary(f => $"{f.GetProperty("component").GetString()} {f.GetProperty("cve").GetString()}");
    }

    [Fact]
    public async Task Triage_history_prints_one_line_per_decision_oldest_first()
    {
        await AddGateway();
        await Vigil("scan", "--product", "gateway");
        await Vigil("triage", "set", "--product", "gateway", "--cve", "CVE-2025-4802", "--component", "glibc", "--state", "in_triage", "--author", "alice");
        await Vigil("triage", "set", "--product", "gateway", "--cve", "CVE-2025-4802", "--component", "glibc", "--state", "affected",
            "--response", "update", "--detail", "upgrade to deb12u15", "--threat", "TM-7", "--author", "bob");

        var history = await Vigil("triage", "history", "--product", "gateway", "--cve", "CVE-2025-4802");

        var lines = history.Out.TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Contains("alice: CVE-2025-4802 in glibc 2.36-9+deb12u14 -> in_triage", lines[0], StringComparison.Ordinal);
        Assert.Contains("bob: CVE-2025-4802 in glibc 2.36-9+deb12u14 -> affected, update, threat model TM-7: upgrade to deb12u15", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenVex_round_trips_between_products()
    {
        await AddGateway();
        await Vigil("scan", "--product", "gateway");
        await Vigil("triage", "set", "--product", "gateway", "--cve", "CVE-2010-4756", "--component", "glibc", "--state", "not_affected", "--justification", "vulnerable_code_not_in_execute_path", "--detail", "no untrusted globs", "--author", "alice");
        await Vigil("triage", "set", "--product", "gateway", "--cve", "CVE-2022-0563", "--component", "util-linux", "--state", "not_affected", "--justification", "requires_configuration", "--detail", "chfn is not installed setuid", "--author", "alice");
        await Vigil("triage", "set", "--product", "gateway", "--cve", "CVE-2025-4802", "--component", "glibc", "--state", "affected", "--response", "update", "--detail", "next release", "--threat", "TM-7", "--author", "bob");
        await Vigil("triage", "set", "--product", "gateway", "--cve", "CVE-2019-18276", "--component", "bash", "--state", "false_positive", "--detail", "bash is not setuid here", "--author", "bob");
        await Vigil("triage", "set", "--product", "gateway", "--cve", "CVE-2024-26581", "--component", "linux", "--state", "fixed", "--author", "bob");
        var first = Path.Combine(home.Path, "first.vex.json");
        Assert.Equal(0, (await Vigil("vex", "export", "--product", "gateway", "--author", "gateway team", "-o", first)).ExitCode);
        Assert.Equal(0, (await Vigil("product", "add", "gateway-lts", "--release", "1", "--kernel-version", "6.1.50")).ExitCode);

        var imported = await Vigil("vex", "import", first, "--product", "gateway-lts");
        var second = await Vigil("vex", "export", "--product", "gateway-lts", "--author", "gateway team");

        Assert.True(imported.ExitCode == 0, imported.Error);
        Assert.Equal(Statements(File.ReadAllText(first)), Statements(second.Out));
        var history = await Vigil("triage", "history", "--product", "gateway-lts");
        Assert.Contains("[vex:first.vex.json]", history.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CycloneDx_vex_carries_the_same_decisions_as_openvex()
    {
        await AddGateway();
        await Vigil("scan", "--product", "gateway");
        await Vigil("triage", "set", "--product", "gateway", "--cve", "CVE-2010-4756", "--component", "glibc", "--state", "not_affected", "--justification", "vulnerable_code_not_in_execute_path", "--detail", "no untrusted globs", "--author", "alice");
        await Vigil("triage", "set", "--product", "gateway", "--cve", "CVE-2022-0563", "--component", "util-linux", "--state", "not_affected", "--justification", "component_not_present", "--detail", "chfn is removed", "--author", "alice");
        await Vigil("triage", "set", "--product", "gateway", "--cve", "CVE-2025-4802", "--component", "glibc", "--state", "affected", "--response", "update", "--detail", "next release", "--threat", "TM-7", "--author", "bob");
        await Vigil("triage", "set", "--product", "gateway", "--cve", "CVE-2019-18276", "--component", "bash", "--state", "false_positive", "--detail", "not setuid", "--author", "bob");
        var openVex = await Vigil("vex", "export", "--product", "gateway", "--author", "team");
        var cdx = Path.Combine(home.Path, "gateway.cdx.json");
        Assert.Equal(0, (await Vigil("vex", "export", "--product", "gateway", "--author", "team", "--format", "cyclonedx", "-o", cdx)).ExitCode);
        Assert.Equal(0, (await Vigil("product", "add", "gateway-lts", "--release", "1", "--kernel-version", "6.1.50")).ExitCode);

        var imported = await Vigil("vex", "import", cdx, "--product", "gateway-lts");
        var again = await Vigil("vex", "export", "--product", "gateway-lts", "--author", "team");

        Assert.True(imported.ExitCode == 0, imported.Error);
        Assert.Equal(Statements(openVex.Out), Statements(again.Out));
    }

    /// <summary>The statements without their timestamps and product versions (the second product has no scans).</summary>
    private static string[] Statements(string document) =>
        [.. JsonDocument.Parse(document).RootElement.GetProperty("statements").EnumerateArray().Select(s =>
        {
            string Text(string name) => s.TryGetProperty(name, out var value) ? value.GetString()! : "-";
            var purl = s.GetProperty("products")[0].GetProperty("@id").GetString()!.Split('@')[0].Split('?')[0];
            return $"{s.GetProperty("vulnerability").GetProperty("name").GetString()} {purl} {Text("status")} {Text("justification")} {Text("impact_statement")} {Text("action_statement")} {Text("status_notes")}";
        }).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Malformed_or_conflicting_vex_is_refused_and_nothing_is_recorded()
    {
        await AddGateway();
        var malformed = home.Write("bad.json", """{"@context":"https://openvex.dev/ns/v0.2.0","author":"x","statements":[{"vulnerability":{"name":"CVE-2024-1234"},"products":[{"@id":"pkg:deb/debian/bash"}],"status":"affected"}]}""");
        var conflicting = home.Write("conflict.json", """{"@context":"https://openvex.dev/ns/v0.2.0","author":"x","statements":[{"vulnerability":{"name":"CVE-2024-1234"},"products":[{"@id":"pkg:deb/debian/bash"}],"status":"fixed"},{"vulnerability":{"name":"CVE-2024-1234"},"products":[{"@id":"pkg:deb/debian/bash"}],"status":"under_investigation"}]}""");

        var first = await Vigil("vex", "import", malformed, "--product", "gateway");
        var second = await Vigil("vex", "import", conflicting, "--product", "gateway");
        var history = await Vigil("triage", "history", "--product", "gateway");

        Assert.Equal(1, first.ExitCode);
        Assert.Equal($"vigil: error: {malformed}: statement 0: affected needs an action_statement\n", first.Error);
        Assert.Equal(1, second.ExitCode);
        Assert.Equal("vigil: error: conflicting decisions for CVE-2024-1234 in bash: fixed and in_triage\n", second.Error);
        Assert.Equal("", history.Out);
    }

    [Fact]
    public async Task Weekly_report_says_what_changed_what_stands_and_what_is_overdue()
    {
        await AddGateway();
        await Vigil("scan", "--product", "gateway");
        Upgrade("2.36-9+deb12u14", "2.36-9+deb12u15");
        await Vigil("scan", "--product", "gateway");
        await Vigil("triage", "set", "--product", "gateway", "--cve", "CVE-2025-9230", "--component", "openssl", "--state", "affected", "--response", "update", "--author", "alice", "--detail", "waiting for the DSA");

        var text = await Vigil("report", "weekly", "--product", "gateway");
        var markdown = await Vigil("report", "weekly", "--product", "gateway", "--format", "markdown");
        var html = await Vigil("report", "weekly", "--product", "gateway", "--format", "html");

        Assert.Equal(0, text.ExitCode);
        Assert.Contains("== Summary ==\n  Open findings: ", text.Out, StringComparison.Ordinal);
        Assert.Contains("This week: 0 new, 1 fixed, 0 reopened; 1 decisions", text.Out, StringComparison.Ordinal);
        Assert.Matches(@"\n  2026\.1 Debian packages: [^\n]*\b1 fixed\b[^\n]*; open ", text.Out);
        Assert.Contains("alice: CVE-2025-9230 in openssl -> affected: waiting for the DSA", text.Out, StringComparison.Ordinal);
        Assert.Matches(@"review +(high|medium) +CVE-2025-9230 +openssl +affected but names no threat-model entry or mitigation", text.Out);
        Assert.Matches(@"\n- 2026\.1 Debian packages: [^\n]*\b1 fixed\b", markdown.Out);
        Assert.Contains("<h2>Releases</h2>", html.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Weekly_report_does_not_count_findings_triaged_not_affected_or_fixed_as_still_open()
    {
        await AddGateway();
        await Vigil("scan", "--product", "gateway");
        static int StillOpen(string report) => System.Text.RegularExpressions.Regex.Match(report, @"Open findings: (\d+) high, (\d+) medium, (\d+) low") is { Success: true } m
            ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) + int.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture)
            : throw new InvalidOperationException(report);
        var before = StillOpen((await Vigil("report", "weekly", "--product", "gateway")).Out);

        await Vigil("triage", "set", "--product", "gateway", "--cve", "CVE-2025-4802", "--component", "glibc", "--state", "not_affected", "--justification", "vulnerable_code_not_in_execute_path", "--author", "alice");
        await Vigil("triage", "set", "--product", "gateway", "--cve", "CVE-2025-9230", "--component", "openssl", "--state", "affected", "--response", "update", "--author", "alice");
        var after = StillOpen((await Vigil("report", "weekly", "--product", "gateway")).Out);

        Assert.Equal(before - 1, after);
    }

    [Fact]
    public async Task An_affected_decision_without_detail_exports_a_bare_action_and_reads_back()
    {
        await AddGateway();
        await Vigil("scan", "--product", "gateway");
        await Vigil("triage", "set", "--product", "gateway", "--cve", "CVE-2025-9230", "--component", "openssl", "--state", "affected", "--response", "workaround_available", "--author", "alice");

        var export = await Vigil("vex", "export", "--product", "gateway", "--author", "team");
        var file = Path.Combine(home.Path, "gateway.vex.json");
        File.WriteAllText(file, export.Out);
        var import = await Vigil("vex", "import", file, "--product", "gateway");
        var history = await Vigil("triage", "history", "--product", "gateway");

        Assert.Contains("\"action_statement\": \"workaround_available\"", export.Out, StringComparison.Ordinal);
        Assert.True(import.ExitCode == 0, import.Error);
        Assert.Equal(2, history.Out.Split('\n').Count(l => l.Contains("workaround_available", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Weekly_mail_arrives_once_at_the_smtp_server()
    {
        await AddGateway();
        await Vigil("scan", "--product", "gateway");
        await using var smtp = await LoopbackSmtpServer.StartAsync(login: ("vigil", "mail-secret"));
        string[] notify = ["notify", "--product", "gateway", "--to", "cve@lists.example.org,lead@example.org", "--from", "vigil@example.org",
            "--smtp-host", "127.0.0.1", "--smtp-port", smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--smtp-security", "none", "--smtp-user", "vigil", "--smtp-insecure-plaintext-auth"];

        var first = await CliRunner.RunAsync(new Dictionary<string, string> { ["VIGIL_SMTP_PASSWORD"] = "mail-secret" }, home.Path,
            [.. notify, "--data-dir", Path.Combine(home.Path, "data"), "--database", database.Setting]);
        var second = await CliRunner.RunAsync(new Dictionary<string, string> { ["VIGIL_SMTP_PASSWORD"] = "mail-secret" }, home.Path,
            [.. notify, "--data-dir", Path.Combine(home.Path, "data"), "--database", database.Setting]);

        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Contains("gateway: sent to cve@lists.example.org, lead@example.org", first.Error, StringComparison.Ordinal);
        Assert.Contains("gateway: not sent, already sent on", second.Error, StringComparison.Ordinal);
        var message = Assert.Single(smtp.Messages);
        Assert.StartsWith("[vigil] gateway: weekly CVE report", message.Subject, StringComparison.Ordinal);
        Assert.Equal(["cve@lists.example.org", "lead@example.org"], message.To.Mailboxes.Select(m => m.Address));
        Assert.Contains("== Releases ==\n  2026.1 Debian packages: ", message.TextBody, StringComparison.Ordinal);
        Assert.Equal("auto-generated", message.Headers["Auto-Submitted"]);
        Assert.Contains("<h1>Weekly CVE report: gateway</h1>", message.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_report_that_cannot_be_written_leaves_no_recorded_scan()
    {
        await AddGateway();

        var result = await Vigil("scan", "--product", "gateway", "-o", Path.Combine(home.Path, "missing", "report.json"), "--format", "json");
        var show = await Vigil("product", "show", "gateway", "--format", "json");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("does not exist", result.Error, StringComparison.Ordinal);
        Assert.Empty(JsonDocument.Parse(show.Out).RootElement.GetProperty("releases")[0].GetProperty("scans").EnumerateArray());
    }

    [Fact]
    public async Task Concurrent_scans_are_both_recorded_whole()
    {
        await AddGateway();

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Vigil("scan", "--product", "gateway", "--quiet"))));

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Error));
        var show = await Vigil("product", "show", "gateway", "--format", "json");
        var scans = JsonDocument.Parse(show.Out).RootElement.GetProperty("releases")[0].GetProperty("scans").EnumerateArray().ToArray();
        Assert.Equal(4, scans.Length);
        var diff = await Vigil("diff", "--product", "gateway");
        Assert.Contains("No changes.", diff.Out, StringComparison.Ordinal);
    }
}

public sealed class SqliteProductHistoryTests() : ProductHistoryContract(home => new SqliteTestDatabase(home));

public sealed class PostgresProductHistoryTests() : ProductHistoryContract(_ => new PostgresTestDatabase());
