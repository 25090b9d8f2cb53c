using System.Net;
using System.Text.Json;
using Vigil.Server.Security;
using Vigil.Tests.Support;

namespace Vigil.Tests.Server;

/// <summary>
/// Login through an OpenID Connect provider (OpenIddict, in the test) over real HTTP: the code flow with PKCE, driven
/// as a browser drives it, redirect by redirect. The provider says who; Vigil's users and roles say what.
/// </summary>
public sealed class OpenIdLoginTests : IAsyncLifetime
{
    private readonly TempDirectory home = new();
    private readonly CookieContainer cookies = new();
    private TestIdentityProvider provider = null!;
    private TestServer server = null!;

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

    /// <summary>Starts at Vigil, passes the provider, and returns Vigil's answer to the callback.</summary>
    private async Task<HttpResponseMessage> LogInThroughProvider(HttpClient browser, string returnTo)
    {
        using var start = await browser.GetAsync($"/api/v1/session/oidc?returnTo={Uri.EscapeDataString(returnTo)}");
        Assert.Equal(HttpStatusCode.Found, start.StatusCode);
        Assert.StartsWith(new Uri(provider.Issuer, "connect/authorize").ToString(), start.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Contains("code_challenge=", start.Headers.Location.Query, StringComparison.Ordinal);
        using var atProvider = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var authorized = await atProvider.GetAsync(start.Headers.Location);
        Assert.Equal(HttpStatusCode.Redirect, authorized.StatusCode);
        Assert.StartsWith(new Uri(server.Address, OpenIdLogin.CallbackPath).ToString(), authorized.Headers.Location!.ToString(), StringComparison.Ordinal);
        return await browser.GetAsync(authorized.Headers.Location);
    }

    [Fact]
    public async Task A_user_the_provider_vouches_for_gets_a_session_with_their_vigil_roles()
    {
        provider.NextUser = "security-manager";
        using var browser = server.BrowserClient(cookies);

        using var callback = await LogInThroughProvider(browser, "/products/gateway");
        var me = JsonDocument.Parse(await browser.GetStringAsync("/api/v1/session")).RootElement;

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/products/gateway", callback.Headers.Location!.ToString());
        Assert.Equal("security-manager", me.GetProperty("user").GetString());
        Assert.Equal(["security-manager"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.False(string.IsNullOrEmpty(me.GetProperty("csrfToken").GetString()));
    }

    [Fact]
    public async Task Someone_the_provider_knows_but_vigil_does_not_is_refused_and_gets_no_session()
    {
        provider.NextUser = "mallory";
        using var browser = server.BrowserClient(cookies);

        using var callback = await LogInThroughProvider(browser, "/");
        var problem = JsonDocument.Parse(await callback.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.Forbidden, callback.StatusCode);
        Assert.Equal("auth.oidc-refused", problem.GetProperty("code").GetString());
        Assert.Contains("'mallory' is not an enabled Vigil user", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task A_token_without_the_name_claim_is_refused()
    {
        provider.NextUser = null;
        using var browser = server.BrowserClient(cookies);

        using var callback = await LogInThroughProvider(browser, "/");

        Assert.Equal(HttpStatusCode.Forbidden, callback.StatusCode);
        Assert.Contains("no 'preferred_username' claim", await callback.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_callback_replayed_or_forged_without_the_login_it_belongs_to_is_refused()
    {
        provider.NextUser = "security-manager";
        using var browser = server.BrowserClient(cookies);
        using var start = await browser.GetAsync("/api/v1/session/oidc");
        using var atProvider = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var authorized = await atProvider.GetAsync(start.Headers.Location);

        // Another browser (no correlation cookie) presents the code.
        using var stranger = server.BrowserClient();
        using var forged = await stranger.GetAsync(authorized.Headers.Location);

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal("auth.oidc-refused", JsonDocument.Parse(await forged.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task The_return_path_never_leads_off_the_server()
    {
        provider.NextUser = "security-manager";
        using var browser = server.BrowserClient(cookies);

        using var callback = await LogInThroughProvider(browser, "//evil.example/phish");

        Assert.Equal("/", callback.Headers.Location!.ToString());
    }
}
