using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Application;
using Vigil.Identity;
using Vigil.Tests.Support;

namespace Vigil.Tests.Server;

/// <summary>Browser sessions over real HTTPS on loopback: local login, the session cookie, CSRF, logout, and refusals.</summary>
public sealed class SessionTests : IAsyncLifetime
{
    private const string Password = "correct horse battery staple";
    private readonly TempDirectory home = new();
    private TestServer server = null!;

    public async Task InitializeAsync()
    {
        server = await TestServer.StartAsync(home.File("data"), null, https: true);
        await server.WithAsync(s => s.GetRequiredService<IdentityUseCases>().SetPasswordAsync("security-manager", Password, CancellationToken.None));
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        home.Dispose();
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> Body(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private static Task<HttpResponseMessage> LogIn(HttpClient browser, string name, string password) =>
        browser.PostAsync("/api/v1/session", JsonContent.Create(new { name, password }));

    private static HttpRequestMessage Decide(string? csrf)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/products/gateway/triage") { Content = Json("""{"cve":"CVE-2025-4802","component":"glibc","state":"in_triage"}""") };
        if (csrf is not null)
        {
            request.Headers.Add("X-CSRF-Token", csrf);
        }
        return request;
    }

    [Fact]
    public async Task A_login_sets_a_host_only_secure_http_only_strict_cookie_that_authenticates_the_user()
    {
        using var browser = server.BrowserClient();

        using var login = await LogIn(browser, "security-manager", Password);
        var me = await Body(await browser.GetAsync("/api/v1/me"));

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-vigil-session=", StringComparison.Ordinal));
        Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; path=/", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("security-manager", me.GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty((await Body(login)).GetProperty("csrfToken").GetString()));
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_user_are_refused_alike()
    {
        using var browser = server.BrowserClient();

        using var wrong = await LogIn(browser, "security-manager", Password + "!");
        using var unknown = await LogIn(browser, "mallory", Password);
        using var noPassword = await LogIn(browser, "auditor", Password);

        Assert.All([wrong, unknown, noPassword], r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        var details = await Task.WhenAll(new[] { wrong, unknown, noPassword }.Select(async r => (await Body(r)).GetProperty("detail").GetString()));
        Assert.Single(details.Distinct());
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task A_change_made_with_a_session_needs_its_csrf_token()
    {
        await server.AddGatewayAsync(scanned: true);
        using var browser = server.BrowserClient();
        var csrf = (await Body(await LogIn(browser, "security-manager", Password))).GetProperty("csrfToken").GetString();

        using var forged = await browser.SendAsync(Decide(null));
        using var otherToken = await browser.SendAsync(Decide(csrf![..^4] + "AAAA"));
        using var genuine = await browser.SendAsync(Decide(csrf));

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal("auth.csrf", (await Body(forged)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, otherToken.StatusCode);
        Assert.Equal(HttpStatusCode.Created, genuine.StatusCode);
        var history = await Body(await browser.GetAsync("/api/v1/products/gateway/triage"));
        Assert.Contains("security-manager", history.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logging_out_ends_the_session_on_the_server_so_a_copied_cookie_is_worthless()
    {
        var cookies = new CookieContainer();
        using var browser = server.BrowserClient(cookies);
        var csrf = (await Body(await LogIn(browser, "security-manager", Password))).GetProperty("csrfToken").GetString();
        var copy = new CookieContainer();
        copy.Add(cookies.GetAllCookies());

        using var logout = new HttpRequestMessage(HttpMethod.Delete, "/api/v1/session");
        logout.Headers.Add("X-CSRF-Token", csrf);
        Assert.Equal(HttpStatusCode.NoContent, (await browser.SendAsync(logout)).StatusCode);
        using var thief = server.BrowserClient(copy);

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await thief.GetAsync("/api/v1/me")).StatusCode);
        var audit = (await Body(await server.Client(server.Tokens[Role.Auditor]).GetAsync("/api/v1/audit"))).EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToArray();
        Assert.Contains("session.start", audit);
        Assert.Contains("session.end", audit);
    }

    [Fact]
    public async Task A_new_password_ends_the_sessions_opened_with_the_old_one()
    {
        using var browser = server.BrowserClient();
        Assert.Equal(HttpStatusCode.OK, (await LogIn(browser, "security-manager", Password)).StatusCode);

        await server.WithAsync(s => s.GetRequiredService<IdentityUseCases>().SetPasswordAsync("security-manager", "a completely new passphrase", CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task Roles_changed_after_login_apply_to_the_session_at_once()
    {
        await server.AddGatewayAsync(scanned: true);
        using var browser = server.BrowserClient();
        var csrf = (await Body(await LogIn(browser, "security-manager", Password))).GetProperty("csrfToken").GetString();

        await server.WithAsync(s => s.GetRequiredService<IdentityUseCases>().SetRolesAsync("security-manager", [Role.Auditor], CancellationToken.None));
        using var refused = await browser.SendAsync(Decide(csrf));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("auth.forbidden", (await Body(refused)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Guessing_an_accounts_password_is_stopped_after_twenty_failures_in_a_minute()
    {
        using var browser = server.BrowserClient();
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await LogIn(browser, "security-manager", $"guess number {i:D4} wrong")).StatusCode);
        }

        using var blocked = await LogIn(browser, "security-manager", Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.NotNull(blocked.Headers.RetryAfter);
    }

    [Fact]
    public async Task A_login_is_json_only_so_a_cross_site_form_cannot_post_it()
    {
        using var browser = server.BrowserClient();

        using var form = await browser.PostAsync("/api/v1/session", new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "security-manager", ["password"] = Password }));

        // No endpoint takes a form: refused before any password is looked at, and no session.
        Assert.Equal(HttpStatusCode.Unauthorized, form.StatusCode);
        Assert.False(form.Headers.Contains("Set-Cookie"));
    }
}
