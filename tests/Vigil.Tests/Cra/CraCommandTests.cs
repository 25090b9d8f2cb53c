using System.Text.Json;
using Vigil.Tests.Support;

namespace Vigil.Tests.Cra;

/// <summary><c>vigil cra</c> end to end: a marked exploited CVE opens a case, an overdue report fails the exit code, recorded reports close it, all audited.</summary>
public sealed class CraCommandTests : IAsyncLifetime
{
    private readonly TempDirectory home = new();

    public async Task InitializeAsync()
    {
        Assert.Equal(0, (await Vigil("feeds", "import", "debian", Fixture.Path("tracker-excerpt.json"))).ExitCode);
        Assert.Equal(0, (await Vigil("product", "add", "gateway", "--release", "2026.1", "--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--debian-release", "bookworm")).ExitCode);
        Assert.Equal(0, (await Vigil("scan", "--product", "gateway", "--quiet")).ExitCode);
    }

    public Task DisposeAsync()
    {
        home.Dispose();
        return Task.CompletedTask;
    }

    private Task<CliResult> Vigil(params string[] args) =>
        CliRunner.RunAsync(new Dictionary<string, string> { ["VIGIL_AUTHOR"] = "psirt" }, home.Path, [.. args, "--data-dir", home.File("data")]);

    private Task<CliResult> MarkLearnedDaysAgo(int days) =>
        Vigil("cra", "mark", "--product", "gateway", "--cve", "CVE-2025-9230", "--source", "customer report #4711",
            "--aware-at", DateTimeOffset.UtcNow.AddDays(-days).ToString("yyyy-MM-ddTHH:mm:ssZ"));

