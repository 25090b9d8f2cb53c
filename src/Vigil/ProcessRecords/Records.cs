namespace Vigil.ProcessRecords;

/// <summary>applicable, not-applicable (justification required) or delegated to the end product, per requirement.</summary>
public sealed record ScopeDecision(string Requirement, string Status, string? Justification, Location Where);

public sealed record Qualification(string Topic, DateOnly Date, DateOnly? Expires);

public sealed record Person(string Id, string Name, string Department, string? Organisation, IReadOnlyList<string> Roles, IReadOnlyList<Qualification> Qualifications, Location Where);

public sealed record Raci(string Practice, IReadOnlyList<string> Responsible, string? Accountable, IReadOnlyList<string> Consulted, IReadOnlyList<string> Informed, Location Where);

/// <summary>Evidence for a checklist item: a file in the repository (with the SHA-256 it had at sign-off), a URL or a Vigil output.</summary>
public sealed record Evidence(string? File, string? Sha256, string? Url, string? Vigil, Location Where)
{
    /// <summary>Whether a file evidence in <paramref name="folder"/> is still what was signed off; null for a URL or a Vigil output.</summary>
    public EvidenceFileState? FileStateIn(string folder)
    {
        if (File is null)
        {
            return null;
        }
        var path = Path.Combine(folder, File);
        return !System.IO.File.Exists(path) ? EvidenceFileState.Missing
            : Sha256 is null ? EvidenceFileState.Unhashed
            : string.Equals(Common.Sha256Hex.OfFile(path), Sha256, StringComparison.OrdinalIgnoreCase) ? EvidenceFileState.Intact
            : EvidenceFileState.Changed;
    }
}

public enum EvidenceFileState
{
    Intact,
    Changed,
    Missing,
    Unhashed,
}

public sealed record ChecklistItem(string Requirement, string Status, IReadOnlyList<Evidence> Evidence, string? Reviewer, DateOnly? SignedOff, Location Where);

public sealed record Checklist(string Release, string? Previous, IReadOnlyList<ChecklistItem> Items, Location Where);

public sealed record Review(string Artifact, IReadOnlyList<string> Requirements, int FrequencyMonths, string? LastBy, DateOnly? LastDate, string? Findings, string? Actions, Location Where)
{
    public DateOnly? NextDue => LastDate?.AddMonths(FrequencyMonths);

    /// <summary>Never reviewed, or its next review is past.</summary>
    public bool IsOverdue(DateOnly today) => LastDate is null || NextDue < today;
}

public sealed record Approval(string Role, string Person, DateOnly Date, Location Where);

public sealed record SecurityRequirement(string Id, string Text, string? SecurityLevel, IReadOnlyList<Approval> Approvals, Location Where);

public sealed record Threat(string Id, string Stride, string Asset, string? Boundary, double? Cvss, string? Likelihood, string? Impact, IReadOnlyList<string> Mitigations, Location Where);

public sealed record Mitigation(string Id, string Text, IReadOnlyList<string> Design, IReadOnlyList<string> Tests, Location Where);

public sealed record DesignElement(string Id, string Kind, string Text, IReadOnlyList<string> Requirements, IReadOnlyList<string> Tests, Location Where);

public sealed record TestRecord(string Id, string Kind, string Result, string Tester, string? Developer, DateOnly Date, IReadOnlyList<string> Covers, Location Where)
{
    /// <summary>What an imported results file said (JUnit XML or SARIF), when the test names one.</summary>
    public string? Evidence { get; init; }
}

public sealed record ReviewFinding(string Text, string? Fixer, DateOnly? Due, DateOnly? Fixed, Location Where);

public sealed record CodeReview(string Change, string Author, string? Reviewer, DateOnly? Date, string? Result, IReadOnlyList<ReviewFinding> Findings, Location Where);

public sealed record SecurityUpdate(string Advisory, IReadOnlyList<string> Cves, string? Affected, string? Fixed, string? Qualification, DateOnly UpstreamFix, DateOnly? Released, Location Where);

/// <summary>Everything in a product's process records folder.</summary>
public sealed record RecordSet(
    string Folder,
    string DisplayFolder,
    IReadOnlyList<string> Products,
    IReadOnlyList<string> Releases,
    IReadOnlyDictionary<string, ScopeDecision> Scope,
    int? UpdatePolicyDays,
    IReadOnlyList<Person> People,
    IReadOnlyList<Raci> Raci,
    IReadOnlyList<Checklist> Checklists,
    IReadOnlyList<Review> Reviews,
    IReadOnlyList<SecurityRequirement> Requirements,
    IReadOnlyList<Threat> Threats,
    IReadOnlyList<Mitigation> Mitigations,
    IReadOnlyList<DesignElement> Design,
    IReadOnlyList<TestRecord> Tests,
    IReadOnlyList<CodeReview> CodeReviews,
    IReadOnlyList<SecurityUpdate> Updates)
{
    /// <summary>The scope of a requirement: what the records say, else the catalog's default.</summary>
    public string ScopeOf(Requirement requirement) =>
        Scope.TryGetValue(requirement.Id, out var decision) ? decision.Status
        : requirement.Scope == DefaultScope.DelegatedToEndProduct ? "delegated" : "applicable";
}
