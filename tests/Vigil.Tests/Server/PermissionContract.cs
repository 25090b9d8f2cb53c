using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Application;
using Vigil.Identity;
using Vigil.Server.Security;
using Vigil.Tests.Support;

namespace Vigil.Tests.Server;

/// <summary>
/// Every endpoint of the real server, called as nobody and as each role: 401 without a token, 403 for a role the
/// permission table (Security/Permissions) does not grant, 2xx for one it does. The test's own list of requests
/// must name every endpoint the server maps, so a new endpoint cannot go untested.
/// </summary>
public abstract class PermissionContract : IAsyncLifetime
{
    private readonly TempDirectory home = new();
    private readonly ITestDatabase database;
    private LoopbackFeedServer feedServer = null!;
    private TestServer server = null!;
    private int counter;

    protected PermissionContract(Func<TempDirectory, ITestDatabase> makeDatabase) => database = makeDatabase(home);

    public async Task InitializeAsync()
    {
        feedServer = await LoopbackFeedServer.StartAsync(File.ReadAllBytes(Fixture.Path("tracker-excerpt.json")));
        var records = home.File("security");
        Vigil.ProcessRecords.Starter.Write(records, DateOnly.FromDateTime(DateTime.UtcNow));
        // Every user is a person of the records, a tester in a department of their own, so each may sign off once.
        var people = Path.Combine(records, "people.yml");
        File.WriteAllText(people, File.ReadAllText(people).Replace("# raci:", string.Concat(Roles.Words.All.Select(user =>
            $"  - {{ id: {user}, name: {user}, department: {user}, roles: [tester], qualifications: [{{ topic: t, date: 2026-01-01 }}] }}\n"))
            + "# raci:", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(records, "evidence.md"), "key management\n");
        File.WriteAllText(Path.Combine(records, "checklists", "1.yml"), "release: \"1\"\nitems:\n  SM-8:\n    status: met\n    evidence:\n      - { file: evidence.md }\n");
        server = await TestServer.StartAsync(home.File("data"), database.Setting, v => v == "VIGIL_DEBIAN_TRACKER_URL" ? feedServer.FeedUrl : null, records,
            schedules: Vigil.Server.Schedules.ScheduleOptions.None, https: true);
        using var admin = server.Client(server.Tokens[Role.Admin]);
        await Ok(admin.PostAsync("/api/v1/products/gateway/releases", Json($$"""{"release":"1","dpkgStatus":"{{Fixture.Path("status-bookworm-excerpt").Replace("\\", "\\\\", StringComparison.Ordinal)}}","debianRelease":"bookworm","kernelVersion":"6.6.10-cip5"}""")));
        await Ok(admin.PostAsync("/api/v1/products/gateway/scans", null));
        await Ok(admin.PostAsync("/api/v1/products/gateway/scans", null));
        await Ok(admin.PostAsync("/api/v1/products/gateway/triage", Json("""{"cve":"CVE-2025-4802","component":"glibc","state":"in_triage"}""")));
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        await feedServer.DisposeAsync();
        database.Dispose();
        home.Dispose();
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task Ok(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private string Unique(string stem) => $"{stem}{Interlocked.Increment(ref counter)}";

    private const string OpenVexStatement = """
        {"@context": "https://openvex.dev/ns/v0.2.0", "@id": "urn:x", "author": "a", "timestamp": "2026-11-01T00:00:00Z", "version": 1,
         "statements": [{"vulnerability": {"name": "CVE-2010-4756"}, "products": [{"@id": "pkg:deb/debian/glibc@2.36-9%2Bdeb12u14"}], "status": "under_investigation"}]}
        """;

    /// <summary>One request per endpoint ("METHOD pattern"), made fresh for each call, so a granted call can succeed every time.</summary>
    private Dictionary<string, Func<Task<HttpRequestMessage>>> Requests() => new()
    {
        ["GET /api/v1/products/"] = () => Get("/api/v1/products"),
        ["GET /api/v1/products/{name}"] = () => Get("/api/v1/products/gateway"),
        ["POST /api/v1/products/{name}/releases"] = () => Send(HttpMethod.Post, "/api/v1/products/gateway/releases", $$"""{"release":"{{Unique("r")}}","kernelVersion":"6.1.119-cip33"}"""),
        ["POST /api/v1/products/{name}/releases/{release}/manifests"] = () => Send(HttpMethod.Post, "/api/v1/products/gateway/releases/1/manifests",
            $$"""{"manifest":"{{new string('a', 64)}}  image.wic\n"}"""),
        ["GET /api/v1/products/{name}/releases/{release}/manifests"] = () => Get("/api/v1/products/gateway/releases/1/manifests"),
        ["POST /api/v1/products/{name}/scans"] = () => Send(HttpMethod.Post, "/api/v1/products/gateway/scans?kind=kernel", null),
        ["GET /api/v1/products/{name}/findings"] = () => Get("/api/v1/products/gateway/findings?risk=high&pageSize=5"),
        ["GET /api/v1/products/{name}/diff"] = () => Get("/api/v1/products/gateway/diff?release=1"),
        ["GET /api/v1/products/{name}/reports/weekly"] = () => Get("/api/v1/products/gateway/reports/weekly?format=markdown"),
        ["POST /api/v1/products/{name}/triage"] = () => Send(HttpMethod.Post, "/api/v1/products/gateway/triage", """{"cve":"CVE-2025-9230","component":"openssl","state":"affected","response":"update","threat":"TM-1"}"""),
        ["GET /api/v1/products/{name}/triage"] = () => Get("/api/v1/products/gateway/triage"),
        ["GET /api/v1/products/{name}/triage/check"] = () => Get("/api/v1/products/gateway/triage/check"),
        ["GET /api/v1/products/{name}/vex"] = () => Get("/api/v1/products/gateway/vex"),
        ["POST /api/v1/products/{name}/vex"] = () => Send(HttpMethod.Post, "/api/v1/products/gateway/vex", OpenVexStatement),
        ["GET /api/v1/me"] = () => Get("/api/v1/me"),
        ["* "] = () => Get("/"),
        ["* logout"] = () => Get("/logout"),
        ["* audit"] = () => Get("/audit?action=triage"),
        ["* admin"] = () => Get("/admin"),
        ["* process"] = () => Get("/process"),
        ["* products/{name}"] = () => Get("/products/gateway?risk=high"),
        ["* products/{name}/findings/{cve}"] = () => Get("/products/gateway/findings/CVE-2025-4802"),
        ["GET /api/v1/session/"] = () => Get("/api/v1/session"),
        ["DELETE /api/v1/session/"] = () => Send(HttpMethod.Delete, "/api/v1/session", null),
        ["GET /api/v1/feeds"] = () => Get("/api/v1/feeds"),
        ["GET /api/v1/cra"] = () => Get("/api/v1/cra?product=gateway"),
        ["POST /api/v1/feeds/update"] = () => Send(HttpMethod.Post, "/api/v1/feeds/update?feed=debian-tracker", null),
        ["GET /api/v1/audit"] = () => Get("/api/v1/audit?limit=10"),
        ["GET /api/v1/audit/verify"] = () => Get("/api/v1/audit/verify"),
        ["GET /api/v1/schedules/"] = () => Get("/api/v1/schedules?limit=5"),
        ["POST /api/v1/schedules/{job}/run"] = () => Send(HttpMethod.Post, "/api/v1/schedules/rescan/run", null),
        ["GET /api/v1/users"] = () => Get("/api/v1/users"),
        ["PUT /api/v1/users/{user}/roles"] = () => Send(HttpMethod.Put, "/api/v1/users/tester/roles", """["tester"]"""),
        ["GET /api/v1/process/check"] = () => Get("/api/v1/process/check"),
        ["GET /api/v1/process/report"] = () => Get("/api/v1/process/report?release=1&product=gateway"),
        ["GET /api/v1/process/evidence"] = () => Get("/api/v1/process/evidence?file=evidence.md"),
        ["GET /api/v1/process/sign-offs"] = () => Get("/api/v1/process/sign-offs"),
        ["POST /api/v1/process/requirements/{id}/approvals"] = () => Send(HttpMethod.Post, "/api/v1/process/requirements/REQ-1/approvals", """{"role":"tester"}"""),
        ["POST /api/v1/process/code-reviews"] = () => Send(HttpMethod.Post, "/api/v1/process/code-reviews", $$"""{"change":"{{Unique("!")}}","author":"alice","result":"approved"}"""),
        ["POST /api/v1/process/tests/{id}/runs"] = () => Send(HttpMethod.Post, "/api/v1/process/tests/TEST-1/runs", """{"result":"pass","developer":"alice"}"""),
        ["POST /api/v1/users"] = () => Send(HttpMethod.Post, "/api/v1/users", $$"""{"name":"{{Unique("u")}}","roles":["tester"]}"""),
        ["POST /api/v1/users/{user}/tokens"] = () => Send(HttpMethod.Post, "/api/v1/users/tester/tokens", """{"label":"ci","expires":"30d"}"""),
        ["DELETE /api/v1/users/{user}/tokens/{prefix}"] = async () =>
        {
            var issued = await server.WithAsync(s => s.GetRequiredService<IdentityUseCases>().IssueTokenAsync("tester", "spare", null, CancellationToken.None));
            return new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/users/tester/tokens/{issued.Token.Prefix}");
        },
    };

    private static Task<HttpRequestMessage> Get(string path) => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, path));

    private static Task<HttpRequestMessage> Send(HttpMethod method, string path, string? json) =>
        Task.FromResult(new HttpRequestMessage(method, path) { Content = json is null ? null : Json(json) });

    /// <summary>Every endpoint the server maps, with the permission it carries (null: none) and whether it is open to anyone on purpose.</summary>
    private Dictionary<string, (Permission? Permission, bool Anonymous)> MappedEndpoints() =>
        server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(m => (Key: $"{m} {e.RoutePattern.RawText}",
                    Permission: e.Metadata.OfType<Permission>().Select(p => (Permission?)p)
                        .Concat(e.Metadata.OfType<Vigil.Server.Security.RequiresAttribute>().Select(a => (Permission?)a.Permission)).FirstOrDefault(),
                    Anonymous: e.Metadata.OfType<Microsoft.AspNetCore.Authorization.IAllowAnonymous>().Any())))
            .ToDictionary(e => e.Key, e => (e.Permission, e.Anonymous));

