using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vigil.Application;
using Vigil.Identity;
using Vigil.Notifications;
using Vigil.Server.Schedules;
using Vigil.Tests.Support;

namespace Vigil.Tests.Server;

/// <summary>The server's own work, run by its scheduler (Quartz) and reported at /api/v1/schedules.</summary>
public sealed class ScheduledJobsTests : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly TempDirectory home = new();
    private TestServer? server;

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
        home.Dispose();
    }

    private static async Task<JsonElement> Body(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private static string Status => File.ReadAllText(Fixture.Path("status-bookworm-excerpt"));

    /// <summary>The runs the server reports, once <paramref name="done"/> holds for them (else the test fails, naming them).</summary>
    private static async Task<JsonElement[]> RunsWhen(HttpClient client, Func<JsonElement[], bool> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var runs = (await Body(await client.GetAsync("/api/v1/schedules"))).GetProperty("runs").EnumerateArray().ToArray();
            if (done(runs))
            {
                return runs;
            }
            Assert.True(DateTime.UtcNow < deadline, "runs never reached the expected state: " + string.Join("; ", runs.Select(r => r.ToString())));
            await Task.Delay(200);
        }
    }

    private static bool Finished(JsonElement run, string job) =>
        run.GetProperty("job").GetString() == job && run.GetProperty("state").GetString() is "succeeded" or "failed";

    [Fact]
    public async Task A_feed_change_rescans_each_release_once_and_an_unchanged_feed_rescans_nothing()
    {
        var tracker = await File.ReadAllBytesAsync(Fixture.Path("tracker-excerpt.json"));
        await using var feed = await LoopbackFeedServer.StartAsync(tracker);
        server = await TestServer.StartAsync(home.File("data"), null, name => name == "VIGIL_DEBIAN_TRACKER_URL" ? feed.FeedUrl : null,
            schedules: ScheduleOptions.None, withoutKernelFeed: true);
        using var admin = server.Client(server.Tokens[Role.Admin]);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/api/v1/products/gateway/releases", new StringContent("""{"release":"2026.1","debianRelease":"bookworm"}""", Encoding.UTF8, "application/json"))).StatusCode);
        using var uploaded = await admin.PostAsync("/api/v1/products/gateway/scans", new StringContent(Status));
        Assert.Equal(7, (await Body(uploaded)).GetProperty("open").GetInt32());

        // The feed served is the one imported: nothing to rescan.
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync("/api/v1/schedules/feed-update/run", null)).StatusCode);
        var first = await RunsWhen(admin, runs => runs.Any(r => Finished(r, "rescan")));
        // A new feed: glibc's CVE-2025-4802 is fixed in the installed version now (one fewer open).
        var changed = JsonNode.Parse(tracker)!;
        changed["glibc"]!["CVE-2025-4802"]!["releases"]!["bookworm"]!["status"] = "resolved";
        changed["glibc"]!["CVE-2025-4802"]!["releases"]!["bookworm"]!["fixed_version"] = "2.36-9+deb12u14";
        feed.Publish(Encoding.UTF8.GetBytes(changed.ToJsonString()));
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync("/api/v1/schedules/feed-update/run", null)).StatusCode);
        var second = await RunsWhen(admin, runs => runs.Count(r => Finished(r, "rescan")) == 2);
        // Unchanged again: the feed update runs, the rescan of that feed state has been done.
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync("/api/v1/schedules/feed-update/run", null)).StatusCode);
        var third = await RunsWhen(admin, runs => runs.Count(r => Finished(r, "feed-update")) == 3);
        await Task.Delay(1000);
        var product = await Body(await admin.GetAsync("/api/v1/products/gateway"));

        Assert.Contains("up to date", Assert.Single(first, r => r.GetProperty("job").GetString() == "rescan").GetProperty("message").GetString(), StringComparison.Ordinal);
        var rescan = second.First(r => r.GetProperty("job").GetString() == "rescan");
        Assert.Equal(("succeeded", "gateway/2026.1 debian: scanned, 6 open"), (rescan.GetProperty("state").GetString(), rescan.GetProperty("message").GetString()));
        Assert.All(third.Where(r => r.GetProperty("job").GetString() == "feed-update"), r => Assert.Equal("succeeded", r.GetProperty("state").GetString()));
        Assert.Equal(2, (await RunsWhen(admin, _ => true)).Count(r => r.GetProperty("job").GetString() == "rescan"));
        Assert.Equal(2, product.GetProperty("releases")[0].GetProperty("scans").GetArrayLength());
    }

    [Fact]
    public async Task The_audit_anchor_job_appends_the_verified_chain_head_to_its_file()
    {
        var anchors = home.File("audit-anchors");
        server = await TestServer.StartAsync(home.File("data"), null, schedules: ScheduleOptions.None with { AuditAnchors = anchors });
        using var admin = server.Client(server.Tokens[Role.Admin]);

        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync("/api/v1/schedules/audit-anchor/run", null)).StatusCode);
        var run = (await RunsWhen(admin, runs => runs.Any(r => Finished(r, "audit-anchor")))).Single(r => r.GetProperty("job").GetString() == "audit-anchor");
        var head = await Body(await admin.GetAsync("/api/v1/audit/verify"));

        Assert.Equal("succeeded", run.GetProperty("state").GetString());
        var line = Assert.Single(File.ReadAllLines(anchors));
        Assert.StartsWith($"{head.GetProperty("entries").GetInt64()}:{head.GetProperty("head").GetString()} ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_run_is_reported_with_its_reason_and_retried()
    {
        var closedPort = LoopbackSmtpServer.UnusedPort();
        var mail = new NotifyRequest(null, new SmtpSettings("127.0.0.1", closedPort, SmtpSecurity.None, null, null, "vigil@example.org", ["cve@example.org"], null),
            Digest: false, Force: true, TimeSpan.FromDays(7), null);
        server = await TestServer.StartAsync(home.File("data"), null, schedules: ScheduleOptions.None with { Mail = mail, RetryDelays = [TimeSpan.FromSeconds(1)] });
        using var admin = server.Client(server.Tokens[Role.Admin]);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/api/v1/products/gateway/releases", new StringContent("""{"release":"2026.1","debianRelease":"bookworm"}""", Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/api/v1/products/gateway/scans", new StringContent(Status))).StatusCode);

        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync("/api/v1/schedules/weekly-mail/run", null)).StatusCode);
        var runs = await RunsWhen(admin, runs => runs.Where(r => r.GetProperty("job").GetString() == "weekly-mail").Sum(r => r.GetProperty("attempts").GetInt32()) >= 2
            && runs.All(r => r.GetProperty("state").GetString() != "running"));

        Assert.All(runs, r =>
        {
            Assert.Equal("failed", r.GetProperty("state").GetString());
            Assert.StartsWith($"sending mail through 127.0.0.1:{closedPort} failed", r.GetProperty("message").GetString(), StringComparison.Ordinal);
        });
    }
}
