using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Vigil.Application;
using Vigil.Tests.Support;

namespace Vigil.Tests.Web;

/// <summary>
/// The process page in headless Chromium, over records with one release checklist: its evidence as links, the gaps by
/// requirement, the review calendar with an overdue review, the approvals by role, and the assessor report.
/// </summary>
public sealed class ProcessPageTests : IClassFixture<HeadlessBrowser>, IAsyncLifetime
{
    private const string Password = "correct horse battery staple";
    private const string PentestReport = "penetration test 2026-10: no findings\n";
    private readonly HeadlessBrowser browser;
    private readonly TempDirectory home = new();
    private TestServer server = null!;

    public ProcessPageTests(HeadlessBrowser browser) => this.browser = browser;

    public async Task InitializeAsync()
    {
        var records = home.File("security");
        Vigil.ProcessRecords.Starter.Write(records, DateOnly.FromDateTime(DateTime.UtcNow));
        // One gap on purpose: a requirement nobody approved yet.
        File.AppendAllText(Path.Combine(records, "requirements.yml"), "  - id: REQ-9\n    text: Logins are rate limited\n    security-level: SL2\n    approvals: []\n");
        File.AppendAllText(Path.Combine(records, "reviews.yml"), "  - { artifact: hardening guide, requirements: [SG-3], last: { by: carol, date: 2020-01-01 } }\n");
        var pentest = Path.Combine(records, "evidence", "pentest.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(pentest)!);
        File.WriteAllText(pentest, PentestReport);
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(PentestReport)));
        File.WriteAllText(Path.Combine(records, "checklists", "1.0.yml"), $$"""
            release: "1.0"
            items:
              SVV-3:
                status: met
                evidence:
                  - { file: evidence/pentest.txt, sha256: {{sha}} }
                reviewer: bob
                signed-off: 2026-11-01
              SM-6:
                status: partially
                evidence:
                  - { url: "https://example.org/integrity" }
                  - { url: "javascript:alert(1)" }

            """);
        server = await TestServer.StartAsync(home.File("data"), null, processRecords: records, https: true);
        await server.WithAsync(s => s.GetRequiredService<IdentityUseCases>().SetPasswordAsync("auditor", Password, CancellationToken.None));
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        home.Dispose();
    }

    private async Task<IPage> ProcessPageAsync()
    {
        var page = await browser.OpenAsync(server.Address);
        await HeadlessBrowser.LogInAsync(page, "auditor", Password, "/process");
        return page;
    }

    [Fact]
    public async Task The_process_page_lists_the_gaps_by_requirement_and_passes_the_accessibility_check()
    {
        var page = await ProcessPageAsync();

        var gaps = await page.Locator("table.gaps tbody").InnerTextAsync();
        await HeadlessBrowser.ScreenshotAsync(page, "process");
        var problems = await HeadlessBrowser.SeriousAccessibilityProblemsAsync(page);

        Assert.Contains("REQ-9 lacks the approval", gaps, StringComparison.Ordinal);
        Assert.Empty(problems);
    }

    [Fact]
    public async Task The_checklist_links_file_evidence_to_its_download_and_shows_it_is_as_signed_off()
    {
        var page = await ProcessPageAsync();
        var row = page.Locator("table.checklist tbody tr", new() { HasText = "SVV-3" });

        var text = await row.InnerTextAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => row.GetByRole(AriaRole.Link, new() { Name = "evidence/pentest.txt" }).ClickAsync());

        Assert.Contains("met", text, StringComparison.Ordinal);
        Assert.Contains("(as signed off)", text, StringComparison.Ordinal);
        Assert.Contains("bob, 2026-11-01", text, StringComparison.Ordinal);
        Assert.Equal("pentest.txt", download.SuggestedFilename);
        Assert.Equal(PentestReport, await File.ReadAllTextAsync((await download.PathAsync())!));
    }

    [Fact]
    public async Task A_url_given_as_evidence_is_a_link_only_when_it_is_http_or_https()
    {
        var page = await ProcessPageAsync();
        var row = page.Locator("table.checklist tbody tr", new() { HasText = "SM-6" });

        var links = await row.Locator("a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        var text = await row.InnerTextAsync();

        Assert.Equal(["https://example.org/integrity"], links);
        Assert.Contains("javascript:alert(1)", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_review_calendar_puts_the_overdue_review_first_and_marks_it()
    {
        var page = await ProcessPageAsync();

        var rows = await page.Locator("table.calendar tbody tr").AllInnerTextsAsync();
        var caption = await page.Locator("table.calendar caption").InnerTextAsync();

        Assert.StartsWith("hardening guide", rows[0], StringComparison.Ordinal);
        Assert.Contains("2021-01-01", rows[0], StringComparison.Ordinal);
        Assert.Contains("overdue", rows[0], StringComparison.Ordinal);
        Assert.All(rows.Skip(1), r => Assert.Contains("due in", r, StringComparison.Ordinal));
        Assert.StartsWith("1 of 8 periodic reviews overdue", caption, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approvals_show_who_approved_in_which_role_and_the_roles_still_needed()
    {
        var page = await ProcessPageAsync();

        var approved = await page.Locator("table.approvals tbody tr", new() { HasText = "REQ-1" }).InnerTextAsync();
        var unapproved = await page.Locator("table.approvals tbody tr", new() { HasText = "REQ-9" }).InnerTextAsync();

        Assert.Contains("alice as architect", approved, StringComparison.Ordinal);
        Assert.Contains("complete", approved, StringComparison.Ordinal);
        Assert.Contains("architect or developer; tester; customer-advocate; security-adviser", unapproved, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_assessor_report_opens_and_exports_as_markdown()
    {
        var page = await ProcessPageAsync();

        var markdown = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Markdown" }).ClickAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = "open", Exact = true }).ClickAsync();
        var report = await page.ContentAsync();

        Assert.Equal("iec62443-4-1-1.0.md", markdown.SuggestedFilename);
        Assert.Contains("| SVV-3 |", await File.ReadAllTextAsync((await markdown.PathAsync())!), StringComparison.Ordinal);
        Assert.Contains("IEC 62443-4-1 compliance report", report, StringComparison.Ordinal);
        Assert.Contains("REQ-9", report, StringComparison.Ordinal);
    }
}
