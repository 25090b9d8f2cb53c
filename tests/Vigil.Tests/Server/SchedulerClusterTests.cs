using System.Net;
using System.Text.Json;
using Vigil.Tests.Support;

namespace Vigil.Tests.Server;

/// <summary>Two <c>vigil serve</c> processes on one PostgreSQL database: a scheduled job runs once per period between them.</summary>
public sealed class SchedulerClusterTests : IDisposable
{
    private readonly TempDirectory home = new();
    private readonly PostgresTestDatabase database = new();

    public void Dispose()
    {
        database.Dispose();
        home.Dispose();
    }

    [Fact]
    public async Task Two_servers_on_one_database_send_one_weekly_mail()
    {
        await using var smtp = await LoopbackSmtpServer.StartAsync();
        var environment = new Dictionary<string, string> { ["VIGIL_DATABASE"] = database.Setting };
        var data = home.File("data");
        ServeProcess.Run(environment, "db", "migrate", "--data-dir", data);
        var token = ServeProcess.Run(environment, "user", "add", "alice", "--role", "admin", "--data-dir", data);
        ServeProcess.Run(environment, "feeds", "import", "debian", Fixture.Path("tracker-excerpt.json"), "--data-dir", data);
        ServeProcess.Run(environment, "product", "add", "gateway", "--release", "2026.1", "--dpkg-status", Fixture.Path("status-bookworm-excerpt"),
            "--debian-release", "bookworm", "--data-dir", data);
        ServeProcess.Run(environment, "scan", "--product", "gateway", "--offline", "--data-dir", data);

        // Every two seconds, so both servers are up for several periods; each server's own data directory.
        string[] mailing = ["--feed-schedule", "off", "--mail-schedule", "0/2 * * * * ?", "--mail-to", "cve@example.org", "--mail-from", "vigil@example.org",
            "--smtp-host", "127.0.0.1", "--smtp-port", smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--smtp-security", "none"];
        await using var first = await ServeProcess.StartAsync(environment, ["--data-dir", data, .. mailing]);
        await using var second = await ServeProcess.StartAsync(environment, ["--data-dir", home.File("data-2"), .. mailing]);
        using var client = first.Client(token);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (smtp.Messages.IsEmpty && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }
        // Three more periods with both servers up.
        await Task.Delay(TimeSpan.FromSeconds(6));
        // A period claimed at the moment of reading is still running and has no outcome yet.
        var runs = JsonDocument.Parse(await client.GetStringAsync("/api/v1/schedules")).RootElement.GetProperty("runs").EnumerateArray()
            .Where(r => r.GetProperty("job").GetString() == "weekly-mail" && r.GetProperty("state").GetString() != "running").ToArray();

        var mail = Assert.Single(smtp.Messages);
        Assert.Contains("gateway", mail.Subject, StringComparison.Ordinal);
        Assert.True(runs.Length >= 3, $"expected a run every two seconds, got {runs.Length}");
        Assert.Equal(runs.Length, runs.Select(r => r.GetProperty("period").GetString()).Distinct().Count());
        Assert.Single(runs, r => r.GetProperty("message").GetString()!.StartsWith("gateway: sent to cve@example.org", StringComparison.Ordinal));
        Assert.All(runs, r => Assert.Equal("succeeded", r.GetProperty("state").GetString()));
        using var other = second.Client(token);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/v1/schedules")).StatusCode);
    }
}
