using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Vigil.Tests.Support;

/// <summary>
/// Debian's chromium, headless, driven by Playwright (its bundled driver; the browser is the system's, nothing is
/// downloaded). One browser per test class; a fresh context (cookies, storage) per test.
/// </summary>
public sealed class HeadlessBrowser : IAsyncLifetime
{
    public const string Executable = "/usr/bin/chromium";

    private IPlaywright? playwright;
    private IBrowser? browser;

    /// <summary>Where each page's screenshot is saved (the README names it): artifacts/screenshots at the repository root.</summary>
    public static string Screenshots { get; } = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../artifacts/screenshots"));

    public async Task InitializeAsync()
    {
        playwright = await Playwright.CreateAsync();
        // Root (as in CI containers) cannot use chromium's sandbox.
        browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Executable, Headless = true, Args = Environment.UserName == "root" ? ["--no-sandbox"] : [] });
    }

    public async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.CloseAsync();
        }
        playwright?.Dispose();
    }

    /// <summary>A new browser profile on the server (its test certificate accepted), with a page open.</summary>
    public async Task<IPage> OpenAsync(Uri server)
    {
        var context = await browser!.NewContextAsync(new() { BaseURL = server.ToString(), IgnoreHTTPSErrors = true, Locale = "en-GB" });
        return await context.NewPageAsync();
    }

    /// <summary>Logs in through the login form as a person would, then follows where it leads.</summary>
    public static async Task LogInAsync(IPage page, string name, string password, string returnUrl = "/")
    {
        await page.GotoAsync($"/login?returnUrl={Uri.EscapeDataString(returnUrl)}");
        await page.GetByLabel("User name").FillAsync(name);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
    }

    /// <summary>Saves the page as NAME.png in <see cref="Screenshots"/>.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Screenshots);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });
    }

    /// <summary>The axe-core violations of serious or critical impact on the page, one line each (none is the goal).</summary>
    public static async Task<IReadOnlyList<string>> SeriousAccessibilityProblemsAsync(IPage page)
    {
        var result = await page.RunAxe();
        return [.. result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")];
    }
}
