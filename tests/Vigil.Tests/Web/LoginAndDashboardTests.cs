using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Vigil.Application;
using Vigil.Identity;
using Vigil.Tests.Support;

namespace Vigil.Tests.Web;

/// <summary>The web UI in headless Chromium over real HTTPS on loopback: logging in and out, and the dashboard.</summary>
public sealed class LoginAndDashboardTests : IClassFixture<HeadlessBrowser>, IAsyncLifetime
{
    private const string Password = "correct horse battery staple";
    private readonly HeadlessBrowser browser;
    private readonly TempDirectory home = new();
    private TestServer server = null!;

    public LoginAndDashboardTests(HeadlessBrowser browser) => this.browser = browser;

    public async Task InitializeAsync()
    {
        server = await TestServer.StartAsync(home.File("data"), null, https: true, schedules: Vigil.Server.Schedules.ScheduleOptions.None);
        foreach (var user in new[] { "security-manager", "admin" })
        {
            await server.WithAsync(s => s.GetRequiredService<IdentityUseCases>().SetPasswordAsync(user, Password, CancellationToken.None));
        }
        using var admin = server.Client(server.Tokens[Role.Admin]);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/products/gateway/releases",
            new { release = "2026.1", dpkgStatus = Fixture.Path("status-bookworm-excerpt"), debianRelease = "bookworm", kernelVersion = "6.6.10-cip5" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/api/v1/products/gateway/scans", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/api/v1/products/gateway/scans?kind=kernel", null)).StatusCode);
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        home.Dispose();
    }

    private static Task LogIn(IPage page, string name, string password) => HeadlessBrowser.LogInAsync(page, name, password);

    [Fact]
    public async Task An_anonymous_visitor_is_sent_to_the_login_page_which_has_no_serious_accessibility_problem()
    {
        var page = await browser.OpenAsync(server.Address);

        await page.GotoAsync("/");

        Assert.EndsWith("/login?returnUrl=%2F", page.Url, StringComparison.Ordinal);
        await HeadlessBrowser.ScreenshotAsync(page, "login");
        Assert.Empty(await HeadlessBrowser.SeriousAccessibilityProblemsAsync(page));
    }

    [Fact]
    public async Task Logging_in_shows_every_release_and_the_weekly_trend_on_the_dashboard_and_logging_out_ends_the_session()
    {
        var page = await browser.OpenAsync(server.Address);

        await LogIn(page, "security-manager", Password);
        var row = page.Locator("table.overview tbody tr").Filter(new() { HasText = "gateway" });
        var cells = await row.Locator("td").AllInnerTextsAsync();
        var trend = await page.Locator("svg.trend desc").TextContentAsync();
        await HeadlessBrowser.ScreenshotAsync(page, "dashboard");
        var problems = await HeadlessBrowser.SeriousAccessibilityProblemsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await page.GotoAsync("/");

        Assert.Equal("2026.1", cells[0]);
        Assert.True(int.Parse(cells[1], System.Globalization.CultureInfo.InvariantCulture) > 0, $"high-risk count {cells[1]}");
        var open = cells.Skip(1).Take(3).Sum(c => int.Parse(c, System.Globalization.CultureInfo.InvariantCulture));
        Assert.EndsWith($": {open}", trend, StringComparison.Ordinal);
        Assert.Equal(Vigil.Application.OverviewUseCases.TrendWeeks, trend!.Split(", ").Length);
        Assert.Empty(problems);
        Assert.Contains("/login", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_overdue_cra_reporting_case_is_the_first_thing_on_the_dashboard_and_in_the_api()
    {
        await server.WithAsync(s => s.GetRequiredService<CraUseCases>().MarkExploitedAsync(
            new ExploitationMarkRequest("gateway", "CVE-2025-9230", "customer report #4711", "psirt", DateTimeOffset.UtcNow.AddDays(-2)), CancellationToken.None));
        var page = await browser.OpenAsync(server.Address);
        using var reader = server.Client(server.Tokens[Role.Auditor]);

        await LogIn(page, "security-manager", Password);
        var firstTable = await page.Locator("main table caption").First.TextContentAsync();
        var row = page.Locator("section.cra-cases tbody tr").Filter(new() { HasText = "gateway/CVE-2025-9230" });
        var next = await row.Locator("td").Nth(1).TextContentAsync();
        await HeadlessBrowser.ScreenshotAsync(page, "dashboard-cra-case");
        var problems = await HeadlessBrowser.SeriousAccessibilityProblemsAsync(page);
        var api = System.Text.Json.JsonDocument.Parse(await reader.GetStringAsync("/api/v1/cra")).RootElement;

        Assert.Equal("Open reporting cases, most urgent first", firstTable);
        Assert.Equal("overdue", await row.GetAttributeAsync("class"));
        Assert.StartsWith("early-warning OVERDUE by 24 h", next, StringComparison.Ordinal);
        Assert.Empty(problems);
        Assert.Equal((1, "gateway/CVE-2025-9230"), (api.GetProperty("overdue").GetInt32(), api.GetProperty("cases")[0].GetProperty("id").GetString()));
    }

    [Fact]
    public async Task A_known_exploited_finding_is_marked_kev_with_its_epss_in_the_findings_table()
    {
        var catalog = home.Write("kev.json", """
            {"dateReleased": "2026-11-26T00:00:00Z", "vulnerabilities": [{"cveID": "CVE-2025-9230", "vendorProject": "OpenSSL", "product": "OpenSSL",
             "vulnerabilityName": "test entry (CISA lists no fixture CVE)", "dateAdded": "2026-11-26"}]}
            """);
        await server.WithAsync(s => s.GetRequiredService<FeedUseCases>().ImportAsync(new FeedImportRequest(Vigil.Feeds.FeedKind.KnownExploited, catalog), CancellationToken.None));
        await server.WithAsync(s => s.GetRequiredService<FeedUseCases>().ImportAsync(new FeedImportRequest(Vigil.Feeds.FeedKind.ExploitPrediction, Fixture.Path("epss-excerpt.csv.gz")), CancellationToken.None));
        var page = await browser.OpenAsync(server.Address);

        await LogIn(page, "security-manager", Password);
        await page.GotoAsync("/products/gateway");
        var severity = await page.Locator("tbody tr").Filter(new() { HasText = "CVE-2025-9230" }).Locator("td").Nth(4).InnerTextAsync();

        Assert.Equal("unknown KEV EPSS 0.00035", severity);
        Assert.Empty(await HeadlessBrowser.SeriousAccessibilityProblemsAsync(page));
    }

    [Fact]
    public async Task A_wrong_password_is_said_plainly_and_the_name_is_kept()
    {
        var page = await browser.OpenAsync(server.Address);

        await LogIn(page, "security-manager", "not the password at all");

        Assert.Equal("The name or the password is wrong.", await page.GetByRole(AriaRole.Alert).InnerTextAsync());
        Assert.Equal("security-manager", await page.GetByLabel("User name").InputValueAsync());
        Assert.Contains("/login", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_administrator_issues_a_token_that_is_shown_once_and_works_and_others_cannot_open_admin()
    {
        var page = await browser.OpenAsync(server.Address);
        await LogIn(page, "admin", Password);
        await page.GotoAsync("/admin");
        await page.GetByLabel("User", new() { Exact = true }).SelectOptionAsync("tester");
        await page.GetByLabel("What it is for").FillAsync("nightly");
        await page.GetByRole(AriaRole.Button, new() { Name = "Issue the token" }).ClickAsync();
        var token = await page.Locator("#new-token").InnerTextAsync();
        await HeadlessBrowser.ScreenshotAsync(page, "admin");
        var problems = await HeadlessBrowser.SeriousAccessibilityProblemsAsync(page);
        await page.GotoAsync("/admin");
        var shownAgain = await page.Locator("#new-token").CountAsync();
        using var withToken = server.Client(token);
        var me = await withToken.GetStringAsync("/api/v1/me");
        var manager = await browser.OpenAsync(server.Address);
        await LogIn(manager, "security-manager", Password);
        var refused = await manager.GotoAsync("/admin");

        Assert.StartsWith("vgl_", token, StringComparison.Ordinal);
        Assert.Empty(problems);
        Assert.Equal(0, shownAgain);
        Assert.Contains("\"name\":\"tester\"", me, StringComparison.Ordinal);
        Assert.Equal(403, refused!.Status);
    }

    [Fact]
    public async Task An_administrator_changes_a_users_roles_and_runs_a_job_now()
    {
        var page = await browser.OpenAsync(server.Address);
        await LogIn(page, "admin", Password);
        await page.GotoAsync("/admin");

        var testerRoles = page.GetByRole(AriaRole.Group, new() { Name = "Roles of tester" });
        await testerRoles.GetByLabel("reviewer").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save roles of tester" }).ClickAsync();
        var saved = await page.GetByRole(AriaRole.Status).InnerTextAsync();
        await page.GetByLabel("Job", new() { Exact = true }).SelectOptionAsync("rescan");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run now" }).ClickAsync();
        var started = await page.GetByRole(AriaRole.Status).InnerTextAsync();
        var runs = "";
        for (var i = 0; i < 100 && !runs.Contains("rescan", StringComparison.Ordinal); i++)
        {
            await Task.Delay(200);
            await page.GotoAsync("/admin");
            runs = await page.Locator("main").InnerTextAsync();
        }
        var users = await server.Client(server.Tokens[Role.Admin]).GetStringAsync("/api/v1/users");

        Assert.Equal("tester now has the roles tester, reviewer.", saved);
        Assert.Equal("rescan started.", started);
        Assert.Contains("rescan", runs, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"tester\",\"roles\":[\"tester\",\"reviewer\"]", users, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_kernel_findings_page_shows_the_records_verdict_for_the_installed_kernel()
    {
        var cve = System.Text.Json.JsonDocument.Parse(await server.Client(server.Tokens[Role.Auditor]).GetStringAsync("/api/v1/products/gateway/findings?package=linux&pageSize=1"))
            .RootElement.GetProperty("items")[0].GetProperty("cve").GetString();
        var page = await browser.OpenAsync(server.Address);
        await LogIn(page, "security-manager", Password);

        await page.GotoAsync($"/products/gateway/findings/{cve}");
        var verdict = await page.Locator("dl.verdict").InnerTextAsync();
        await HeadlessBrowser.ScreenshotAsync(page, "finding-kernel");
        var problems = await HeadlessBrowser.SeriousAccessibilityProblemsAsync(page);

        Assert.Contains("For 6.6.10-cip5", verdict, StringComparison.Ordinal);
        Assert.Contains("Introduced in", verdict, StringComparison.Ordinal);
        Assert.Empty(problems);
    }

    [Fact]
    public async Task A_kernel_cve_left_out_as_not_built_says_so_and_why_on_its_page()
    {
        using var auditor = server.Client(server.Tokens[Role.Auditor]);
        async Task<string[]> OpenKernelCves() => [.. System.Text.Json.JsonDocument.Parse(await auditor.GetStringAsync("/api/v1/products/gateway/findings?package=linux&pageSize=500"))
            .RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("cve").GetString()!)];
        var before = await OpenKernelCves();
        using var admin = server.Client(server.Tokens[Role.Admin]);
        using var scan = await admin.PostAsync("/api/v1/products/gateway/scans?kind=kernel", new StringContent("init/main.c\nkernel/fork.c\nmm/memory.c\n"));
        Assert.True(scan.StatusCode == HttpStatusCode.Created, await scan.Content.ReadAsStringAsync());
        var notBuilt = before.Except(await OpenKernelCves()).First();
        var page = await browser.OpenAsync(server.Address);
        await LogIn(page, "security-manager", Password);

        await page.GotoAsync($"/products/gateway/findings/{notBuilt}");
        var verdicts = await page.Locator("table.kernel-verdicts tbody").InnerTextAsync();
        await HeadlessBrowser.ScreenshotAsync(page, "finding-kernel-not-built");
        var problems = await HeadlessBrowser.SeriousAccessibilityProblemsAsync(page);

        Assert.Contains($"{notBuilt} is not open in any release", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("not-built", verdicts, StringComparison.Ordinal);
        Assert.Contains("not in the build", verdicts, StringComparison.Ordinal);
        Assert.Empty(problems);
    }
}
