using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Vigil.Identity;
using Vigil.Storage;
using Vigil.Tests.Support;

namespace Vigil.Tests.Server;

/// <summary>
/// Two servers on one PostgreSQL database keep the reads of a findings page in memory and hear each other's changes
/// (NOTIFY in the writing transaction): memory never answers with what the database no longer holds.
/// </summary>
public sealed class ChangeAnnouncementTests : IAsyncLifetime
{
    private const string FindingsPage = "/api/v1/products/gateway/findings?pageSize=500";
    private TwoServers servers = null!;

    private TestServer first => servers.First;

    private TestServer second => servers.Second;

    public async Task InitializeAsync()
    {
        servers = await TwoServers.StartAsync();
        await first.AddGatewayAsync(scanned: true);
        await ListeningAsync(first);
        await ListeningAsync(second);
    }

    public Task DisposeAsync() => servers.DisposeAsync().AsTask();

    [Fact]
    public async Task A_findings_page_read_before_is_answered_while_the_database_is_locked()
    {
        using var reader = second.Client(second.Tokens[Role.Auditor]);
        await reader.GetStringAsync(FindingsPage); // the first read learns the product's id, which names what its reads depend on
        var before = await reader.GetStringAsync(FindingsPage);

        await using var connection = new NpgsqlConnection(servers.Database.Setting);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var lockTables = new NpgsqlCommand("LOCK TABLE products, releases, scans, scan_findings, triage_decisions, users, api_tokens IN ACCESS EXCLUSIVE MODE", connection, transaction))
        {
            await lockTables.ExecuteNonQueryAsync();
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        using var again = await reader.GetAsync(FindingsPage, timeout.Token);
        var body = await again.Content.ReadAsStringAsync(timeout.Token);
        await transaction.RollbackAsync();

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(before, body);
    }

    [Fact]
    public async Task A_decision_made_through_one_server_shows_on_the_others_findings_page()
    {
        using var reader = second.Client(second.Tokens[Role.Auditor]);
        Assert.Equal("untriaged", StatusOf(await reader.GetStringAsync(FindingsPage), "CVE-2025-4802"));
        using var manager = first.Client(first.Tokens[Role.SecurityManager]);

        using var decided = await manager.PostAsync("/api/v1/products/gateway/triage",
            new StringContent("""{"cve":"CVE-2025-4802","component":"glibc","state":"affected","response":"update","threat":"TM-1"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, decided.StatusCode);
        Assert.Equal("decided", await EventuallyAsync(async () => StatusOf(await reader.GetStringAsync(FindingsPage), "CVE-2025-4802"), "decided"));
    }

    [Fact]
    public async Task A_token_revoked_through_one_server_is_refused_by_the_other()
    {
        using var admin = first.Client(first.Tokens[Role.Admin]);
        var issued = JsonDocument.Parse(await (await admin.PostAsync("/api/v1/users/auditor/tokens",
            new StringContent("""{"label":"ci"}""", Encoding.UTF8, "application/json"))).Content.ReadAsStringAsync()).RootElement;
        using var reader = second.Client(issued.GetProperty("token").GetString());
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(FindingsPage)).StatusCode);

        using var revoked = await admin.DeleteAsync($"/api/v1/users/auditor/tokens/{issued.GetProperty("prefix").GetString()}");

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await EventuallyAsync(async () => (await reader.GetAsync(FindingsPage)).StatusCode, HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task A_change_made_while_a_server_could_not_hear_it_is_not_missed()
    {
        using var reader = second.Client(second.Tokens[Role.Auditor]);
        await reader.GetStringAsync(FindingsPage);
        Assert.Equal("untriaged", StatusOf(await reader.GetStringAsync(FindingsPage), "CVE-2025-4802"));
        await using (var connection = new NpgsqlConnection(servers.Database.Setting))
        {
            await connection.OpenAsync();
            await using var cut = new NpgsqlCommand($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN {DatabaseChanges.Channel}'", connection);
            await cut.ExecuteNonQueryAsync();
        }
        await ListeningAsync(second, false);
        using var manager = first.Client(first.Tokens[Role.SecurityManager]);

        using var decided = await manager.PostAsync("/api/v1/products/gateway/triage",
            new StringContent("""{"cve":"CVE-2025-4802","component":"glibc","state":"affected","response":"update","threat":"TM-1"}""", Encoding.UTF8, "application/json"));
        await ListeningAsync(second);

        Assert.Equal(HttpStatusCode.Created, decided.StatusCode);
        Assert.Equal("decided", StatusOf(await reader.GetStringAsync(FindingsPage), "CVE-2025-4802"));
    }

    private static string? StatusOf(string page, string cve) =>
        JsonDocument.Parse(page).RootElement.GetProperty("items").EnumerateArray().First(f => f.GetProperty("cve").GetString() == cve).GetProperty("standing").GetString();

    /// <summary>What <paramref name="read"/> answers once it answers <paramref name="expected"/>, or after 10 s: another server hears of a change within milliseconds.</summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, T expected)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        var value = await read();
        while (!EqualityComparer<T>.Default.Equals(value, expected) && DateTime.UtcNow < until)
        {
            await Task.Delay(50);
            value = await read();
        }
        return value;
    }

    /// <summary>Waits until the server listens for the database's changes (or, with false, has noticed it no longer does).</summary>
    private static async Task ListeningAsync(TestServer server, bool listening = true)
    {
        var changes = server.App.Services.GetRequiredService<DatabaseChanges>();
        var until = DateTime.UtcNow.AddSeconds(10);
        while (changes.IsListening != listening && DateTime.UtcNow < until)
        {
            await Task.Delay(10);
        }
        Assert.Equal(listening, changes.IsListening);
    }
}
