using System.Net;
using System.Net.Http.Json;
using Vigil.Identity;
using Vigil.Tests.Support;

namespace Vigil.Tests.Web;

/// <summary>Sessions live in Secure cookies: over plain HTTP the pages and logins say they need HTTPS, unless a local TLS proxy says the client used it.</summary>
public sealed class HttpsRequirementTests : IAsyncLifetime
{
    private readonly TempDirectory home = new();
    private TestServer server = null!;

    public async Task InitializeAsync() => server = await TestServer.StartAsync(home.File("data"), null);

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        home.Dispose();
    }

    [Fact]
    public async Task Over_plain_http_the_pages_and_the_login_say_they_need_https_and_tokens_still_work()
    {
        using var anonymous = server.Client();
        using var page = await anonymous.GetAsync("/");
        using var login = await anonymous.PostAsJsonAsync("/api/v1/session", new { name = "admin", password = "whatever it is here" });
        using var api = await server.Client(server.Tokens[Role.Auditor]).GetAsync("/api/v1/products");

        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Contains("need HTTPS", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, login.StatusCode);
        Assert.Contains("auth.https-required", await login.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
    }

    [Fact]
    public async Task Behind_a_local_tls_proxy_the_pages_are_served()
    {
        using var proxied = server.Client();
        proxied.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        using var page = await proxied.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/login?returnUrl=%2F", page.Headers.Location!.ToString());
    }
}
