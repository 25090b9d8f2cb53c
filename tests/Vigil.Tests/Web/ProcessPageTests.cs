using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Vigil.Application;
using Vigil.Tests.Support;

namespace Vigil.Tests.Web;

/// <summary>The process page in headless Chromium: the gaps of the records the server reads, and the assessor report from there.</summary>
public sealed class ProcessPageTests : IClassFixture<HeadlessBrowser>, IAsyncLifetime
{
    private const string Password = "correct horse battery staple";
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
        server = await TestServer.StartAsync(home.File("data"), null, processRecords: records, https: true);
        await server.WithAsync(s => s.GetRequiredService<IdentityUseCases>().SetPasswordAsync("auditor", Password, CancellationToken.None));
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        home.Dispose();
    }

    [Fact]
    public async Task The_process_page_lists_the_gaps_by_requirement_and_opens_the_assessor_report()
    {
        var page = await browser.OpenAsync(server.Address);
        await HeadlessBrowser.LogInAsync(page, "auditor", Password, "/process");

        var gaps = await page.Locator("table.gaps tbody").InnerTextAsync();
        await HeadlessBrowser.ScreenshotAsync(page, "process");
        var problems = await HeadlessBrowser.SeriousAccessibilityProblemsAsync(page);
        await page.GetByLabel("Assessor report for release").FillAsync("1.0");
        await page.GetByRole(AriaRole.Button, new() { Name = "Open the report" }).ClickAsync();
        var report = await page.ContentAsync();

        Assert.Contains("REQ-9 lacks the approval", gaps, StringComparison.Ordinal);
        Assert.Empty(problems);
        Assert.Contains("REQ-9", report, StringComparison.Ordinal);
    }
}
