using Npgsql;
using Vigil.Tests.Support;

namespace Vigil.Tests.Server;

/// <summary><c>vigil serve</c> as a process: it starts, answers, logs nothing secret even at trace level, and stops on SIGTERM.</summary>
public sealed class ServeProcessTests : IDisposable
{
    private readonly TempDirectory home = new();
    private readonly PostgresTestDatabase database = new();

    public void Dispose()
    {
        database.Dispose();
        home.Dispose();
    }

    [Fact]
    public async Task Nothing_secret_reaches_the_logs_and_sigterm_stops_the_server()
    {
        // The database setting carries a password, as a team's VIGIL_DATABASE would (the test server trusts loopback,
        // so any password works); so does the SMTP server of the weekly mail.
        const string password = "pw-0f3c9a-never-logged", smtpPassword = "smtp-7d2e1b-never-logged", clientSecret = "oidc-4b8e2c-never-logged";
        var environment = new Dictionary<string, string>
        {
            ["VIGIL_DATABASE"] = new NpgsqlConnectionStringBuilder(database.Setting) { Password = password }.ConnectionString,
            ["VIGIL_SMTP_PASSWORD"] = smtpPassword,
            ["VIGIL_OIDC_CLIENT_SECRET"] = clientSecret,
        };
        ServeProcess.Run(environment, "db", "migrate", "--data-dir", home.File("data"));
        var token = ServeProcess.Run(environment, "user", "add", "alice", "--role", "admin", "--data-dir", home.File("data"));
        Assert.StartsWith("vgl_", token, StringComparison.Ordinal);

        environment["Logging__LogLevel__Default"] = "Trace";
        await using var server = await ServeProcess.StartAsync(environment, "--data-dir", home.File("data"),
            "--mail-to", "cve@example.org", "--mail-from", "vigil@example.org", "--smtp-host", "127.0.0.1", "--smtp-user", "vigil",
            "--oidc-authority", "http://127.0.0.1:9/", "--oidc-client-id", "vigil");
        using (var client = server.Client(token))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/products/nothing")).StatusCode);
            Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/api/v1/schedules")).StatusCode);
            // Over plain HTTP a browser login is refused; through a (local) TLS proxy, the provider is down: the login
            // fails cleanly, and says nothing of the secret.
            Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/session/oidc")).StatusCode);
            using var proxied = new HttpRequestMessage(HttpMethod.Get, "/api/v1/session/oidc");
            proxied.Headers.Add("X-Forwarded-Proto", "https");
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, (await client.SendAsync(proxied)).StatusCode);
        }
        using (var bad = server.Client(token[..^2] + "xx"))
        {
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await bad.GetAsync("/api/v1/me")).StatusCode);
        }
        Assert.True(server.Stop(), "the server did not stop on SIGTERM");

        var text = string.Join('\n', server.Log);
        Assert.Equal(0, server.ExitCode);
        Assert.Contains("Request starting", text, StringComparison.Ordinal);
        Assert.Contains("Quartz", text, StringComparison.Ordinal);
        Assert.DoesNotContain(password, text, StringComparison.Ordinal);
        Assert.DoesNotContain(smtpPassword, text, StringComparison.Ordinal);
        Assert.DoesNotContain(clientSecret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(token[4..], text, StringComparison.Ordinal);
        Assert.DoesNotContain(token[4..^2], text, StringComparison.Ordinal);
    }
}
