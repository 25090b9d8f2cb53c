using System.Net;
using System.Text;
using System.Text.Json;
using Vigil.Identity;
using Vigil.Tests.Support;

namespace Vigil.Tests.Server;

/// <summary>
/// Process sign-offs through the server, made as the authenticated user and refused when they break a rule: an
/// approval in a role the signer does not hold, or a second one by the same person (SR-5), a review of one's own
/// change (SI-2), a test run by someone not independent of the developer (SVV-5). The gap check counts them.
/// </summary>
public sealed class SignOffTests : IAsyncLifetime
{
    private readonly TempDirectory home = new();
    private TestServer server = null!;

    public async Task InitializeAsync()
    {
        // The starter records, with the server's users as people: ids are Vigil user names.
        var records = home.File("security");
        Vigil.ProcessRecords.Starter.Write(records, DateOnly.FromDateTime(DateTime.UtcNow));
        var date = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var people = File.ReadAllText(Path.Combine(records, "people.yml")).Replace("# raci:", $$"""
              - { id: developer, name: Dev, department: Engineering, roles: [architect, developer], qualifications: [{ topic: t, date: {{date}} }] }
              - { id: tester, name: Tess, department: Quality Assurance, roles: [tester], qualifications: [{ topic: t, date: {{date}} }] }
              - { id: reviewer, name: Rev, department: Engineering, roles: [tester, customer-advocate], qualifications: [{ topic: t, date: {{date}} }] }
              - { id: security-manager, name: Sec, department: Product Security, roles: [security-adviser], qualifications: [{ topic: t, date: {{date}} }] }
            # raci:
            """, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(records, "people.yml"), people);
        File.AppendAllText(Path.Combine(records, "requirements.yml"), """
              - id: REQ-2
                text: Logins are rate limited
                security-level: SL2
                approvals: []

            """);
        server = await TestServer.StartAsync(home.File("data"), null, processRecords: records);
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        home.Dispose();
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private Task<HttpResponseMessage> As(Role role, string path, string json) => server.Client(server.Tokens[role]).PostAsync(path, Json(json));

    private static async Task<string> Problem(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString()!;

    private async Task<string[]> Gaps(string requirement) =>
        [.. JsonDocument.Parse(await server.Client(server.Tokens[Role.Auditor]).GetStringAsync("/api/v1/process/check")).RootElement.GetProperty("gaps").EnumerateArray()
            .Where(g => g.GetProperty("requirement").GetString() == requirement).Select(g => g.GetProperty("problem").GetString()!)];

    [Fact]
    public async Task Four_distinct_people_approving_in_their_roles_close_the_requirements_gap()
    {
        Assert.Contains(await Gaps("SR-5"), g => g.Contains("REQ-2 lacks", StringComparison.Ordinal));

        using var architect = await As(Role.Developer, "/api/v1/process/requirements/REQ-2/approvals", """{"role":"architect"}""");
        using var tester = await As(Role.Tester, "/api/v1/process/requirements/REQ-2/approvals", """{"role":"tester"}""");
        using var advocate = await As(Role.Reviewer, "/api/v1/process/requirements/REQ-2/approvals", """{"role":"customer-advocate"}""");
        using var adviser = await As(Role.SecurityManager, "/api/v1/process/requirements/REQ-2/approvals", """{"role":"security-adviser"}""");

        Assert.All([architect, tester, advocate, adviser], r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Equal("tester", JsonDocument.Parse(await tester.Content.ReadAsStringAsync()).RootElement.GetProperty("person").GetString());
        Assert.DoesNotContain(await Gaps("SR-5"), g => g.Contains("REQ-2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task One_person_cannot_approve_a_requirement_in_two_roles()
    {
        using var first = await As(Role.Reviewer, "/api/v1/process/requirements/REQ-2/approvals", """{"role":"customer-advocate"}""");
        using var second = await As(Role.Reviewer, "/api/v1/process/requirements/REQ-2/approvals", """{"role":"tester"}""");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("reviewer has approved REQ-2 already, as customer-advocate: its approvals must come from distinct people (SR-5)", await Problem(second));
    }

    [Fact]
    public async Task An_approval_in_a_role_the_signer_does_not_hold_is_refused()
    {
        using var refused = await As(Role.Tester, "/api/v1/process/requirements/REQ-2/approvals", """{"role":"security-adviser"}""");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("tester does not hold the role security-adviser in people.yml (they hold tester) (SR-5)", await Problem(refused));
    }

    [Fact]
    public async Task Nobody_reviews_their_own_change_whatever_name_they_give()
    {
        using var own = await As(Role.Developer, "/api/v1/process/code-reviews", """{"change":"!7 login limits","author":"developer","result":"approved"}""");
        using var other = await As(Role.Reviewer, "/api/v1/process/code-reviews", """{"change":"!7 login limits","author":"developer","result":"approved"}""");

        Assert.Equal(HttpStatusCode.Conflict, own.StatusCode);
        Assert.Equal("developer wrote !7 login limits and cannot review it (SI-2)", await Problem(own));
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        Assert.Equal("reviewer", JsonDocument.Parse(await other.Content.ReadAsStringAsync()).RootElement.GetProperty("person").GetString());
    }

    [Fact]
    public async Task A_test_run_by_someone_in_the_developers_department_is_refused()
    {
        // TEST-1 is a threat-mitigation test: its tester must be of another department than its developer.
        using var sameDepartment = await As(Role.Reviewer, "/api/v1/process/tests/TEST-1/runs", """{"result":"pass","developer":"developer"}""");
        using var independent = await As(Role.Tester, "/api/v1/process/tests/TEST-1/runs", """{"result":"pass","developer":"developer"}""");

        Assert.Equal(HttpStatusCode.Conflict, sameDepartment.StatusCode);
        Assert.Equal("test TEST-1 (threat-mitigation) needs a tester from an independent department; reviewer tested what developer developed (SVV-5)", await Problem(sameDepartment));
        Assert.Equal(HttpStatusCode.Created, independent.StatusCode);
    }

    [Fact]
    public async Task Sign_offs_are_in_the_audit_log_with_the_authenticated_user()
    {
        using var signed = await As(Role.Tester, "/api/v1/process/tests/TEST-1/runs", """{"result":"fail","developer":"developer"}""");
        var audit = await server.Client(server.Tokens[Role.Auditor]).GetStringAsync("/api/v1/audit");

        Assert.Equal(HttpStatusCode.Created, signed.StatusCode);
        Assert.Contains("\"action\":\"process.sign-off\"", audit, StringComparison.Ordinal);
        Assert.Contains("\"actor\":\"user:tester\"", audit, StringComparison.Ordinal);
        Assert.Contains(await Gaps("SVV-1"), g => g.StartsWith("test TEST-1 (threat-mitigation) failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Someone_not_in_people_yml_cannot_sign_off()
    {
        var records = home.File("security/people.yml");
        File.WriteAllText(records, File.ReadAllText(records).Replace("id: reviewer,", "id: someone-else,", StringComparison.Ordinal));

        using var refused = await As(Role.Reviewer, "/api/v1/process/code-reviews", """{"change":"!8","author":"developer","result":"approved"}""");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("reviewer is not in the records' people.yml", await Problem(refused), StringComparison.Ordinal);
    }
}
