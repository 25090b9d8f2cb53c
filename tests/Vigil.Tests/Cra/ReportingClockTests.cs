using System.Text;
using Vigil.Application;
using Vigil.Cra;
using Vigil.Tests.Support;

namespace Vigil.Tests.Cra;

/// <summary>CRA Article 14's clock on a product whose scan finds a KEV-listed CVE, at fixed times.</summary>
public sealed class ReportingClockTests : IDisposable
{
    private static readonly DateTimeOffset FirstScan = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory home = new();
    private readonly ManualClock clock = new(FirstScan);
    private readonly TestVigil vigil;

    public ReportingClockTests() => vigil = new TestVigil(home.File("data"), clock: clock);

    public void Dispose()
    {
        vigil.Dispose();
        home.Dispose();
    }

    /// <summary>
    /// A KEV catalog in CISA's shape listing one CVE of the fixtures on a given day (test data: CISA lists neither).
    /// The tracker excerpt has no fix for util-linux's CVE-2022-0563 and a fixed version for glibc's CVE-2025-4802.
    /// </summary>
    private string Catalog(string cve, string listed) => home.Write("kev.json", $$"""
        {"title": "CISA Catalog of Known Exploited Vulnerabilities", "catalogVersion": "2026.11.19", "dateReleased": "2026-11-19T17:00:00.000Z", "count": 1,
         "vulnerabilities": [{"cveID": "{{cve}}", "vendorProject": "Debian", "product": "bookworm", "vulnerabilityName": "test entry",
           "dateAdded": "{{listed}}", "shortDescription": "", "requiredAction": "", "dueDate": "2026-12-10", "knownRansomwareCampaignUse": "Unknown", "notes": ""}]}
        """);

    private async Task ScanGateway(string status)
    {
        await vigil.Use<FeedUseCases>().ImportAsync(new FeedImportRequest(Vigil.Feeds.FeedKind.DebianTracker, Fixture.Path("tracker-excerpt.json")), default);
        await vigil.Use<ScanUseCases>().ScanDebianAsync(new DebianScanRequest
        {
            Product = "gateway", InventoryContent = Encoding.UTF8.GetBytes(status), DebianRelease = "bookworm", Offline = true,
        }, default);
    }

    private async Task Gateway(string listed, string cve = "CVE-2022-0563")
    {
        await vigil.Use<ProductUseCases>().AddReleaseAsync(new AddReleaseRequest { Product = "gateway", Release = "2026.1", DebianRelease = "bookworm" }, default);
        await vigil.Use<FeedUseCases>().ImportAsync(new FeedImportRequest(Vigil.Feeds.FeedKind.KnownExploited, Catalog(cve, listed)), default);
        await ScanGateway(File.ReadAllText(Fixture.Path("status-bookworm-excerpt")));
    }

    private async Task<CaseStanding> Case() => (await vigil.Use<CraUseCases>().StatusAsync("gateway", default)).Single();

    [Fact]
    public async Task A_kev_listed_finding_opens_a_case_aware_from_the_first_scan_that_found_it()
    {
        await Gateway(listed: "2026-11-19");

        var standing = await Case();

        Assert.Equal("gateway/CVE-2022-0563", standing.Id);
        Assert.Equal(FirstScan, standing.Case.AwareAt);
        Assert.Equal([FirstScan.AddHours(24), FirstScan.AddHours(72), (DateTimeOffset?)null], standing.Deadlines.Select(d => d.Due));
        Assert.Equal(["util-linux"], standing.Components);
    }

    [Fact]
    public async Task A_cve_listed_after_the_scan_found_it_is_aware_from_the_day_it_was_listed()
    {
        await Gateway(listed: "2026-11-22");

        Assert.Equal(new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero), (await Case()).Case.AwareAt);
    }

    [Fact]
    public async Task The_early_warning_is_overdue_25_hours_after_awareness_and_recording_it_leaves_the_notification_next()
    {
        await Gateway(listed: "2026-11-19");
        clock.Now = FirstScan.AddHours(25);
        var late = await Case();

        var standing = await vigil.Use<CraUseCases>().SubmitAsync(new ReportSubmissionRequest("gateway/CVE-2022-0563", ReportStage.EarlyWarning, "ENISA-SRP-2026-0042", "psirt"), default);

        Assert.True(late.IsOverdue(clock.Now));
        Assert.False(standing.IsOverdue(clock.Now));
        Assert.Equal((ReportStage.Notification, FirstScan.AddHours(72)), (standing.Next!.Stage, standing.Next.Due!.Value));
        Assert.Equal(TimeSpan.FromHours(47), standing.Next.Left(clock.Now));
    }

    [Fact]
    public async Task The_final_report_falls_due_14_days_after_a_scan_first_saw_a_fixed_version()
    {
        await Gateway(listed: "2026-11-19", cve: "CVE-2025-4802");

        var standing = await Case();

        Assert.Equal(FirstScan, standing.Case.FixAvailableAt);
        Assert.Equal(FirstScan.AddDays(14), standing.Deadlines.Single(d => d.Stage == ReportStage.FinalReport).Due);
    }

    [Fact]
    public async Task The_final_report_cannot_be_recorded_before_a_fix_exists()
    {
        await Gateway(listed: "2026-11-19");

        var error = await Assert.ThrowsAsync<Vigil.Common.VigilException>(() =>
            vigil.Use<CraUseCases>().SubmitAsync(new ReportSubmissionRequest("gateway/CVE-2022-0563", ReportStage.FinalReport, "ENISA-1", "psirt"), default));

        Assert.Equal(Vigil.Common.ErrorCodes.ReportOutOfOrder, error.Code);
    }

    [Fact]
    public async Task A_case_stays_open_after_the_fix_is_installed_until_the_final_report_is_sent()
    {
        await Gateway(listed: "2026-11-19", cve: "CVE-2025-4802");
        await vigil.Use<CraUseCases>().StatusAsync("gateway", default);
        clock.Now = FirstScan.AddDays(1);
        await ScanGateway(File.ReadAllText(Fixture.Path("status-bookworm-excerpt")).Replace("Version: 2.36-9+deb12u14\n", "Version: 2.36-9+deb12u15\n", StringComparison.Ordinal));

        var open = await Case();
        var closed = await vigil.Use<CraUseCases>().SubmitAsync(new ReportSubmissionRequest("gateway/CVE-2025-4802", ReportStage.FinalReport, "ENISA-SRP-2026-0050", "psirt"), default);

        Assert.Equal(("gateway/CVE-2025-4802", false), (open.Id, open.IsClosed));
        Assert.Empty(open.Components);
        Assert.True(closed.IsClosed);
    }

    [Fact]
    public async Task A_marked_cve_is_aware_from_when_the_marker_learned_it()
    {
        await vigil.Use<ProductUseCases>().AddReleaseAsync(new AddReleaseRequest { Product = "gateway", Release = "2026.1", DebianRelease = "bookworm" }, default);
        await ScanGateway(File.ReadAllText(Fixture.Path("status-bookworm-excerpt")));
        var learned = FirstScan.AddHours(-30);

        await vigil.Use<CraUseCases>().MarkExploitedAsync(new ExploitationMarkRequest("gateway", "CVE-2025-9230", "customer report #4711", "psirt", learned), default);
        var standing = await Case();

        Assert.Equal(("gateway/CVE-2025-9230", learned), (standing.Id, standing.Case.AwareAt));
        Assert.True(standing.IsOverdue(clock.Now));
        Assert.Equal(ExploitationEvidence.Marked, standing.Case.Evidence);
    }
}

/// <summary>A clock a test sets.</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
