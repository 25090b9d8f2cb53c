using Microsoft.Playwright;
using Vigil.Tests.Support;

namespace Vigil.Tests.Web;

/// <summary>
/// Logging in with the company's identity provider in headless Chromium: from the login page to the provider (another
/// site, as real providers are) and back, with the browser's own cookie rules deciding whether the session holds.
/// </summary>
public sealed class OpenIdBrowserLoginTests : IClassFixture<HeadlessBrowser>, IAsyncLifetime
{
    private readonly HeadlessBrowser browser;
    private readonly TempDirectory home = new();
    private TestIdentityProvider provider = null!;
    private TestServer server = null!;

    public OpenIdBrowserLoginTests(HeadlessBrowser browser) => this.browser = browser;

    public async Task InitializeAsync()
    {
        (provider, server) = await TestIdentityProvider.StartWithVigilAsync(home.File("data"));
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        await provider.DisposeAsync();
        home.Dispose();
    }

    [Fact]
    public async Task The_company_account_link_logs_in_through_the_provider_and_lands_where_the_visitor_was_going()
    {
        provider.NextUser = "auditor";
        var page = await browser.OpenAsync(server.Address);

        await page.GotoAsync("/audit");
        await page.GetByRole(AriaRole.Link, new() { Name = "Log in with your company account" }).ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(server.Address.ToString(), StringComparison.Ordinal) && !url.Contains("/login", StringComparison.Ordinal));
        var who = await page.Locator("header .who").InnerTextAsync();
        var heading = await page.Locator("h1").InnerTextAsync();

        Assert.Equal(new Uri(server.Address, "/audit").ToString(), page.Url);
        Assert.Contains("auditor", who, StringComparison.Ordinal);
        Assert.Equal("Audit log", heading);
    }

    [Fact]
    public async Task Someone_the_provider_knows_but_vigil_does_not_stays_logged_out()
    {
        provider.NextUser = "mallory";
        var page = await browser.OpenAsync(server.Address);

        await page.GotoAsync("/");
        // Waits for the callback's answer itself: the refusal is a problem document, which the browser does not
        // load as a page, so waiting for a URL and its load event raced the navigation (it failed under load).
        var callback = new Uri(server.Address, Vigil.Server.Security.OpenIdLogin.CallbackPath).ToString();
        var refusal = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Link, new() { Name = "Log in with your company account" }).ClickAsync(),
            response => response.Url.StartsWith(callback, StringComparison.Ordinal));
        await page.GotoAsync("/");

        Assert.Equal(403, refusal.Status);
        Assert.Contains("/login", page.Url, StringComparison.Ordinal);
    }
}