    [Fact]
    public async Task Without_exploited_findings_there_are_no_cases_and_status_exits_0()
    {
        var status = await Vigil("cra", "status");

        Assert.Equal(0, status.ExitCode);
        Assert.Contains("no reporting cases", status.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_case_whose_early_warning_is_overdue_makes_status_exit_2_naming_it()
    {
        Assert.Equal(0, (await MarkLearnedDaysAgo(2)).ExitCode);

        var status = await Vigil("cra", "status");

        Assert.Equal(2, status.ExitCode);
        Assert.Matches(@"gateway/CVE-2025-9230 +\d{4}-\d\d-\d\d \d\d:\d\d UTC +OVERDUE by 24 h", status.Out);
        Assert.Contains("vigil: 1 reporting case(s) with an overdue report: gateway/CVE-2025-9230", status.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recording_the_overdue_reports_clears_the_exit_code_and_the_audit_log_keeps_each()
    {
        Assert.Equal(0, (await MarkLearnedDaysAgo(4)).ExitCode);

        var early = await Vigil("cra", "submit", "gateway/CVE-2025-9230", "--stage", "early-warning", "--reference", "ENISA-SRP-2026-0042");
        var notification = await Vigil("cra", "submit", "gateway/CVE-2025-9230", "--stage", "notification", "--reference", "ENISA-SRP-2026-0043");
        var status = await Vigil("cra", "status", "--format", "json");
        var audit = await Vigil("audit", "export");

        Assert.True(early.ExitCode == 0, early.Error);
        Assert.Contains("recorded the early-warning of gateway/CVE-2025-9230; next: notification OVERDUE", early.Error, StringComparison.Ordinal);
        Assert.Contains("next: final-report due", notification.Error, StringComparison.Ordinal);
        Assert.Equal(0, status.ExitCode);
        var deadlines = JsonDocument.Parse(status.Out).RootElement.GetProperty("cases")[0].GetProperty("deadlines");
        Assert.Equal("ENISA-SRP-2026-0043", deadlines[1].GetProperty("reference").GetString());
        Assert.True(deadlines[2].GetProperty("secondsLeft").GetDouble() > 13 * 86400);
        foreach (var action in new[] { "cra.mark-exploited", "cra.case-open", "cra.report-submitted" })
        {
            Assert.Contains(action, audit.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_draft_of_the_next_report_is_filled_from_the_scan_and_the_triage_and_marks_what_to_fill_in()
    {
        Assert.Equal(0, (await MarkLearnedDaysAgo(0)).ExitCode);
        Assert.Equal(0, (await Vigil("cra", "submit", "gateway/CVE-2025-9230", "--stage", "early-warning", "--reference", "ENISA-1")).ExitCode);
        Assert.Equal(0, (await Vigil("triage", "set", "--product", "gateway", "--cve", "CVE-2025-9230", "--component", "openssl", "--state", "affected",
            "--response", "update", "--detail", "3.0.20 ships in 2026.2", "--threat", "TM-7")).ExitCode);

        var markdown = await Vigil("cra", "draft", "gateway/CVE-2025-9230");
        var json = JsonDocument.Parse((await Vigil("cra", "draft", "gateway/CVE-2025-9230", "--format", "json")).Out).RootElement;

        Assert.True(markdown.ExitCode == 0, markdown.Error);
        Assert.StartsWith("# CRA Article 14 notification: gateway/CVE-2025-9230\n", markdown.Out, StringComparison.Ordinal);
        Assert.Contains("| 2026.1 | openssl | 3.0.19-1~deb12u2 |", markdown.Out, StringComparison.Ordinal);
        Assert.Contains("- Security update: openssl 3.0.20-1~deb12u1 fixes it (2026.1 runs 3.0.19-1~deb12u2).", markdown.Out, StringComparison.Ordinal);
        Assert.Contains("- Triage of openssl in 2026.1: affected, update: 3.0.20 ships in 2026.2", markdown.Out, StringComparison.Ordinal);
        Assert.Contains("Member States where the product is made available: [to fill in]", markdown.Out, StringComparison.Ordinal);
        Assert.Equal("notification", json.GetProperty("stage").GetString());
        Assert.Contains("how users were informed", json.GetProperty("toFill").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task A_kev_listed_finding_opens_a_case_whose_status_exit_code_turns_2_when_the_early_warning_is_24_hours_late()
    {
        var scanned = new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);
        Task<CliResult> At(DateTimeOffset time, params string[] args) =>
            CliRunner.RunAtAsync(new ManualClock(time), new Dictionary<string, string> { ["VIGIL_AUTHOR"] = "psirt" }, home.Path, [.. args, "--data-dir", home.File("data")]);
        var catalog = home.Write("kev.json", """
            {"dateReleased": "2026-11-19T17:00:00Z", "vulnerabilities": [{"cveID": "CVE-2022-0563", "vendorProject": "Debian", "product": "util-linux",
             "vulnerabilityName": "test entry (CISA lists no fixture CVE)", "dateAdded": "2026-11-19"}]}
            """);
        Assert.Equal(0, (await At(scanned, "feeds", "import", "kev", catalog)).ExitCode);
        Assert.Equal(0, (await At(scanned, "product", "add", "router", "--release", "1", "--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--debian-release", "bookworm")).ExitCode);
        Assert.Equal(0, (await At(scanned, "scan", "--product", "router", "--quiet")).ExitCode);

        var inTime = await At(scanned.AddHours(23), "cra", "status", "--product", "router");
        var late = await At(scanned.AddHours(25), "cra", "status", "--product", "router", "--format", "json");

        Assert.Equal(0, inTime.ExitCode);
        Assert.Matches("router/CVE-2022-0563 +2026-11-20 09:00 UTC +due 2026-11-21 09:00, in 1 h", inTime.Out);
        Assert.Equal(2, late.ExitCode);
        var deadlines = JsonDocument.Parse(late.Out).RootElement.GetProperty("cases")[0].GetProperty("deadlines");
        Assert.Equal([-3600.0, 169200.0], deadlines.EnumerateArray().Take(2).Select(d => d.GetProperty("secondsLeft").GetDouble()));
        Assert.Equal(JsonValueKind.Null, deadlines[2].GetProperty("due").ValueKind);
    }

    [Fact]
    public async Task Recording_a_report_twice_is_a_conflict_that_names_the_first()
    {
        Assert.Equal(0, (await MarkLearnedDaysAgo(0)).ExitCode);
        Assert.Equal(0, (await Vigil("cra", "submit", "gateway/CVE-2025-9230", "--stage", "early-warning", "--reference", "ENISA-1")).ExitCode);

        var again = await Vigil("cra", "submit", "gateway/CVE-2025-9230", "--stage", "early-warning", "--reference", "ENISA-2");

        Assert.Equal(1, again.ExitCode);
        Assert.Contains("the early-warning of gateway/CVE-2025-9230 was recorded already", again.Error, StringComparison.Ordinal);
        Assert.Contains("reference ENISA-1", again.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "cra", "submit", "gateway/CVE-2099-1", "--stage", "notification", "--reference", "X" }, "no reporting case gateway/CVE-2099-1: cases are named PRODUCT/CVE; 'vigil cra status' lists the cases")]
    [InlineData(new[] { "cra", "mark", "--product", "gateway", "--cve", "CVE-2025-9230", "--source", "x", "--aware-at", "yesterday" }, "--aware-at 'yesterday': expected an ISO 8601 time")]
    [InlineData(new[] { "cra", "mark", "--product", "gateway", "--cve", "not-a-cve", "--source", "x" }, "invalid CVE id 'not-a-cve': expected CVE-YYYY-NNNN")]
    public async Task Bad_input_is_a_one_line_error(string[] args, string message)
    {
        var result = await Vigil(args);

        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.Error.TrimEnd('\n').Split('\n'));
        Assert.StartsWith($"vigil: error: {message}", result.Error, StringComparison.Ordinal);
    }
}
