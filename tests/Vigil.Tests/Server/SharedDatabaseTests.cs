using System.Net;
using System.Text;
using System.Text.Json;
using Vigil.Identity;
using Vigil.Tests.Support;

namespace Vigil.Tests.Server;

/// <summary>Two server processes' worth of servers on one PostgreSQL database, written to at once, as behind a load balancer.</summary>
public sealed class SharedDatabaseTests : IAsyncLifetime
{
    private TwoServers servers = null!;

    private TestServer first => servers.First;

    private TestServer second => servers.Second;

    public async Task InitializeAsync()
    {
        servers = await TwoServers.StartAsync();
        await first.AddGatewayAsync();
    }

    public Task DisposeAsync() => servers.DisposeAsync().AsTask();

    [Fact]
    public async Task Writes_through_both_servers_are_all_stored_and_the_audit_chain_does_not_fork()
    {
        const int perWriter = 15;
        var writers = Enumerable.Range(0, 6).Select(async w =>
        {
            var server = w % 2 == 0 ? first : second;
            using var client = server.Client(server.Tokens[Role.SecurityManager]);
            var codes = new List<HttpStatusCode>();
            for (var i = 0; i < perWriter; i++)
            {
                using var response = await client.PostAsync("/api/v1/products/gateway/triage",
                    new StringContent($$"""{"cve":"CVE-2025-4802","component":"glibc","state":"in_triage","detail":"w{{w}}-{{i}}"}""", Encoding.UTF8, "application/json"));
                codes.Add(response.StatusCode);
            }
            return codes;
        }).ToArray();
        var codes = (await Task.WhenAll(writers)).SelectMany(c => c).ToArray();

        using var auditor = second.Client(second.Tokens[Role.Auditor]);
        var history = JsonDocument.Parse(await auditor.GetStringAsync("/api/v1/products/gateway/triage")).RootElement;
        var verified = JsonDocument.Parse(await auditor.GetStringAsync("/api/v1/audit/verify")).RootElement;
        var audit = JsonDocument.Parse(await auditor.GetStringAsync("/api/v1/audit?limit=10000")).RootElement;

        Assert.All(codes, c => Assert.Equal(HttpStatusCode.Created, c));
        Assert.Equal(6 * perWriter, history.GetArrayLength());
        Assert.True(verified.GetProperty("holds").GetBoolean(), verified.ToString());
        Assert.Equal(6 * perWriter, audit.EnumerateArray().Count(e => e.GetProperty("action").GetString() == "triage.decide"));
    }
}
