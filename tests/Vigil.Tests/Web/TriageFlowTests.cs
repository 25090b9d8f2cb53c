using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Vigil.Application;
using Vigil.Identity;
using Vigil.Tests.Support;

namespace Vigil.Tests.Web;

/// <summary>The Monday-morning flow in headless Chromium: filter the findings, open one, decide, see the decision kept; and what an auditor may not do.</summary>
public sealed class TriageFlowTests : IClassFixture<HeadlessBrowser>, IAsyncLifetime
{
    private const string Password = "correct horse battery staple";
    private readonly HeadlessBrowser browser;
    private readonly TempDirectory home = new();
    private TestServer server = null!;

    public TriageFlowTests(HeadlessBrowser browser) => this.browser = browser;

    public async Task InitializeAsync()
    {
        server = await TestServer.StartAsync(home.File("data"), null, https: true);
        foreach (var user in new[] { "security-manager", "auditor", "developer" })
        {
            await server.WithAsync(s => s.GetRequiredService<IdentityUseCases>().SetPasswordAsync(user, Password, CancellationToken.None));
        }
        using var admin = server.Client(server.Tokens[Role.Admin]);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/products/gateway/releases",
            new { release = "2026.1", dpkgStatus = Fixture.Path("status-bookworm-excerpt"), debianRelease = "bookworm" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/api/v1/products/gateway/scans", null)).StatusCode);
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        home.Dispose();
    }

    private async Task<IPage> LogInAs(string name)
    {
        var page = await browser.OpenAsync(server.Address);
        await HeadlessBrowser.LogInAsync(page, name, Password, "/products/gateway");
        return page;
    }

    [Fact]
    public async Task A_security_manager_filters_decides_finds_the_decision_in_the_history_and_the_audit_log_exports_vex_and_logs_out()
    {
        var page = await LogInAs("security-manager");
        await page.GetByLabel("Risk").SelectOptionAsync("high");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        var filtered = page.Url;
        var risks = await page.Locator("table.findings tbody td:nth-of-type(4)").AllInnerTextsAsync();
        await HeadlessBrowser.ScreenshotAsync(page, "product");
        var productProblems = await HeadlessBrowser.SeriousAccessibilityProblemsAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "CVE-2025-4802" }).ClickAsync();
        await page.GetByLabel("State").SelectOptionAsync("not_affected");
        await page.GetByLabel("Justification (for not_affected)").SelectOptionAsync("vulnerable_code_not_in_execute_path");
        await page.GetByLabel("Detail").FillAsync("static binaries are not shipped");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the decision" }).ClickAsync();
        var history = await page.Locator("ol.history").InnerTextAsync();
        await HeadlessBrowser.ScreenshotAsync(page, "finding");
        var findingProblems = await HeadlessBrowser.SeriousAccessibilityProblemsAsync(page);
        var audit = await server.Client(server.Tokens[Role.Auditor]).GetStringAsync("/api/v1/audit");
        await page.GetByRole(AriaRole.Link, new() { Name = "← gateway" }).ClickAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "OpenVEX" }).ClickAsync());
        var vex = await File.ReadAllTextAsync((await download.PathAsync())!);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        var afterLogout = page.Url;

        Assert.Contains("risk=high", filtered, StringComparison.Ordinal);
        Assert.NotEmpty(risks);
        Assert.All(risks, r => Assert.Equal("high", r));
        Assert.Contains("security-manager: not_affected (vulnerable_code_not_in_execute_path)", history, StringComparison.Ordinal);
        Assert.Contains("static binaries are not shipped", history, StringComparison.Ordinal);
        Assert.Contains("\"actor\":\"user:security-manager\"", audit, StringComparison.Ordinal);
        Assert.Contains("\"action\":\"triage.decide\"", audit, StringComparison.Ordinal);
        Assert.Empty(productProblems);
        Assert.Empty(findingProblems);
        Assert.Contains("CVE-2025-4802", vex, StringComparison.Ordinal);
        Assert.Contains("\"not_affected\"", vex, StringComparison.Ordinal);
        Assert.EndsWith("/login", afterLogout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_auditor_sees_no_triage_form_and_a_forged_post_with_a_valid_csrf_token_is_refused()
    {
        var page = await LogInAs("auditor");
        await page.GotoAsync("/products/gateway/findings/CVE-2025-4802");
        var forms = await page.GetByRole(AriaRole.Button, new() { Name = "Record the decision" }).CountAsync();
        // The logout form carries the session's CSRF token: a forged post has everything but the role.
        var token = await page.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value");

        var forged = await page.APIRequest.PostAsync("/products/gateway/findings/CVE-2025-4802", new()
        {
            Form = page.APIRequest.CreateFormData().Set("__RequestVerificationToken", token!).Set("component", "glibc").Set("state", "not_affected")
                .Set("justification", "component_not_present"),
            MaxRedirects = 0,
        });
        var history = await server.Client(server.Tokens[Role.Auditor]).GetStringAsync("/api/v1/products/gateway/triage");

        Assert.Equal(0, forms);
        Assert.Equal(403, forged.Status);
        Assert.Equal("[]", history);
    }

    [Fact]
    public async Task An_auditor_reads_the_audit_log_and_its_verification_and_a_developer_may_not()
    {
        var auditor = await LogInAs("auditor");
        await auditor.GotoAsync("/audit?action=scan");
        var verdict = await auditor.Locator("main p").First.InnerTextAsync();
        var actions = await auditor.Locator("table.audit tbody td:nth-of-type(4)").AllInnerTextsAsync();
        await HeadlessBrowser.ScreenshotAsync(auditor, "audit");
        var problems = await HeadlessBrowser.SeriousAccessibilityProblemsAsync(auditor);
        var developer = await LogInAs("developer");
        var refused = await developer.GotoAsync("/audit");

        Assert.StartsWith("The chain holds:", verdict, StringComparison.Ordinal);
        Assert.NotEmpty(actions);
        Assert.All(actions, a => Assert.Contains("scan", a, StringComparison.Ordinal));
        Assert.Empty(problems);
        Assert.Equal(403, refused!.Status);
    }
}
