using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Vigil.Tests.Support;

namespace Vigil.Tests.ProcessRecords;

public sealed class ProcessCheckTests : IDisposable
{
    private readonly TempDirectory home = new();
    private readonly string today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public void Dispose() => home.Dispose();

    private Task<CliResult> Vigil(params string[] args) => CliRunner.RunAsync(null, home.Path, [.. args, "--data-dir", Path.Combine(home.Path, "data")]);

    private static int LineOf(string text, string marker) =>
        Array.FindIndex(text.Split('\n'), l => l.Contains(marker, StringComparison.Ordinal)) + 1;

    [Fact]
    public async Task The_starter_folder_passes_check()
    {
        Assert.Equal(0, (await Vigil("process", "init", "security")).ExitCode);

        var check = await Vigil("process", "check", "security");

        Assert.Equal(0, check.ExitCode);
        Assert.Equal("No gaps.\n", check.Out);
        Assert.Contains("# Threat model (SR-2, SD-1, SVV-1..4)", File.ReadAllText(Path.Combine(home.Path, "security", "threat-model.yml")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_refuses_a_folder_that_holds_records()
    {
        await Vigil("process", "init", "security");

        var again = await Vigil("process", "init", "security");

        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already exists and is not empty", again.Error, StringComparison.Ordinal);
    }

    /// <summary>The starter, then one defect of each kind the check knows, each at a line the test can find.</summary>
    private Dictionary<string, string> Defects()
    {
        var folder = Path.Combine(home.Path, "security");
        string Edit(string file, Func<string, string> change)
        {
            var path = Path.Combine(folder, file);
            var text = change(File.ReadAllText(path));
            File.WriteAllText(path, text);
            return text;
        }
        // bob holds two roles, and approves REQ-2 in both: every role signed, but by three people (SR-5).
        Edit("people.yml", t => t.Replace("roles: [tester]", "roles: [tester, security-adviser]", StringComparison.Ordinal));
        var product = Edit("product.yml", t => t.Replace("update-policy:", "  SG-3: { status: not-applicable }\nupdate-policy:", StringComparison.Ordinal));
        var requirements = Edit("requirements.yml", t => t.Replace("      - { role: customer-advocate, person: carol, date: " + today + " }\n", "", StringComparison.Ordinal)
            + "  - id: REQ-2\n    text: Logs never hold secrets\n    security-level: SL2\n    approvals:\n"
            + $"      - {{ role: architect, person: alice, date: {today} }}\n      - {{ role: tester, person: bob, date: {today} }}\n"
            + $"      - {{ role: customer-advocate, person: carol, date: {today} }}\n      - {{ role: security-adviser, person: bob, date: {today} }}\n");
        var threats = Edit("threat-model.yml", t => t
            .Replace("mitigations:\n  - id: M-1", "  - id: T-2\n    stride: denial-of-service\n    asset: update service\n    cvss: 5.3\n    mitigations: []\nmitigations:\n  - id: M-1", StringComparison.Ordinal)
            .Replace("# design: kind", "  - id: M-2\n    text: Rate limiting\n    design: [D-1]\n    tests: []\n# design: kind", StringComparison.Ordinal)
            + $"  - id: TEST-2\n    kind: abuse-case\n    result: pass\n    tester: alice\n    developer: alice\n    date: {today}\n    covers: [REQ-1]\n");
        var reviews = Edit("reviews.yml", t => t + "  - { artifact: hardening guide, requirements: [SG-3], last: { by: carol, date: 2020-01-01 } }\n");
        var codeReviews = Edit("code-reviews.yml", t => t
            + $"  - change: \"!2 logging\"\n    author: alice\n    reviewer: alice\n    date: {today}\n    result: approved\n"
            + $"  - change: \"!3 ui\"\n    author: alice\n    reviewer: bob\n    date: {today}\n"
            + $"  - change: \"!4 updater\"\n    author: bob\n    reviewer: alice\n    date: {today}\n    result: changes-requested\n    findings:\n      - {{ text: unchecked length, fixer: bob, due: 2020-01-01 }}\n");
        File.WriteAllText(Path.Combine(folder, "key-management.md"), "keys are kept offline\n");
        var checklist = new StringBuilder($"release: \"1.0\"\nitems:\n");
        foreach (var id in new[] { "SM-1", "SM-2", "SM-3", "SM-4", "SM-5", "SM-6", "SM-7", "SM-8", "SM-9", "SM-11", "SM-12", "SM-13", "SR-1", "SR-2", "SR-3", "SR-4", "SR-5",
            "SD-1", "SD-3", "SD-4", "SI-1", "SI-2", "SVV-1", "SVV-2", "SVV-3", "SVV-4", "SVV-5", "DM-1", "DM-2", "DM-3", "DM-4", "DM-5", "DM-6",
            "SUM-1", "SUM-2", "SUM-3", "SUM-4", "SUM-5", "SG-5", "SG-6", "SG-7" })
        {
            checklist.Append($"  {id}:\n    status: met\n");
            checklist.Append(id switch
            {
                "SM-6" => "",
                "SM-8" => "    evidence:\n      - { file: key-management.md, sha256: 0000000000000000000000000000000000000000000000000000000000000000 }\n",
                _ => "    evidence:\n      - { url: \"https://example.org/evidence\" }\n",
            });
            checklist.Append($"    reviewer: bob\n    signed-off: {today}\n");
        }
        Directory.CreateDirectory(Path.Combine(folder, "checklists"));
        File.WriteAllText(Path.Combine(folder, "checklists", "1.0.yml"), checklist.ToString());
        return new()
        {
            ["product.yml"] = product, ["requirements.yml"] = requirements, ["threat-model.yml"] = threats, ["reviews.yml"] = reviews,
            ["code-reviews.yml"] = codeReviews, ["checklists/1.0.yml"] = checklist.ToString(),
        };
    }

    [Fact]
    public async Task Each_kind_of_defect_is_reported_exactly_once_at_its_file_and_line()
    {
        await Vigil("process", "init", "security");
        var files = Defects();
        string At(string file, string marker) => $"security/{file}:{LineOf(files[file], marker)}";

        var check = await Vigil("process", "check", "security", "--format", "json");

        Assert.Equal(1, check.ExitCode);
        Assert.Contains("finding 'unchecked length' of !4 updater", check.Out, StringComparison.Ordinal);
        var gaps = JsonDocument.Parse(check.Out).RootElement.GetProperty("gaps").EnumerateArray()
            .Select(g => $"{g.GetProperty("file").GetString()}:{g.GetProperty("line").GetInt32()} [{g.GetProperty("requirement").GetString()}] {g.GetProperty("problem").GetString()}")
            .Order(StringComparer.Ordinal).ToArray();
        string[] expected =
        [
            $"{At("product.yml", "SG-3: { status: not-applicable }")} [SM-5] SG-3 is marked not applicable without a justification",
            $"{At("requirements.yml", "id: REQ-1")} [SR-5] requirement REQ-1 lacks the approval of a customer-advocate",
            $"{At("requirements.yml", "id: REQ-2")} [SD-1] requirement REQ-2 is not traced to any design element",
            $"{At("requirements.yml", "id: REQ-2")} [SVV-1] requirement REQ-2 is not covered by any test",
            $"{At("requirements.yml", "id: REQ-2")} [SR-5] requirement REQ-2 is approved in every role, but not by 4 distinct people (alice as architect, bob as tester, carol as customer-advocate, bob as security-adviser)",
            $"{At("threat-model.yml", "id: T-2")} [SR-2] threat T-2 (denial-of-service of update service) has no mitigation",
            $"{At("threat-model.yml", "id: M-2")} [SVV-2] mitigation M-2 has no test",
            $"{At("threat-model.yml", "id: TEST-2")} [SVV-5] test TEST-2 (abuse-case) needs a tester from an independent person; alice tested what alice developed",
            $"{At("reviews.yml", "hardening guide")} [SG-3] review of hardening guide was due on 2021-01-01 (every 12 months; last 2020-01-01 by carol)",
            $"{At("code-reviews.yml", "!2 logging")} [SI-2] code review of !2 logging was approved by its own author alice",
            $"{At("code-reviews.yml", "!3 ui")} [SI-1] code review of !3 ui is incomplete (needs reviewer, date and result)",
            $"{At("code-reviews.yml", "unchecked length")} [SI-2] finding 'unchecked length' of !4 updater was due on 2020-01-01 and is still open",
            $"{At("checklists/1.0.yml", "SM-6:")} [SM-12] SM-6 is met in 1.0 without evidence",
            $"{At("checklists/1.0.yml", "key-management.md")} [SM-12] evidence key-management.md for SM-8 changed since sign-off (sha256 differs)",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), gaps.Select(g => g.Replace("\\", "/", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("threat-model.yml", "threats:\n  - id: T-9\n    stride: spoofed\n    asset: x\n", 3, "expected T-9.stride to be one of spoofing, tampering")]
    [InlineData("people.yml", "people:\n  - id: dan\n    name: Dan\n    department: QA\n    rolez: [tester]\n", 5, "unknown field 'rolez' in a person")]
    [InlineData("reviews.yml", "reviews:\n  - artifact: x\n    last: { by: a, date: 24.11.2026 }\n", 3, "expected x.date to be a date as YYYY-MM-DD, got '24.11.2026'")]
    [InlineData("product.yml", "scope:\n  XX-1: { status: applicable }\n", 2, "'XX-1' is not an IEC 62443-4-1 requirement")]
    [InlineData("requirements.yml", "requirements: [\n", 2, "invalid YAML")]
    public async Task Malformed_records_are_one_line_errors_with_file_and_line(string file, string yaml, int line, string message)
    {
        Directory.CreateDirectory(Path.Combine(home.Path, "security"));
        home.Write($"security/{file}", yaml);

        var result = await Vigil("process", "check", "security");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"vigil: error: security/{file}:{line}: ", result.Error, StringComparison.Ordinal);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task Report_renders_all_47_requirements_in_markdown_and_html()
    {
        await Vigil("process", "init", "security");
        await Vigil("process", "checklist", "security", "--release", "1.0");

        var markdown = await Vigil("process", "report", "security", "--release", "1.0");
        var html = await Vigil("process", "report", "security", "--release", "1.0", "--format", "html");

        Assert.Equal(0, markdown.ExitCode);
        var rows = markdown.Out.Split('\n').Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\| (SM|SR|SD|SI|SVV|DM|SUM|SG)-\d+ \|")).ToArray();
        Assert.Equal(47, rows.Length);
        Assert.Contains("| SD-2 | The design applies defense in depth | delegated: CIP stance", markdown.Out, StringComparison.Ordinal);
        Assert.Contains("## Traceability: threat to test", markdown.Out, StringComparison.Ordinal);
        Assert.Contains("| T-1 | TEST-1 |", markdown.Out, StringComparison.Ordinal);
        Assert.Equal(47, System.Text.RegularExpressions.Regex.Count(html.Out, @"<tr><td>(SM|SR|SD|SI|SVV|DM|SUM|SG)-\d+</td>"));
    }

    [Fact]
    public async Task Checklist_from_the_previous_release_carries_items_over_and_shows_changes()
    {
        await Vigil("process", "init", "security");
        var evidence = home.Write("security/key-management.md", "v1\n");
        var sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(evidence)));
        home.Write("security/checklists/1.0.yml", $"release: \"1.0\"\nitems:\n  SM-8:\n    status: met\n    evidence:\n      - {{ file: key-management.md, sha256: {sha} }}\n    reviewer: bob\n    signed-off: {today}\n");
        File.WriteAllText(evidence, "v2\n");

        var result = await Vigil("process", "checklist", "security", "--release", "1.1", "--from", "1.0");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("changed: SM-8: evidence key-management.md changed since 1.0", result.Out, StringComparison.Ordinal);
        Assert.Contains("changed: SM-1: new in scope since 1.0", result.Out, StringComparison.Ordinal);
        var next = File.ReadAllText(Path.Combine(home.Path, "security", "checklists", "1.1.yml"));
        Assert.Contains("previous: \"1.0\"", next, StringComparison.Ordinal);
        Assert.Contains("  SM-8:  # Private keys, signing keys above all, are protected\n    status: met\n    evidence:", next, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Security_updates_are_measured_against_the_update_policy()
    {
        await Vigil("process", "init", "security");
        var updates = home.Write("security/updates.yml",
            "updates:\n  - advisory: VSA-2020-1\n    cves: [CVE-2020-1234]\n    upstream-fix: 2020-01-01\n    released: 2020-03-01\n"
            + "  - advisory: VSA-2020-2\n    cves: [CVE-2020-5678]\n    upstream-fix: 2020-01-01\n    released: 2020-01-10\n    qualification: LAVA job 123\n");

        var check = await Vigil("process", "check", "security");

        Assert.Equal(1, check.ExitCode);
        Assert.Equal(
            "security/updates.yml:2: [SUM-5] VSA-2020-1: released 60 days after the upstream fix (policy 30)\n"
            + "security/updates.yml:2: [SUM-1] VSA-2020-1 was released without recorded qualification evidence\n2 gaps.\n",
            check.Out);
        Assert.True(File.Exists(updates));
    }

    [Theory]
    [InlineData("junit.xml", "<testsuites><testsuite name=\"signing\" tests=\"4\" failures=\"0\" errors=\"0\" skipped=\"1\"/></testsuites>", null)]
    [InlineData("junit.xml", "<testsuite name=\"signing\" tests=\"4\" failures=\"1\" errors=\"0\"/>", "[SVV-1] test TEST-1 (threat-mitigation) failed: JUnit: 4 tests, 1 failures, 0 errors, 0 skipped")]
    [InlineData("cppcheck.sarif", "{\"version\":\"2.1.0\",\"runs\":[{\"results\":[{\"level\":\"warning\"},{\"level\":\"note\"}]}]}", null)]
    [InlineData("cppcheck.sarif", "{\"version\":\"2.1.0\",\"runs\":[{\"results\":[{\"level\":\"error\"},{}]}]}", "[SVV-1] test TEST-1 (threat-mitigation) failed: SARIF: 2 results, 1 errors, 1 warnings")]
    public async Task Junit_and_sarif_results_are_evidence_the_result_is_taken_from(string name, string content, string? gap)
    {
        await Vigil("process", "init", "security");
        home.Write($"security/results/{name}", content);
        var path = Path.Combine(home.Path, "security", "threat-model.yml");
        File.WriteAllText(path, File.ReadAllText(path).Replace("    result: pass\n", $"    results: results/{name}\n", StringComparison.Ordinal));

        var check = await Vigil("process", "check", "security");

        Assert.Equal(gap is null ? 0 : 1, check.ExitCode);
        if (gap is not null)
        {
            Assert.Contains(gap, check.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Malformed_results_file_is_a_file_and_line_error()
    {
        await Vigil("process", "init", "security");
        home.Write("security/results/junit.xml", "<testsuite>\n<testcase>\n</testsuite>\n");
        var path = Path.Combine(home.Path, "security", "threat-model.yml");
        File.WriteAllText(path, File.ReadAllText(path).Replace("    result: pass\n", "    results: results/junit.xml\n", StringComparison.Ordinal));

        var check = await Vigil("process", "check", "security");

        Assert.Equal(1, check.ExitCode);
        Assert.StartsWith("vigil: error: security/results/junit.xml:3: not JUnit XML", check.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Records_of_a_newer_schema_are_refused()
    {
        await Vigil("process", "init", "security");
        var path = Path.Combine(home.Path, "security", "product.yml");
        File.WriteAllText(path, File.ReadAllText(path).Replace("schema-version: 1", "schema-version: 2", StringComparison.Ordinal));

        var check = await Vigil("process", "check", "security");

        Assert.Equal(1, check.ExitCode);
        Assert.Contains("security/product.yml:3: these records are written in schema version 2; this Vigil reads version 1", check.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Matrix_lists_rows_that_reach_nothing_as_none()
    {
        await Vigil("process", "init", "security");
        Defects();

        var matrix = await Vigil("process", "matrix", "security", "--from", "threat", "--to", "test", "--format", "csv");

        Assert.Equal("threat,test\nT-1,TEST-1\nT-2,\n", matrix.Out);
    }
}