    /// <summary>What anyone may call: the OpenAPI document, the ways to log in, the pages' stylesheet and the readiness check; nothing else.</summary>
    private static readonly string[] OpenToAnyone = ["GET /openapi/{documentName}.json", "POST /api/v1/session/", "GET /api/v1/session/oidc", "* login", "GET /assets/{name}", "* /healthz"];

    [Fact]
    public void Every_mapped_endpoint_is_in_the_table_with_a_permission_except_the_login_and_the_openapi_document()
    {
        var mapped = MappedEndpoints();

        Assert.Equal(mapped.Keys.Except(OpenToAnyone).Order(StringComparer.Ordinal), Requests().Keys.Order(StringComparer.Ordinal));
        Assert.All(mapped.Where(e => !OpenToAnyone.Contains(e.Key)), e => Assert.True(e.Value.Permission is not null && !e.Value.Anonymous, e.Key));
        Assert.All(OpenToAnyone, key => Assert.Equal((null, true), mapped[key]));
    }

    [Fact]
    public async Task Every_endpoint_answers_each_role_as_the_permission_table_says()
    {
        var mapped = MappedEndpoints();
        var wrong = new List<string>();
        foreach (var (endpoint, request) in Requests())
        {
            var permission = mapped[endpoint].Permission!.Value;
            foreach (var role in new Role?[] { null }.Concat(Enum.GetValues<Role>().Select(r => (Role?)r)))
            {
                using var client = server.Client(role is { } r ? server.Tokens[r] : null);
                using var message = await request();
                using var response = await client.SendAsync(message);
                var status = (int)response.StatusCode;
                // A page sends a visitor without a session to the login form; the API answers 401.
                var expected = role is null ? (endpoint.Contains(" /api/", StringComparison.Ordinal) ? "401" : "302") : Permissions.Allows([role.Value], permission) ? "2xx" : "403";
                var got = status is >= 200 and < 300 ? "2xx" : status.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (got != expected)
                {
                    wrong.Add($"{endpoint} as {(role is { } x ? Roles.Words[x] : "anonymous")}: expected {expected}, got {status} {await response.Content.ReadAsStringAsync()}");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }

    [Fact]
    public async Task The_openapi_document_is_served_to_anyone_and_names_the_endpoints()
    {
        using var client = server.Client();

        var document = await client.GetStringAsync("/openapi/v1.json");

        Assert.Contains("\"/api/v1/products/{name}/findings\"", document, StringComparison.Ordinal);
        Assert.Contains("\"/api/v1/audit\"", document, StringComparison.Ordinal);
    }
}

public sealed class SqlitePermissionTests() : PermissionContract(home => new SqliteTestDatabase(home));

public sealed class PostgresPermissionTests() : PermissionContract(_ => new PostgresTestDatabase());
