using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Application;
using Vigil.Tests.Support;

namespace Vigil.Tests.Server;

/// <summary>Two servers on one PostgreSQL database, as behind a load balancer: a session opened on one is the same session on the other.</summary>
public sealed class SharedSessionTests : IAsyncLifetime
{
    private const string Password = "correct horse battery staple";
    private TwoServers servers = null!;

    private TestServer first => servers.First;

    private TestServer second => servers.Second;

    public async Task InitializeAsync()
    {
        servers = await TwoServers.StartAsync(https: true);
        await first.WithAsync(s => s.GetRequiredService<IdentityUseCases>().SetPasswordAsync("security-manager", Password, CancellationToken.None));
    }

    public Task DisposeAsync() => servers.DisposeAsync().AsTask();

    [Fact]
    public async Task A_session_opened_on_one_server_works_on_the_other_and_ends_on_both()
    {
        // Cookies do not depend on the port: one browser, two servers on 127.0.0.1.
        var cookies = new CookieContainer();
        using var onFirst = first.BrowserClient(cookies);
        using var onSecond = second.BrowserClient(cookies);
        using var login = await onFirst.PostAsJsonAsync("/api/v1/session", new { name = "security-manager", password = Password });
        var csrf = JsonDocument.Parse(await login.Content.ReadAsStringAsync()).RootElement.GetProperty("csrfToken").GetString();

        using var seen = await onSecond.GetAsync("/api/v1/me");
        using var logout = new HttpRequestMessage(HttpMethod.Delete, "/api/v1/session");
        logout.Headers.Add("X-CSRF-Token", csrf);
        using var ended = await onSecond.SendAsync(logout);
        var stolen = new CookieContainer();
        stolen.Add(new Cookie("__Host-vigil-session", login.Headers.GetValues("Set-Cookie").First(c => c.StartsWith("__Host-vigil-session=", StringComparison.Ordinal))
            .Split(';')[0]["__Host-vigil-session=".Length..], "/", "127.0.0.1") { Secure = true });
        using var replay = first.BrowserClient(stolen);

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal(HttpStatusCode.OK, seen.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, ended.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await replay.GetAsync("/api/v1/me")).StatusCode);
    }
}
