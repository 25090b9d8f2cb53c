namespace Vigil.ProcessRecords;

/// <summary>One of the 47 requirements for a release: its scope and why, the release checklist's entry, and how many open gaps endanger it.</summary>
public sealed record ComplianceRow(Requirement Requirement, string Scope, string Justification, ChecklistItem? Item, int Gaps)
{
    public string Status => Item?.Status ?? (Scope == "applicable" ? "no checklist entry" : "-");

    /// <summary>The compliance table of <paramref name="release"/>: every catalog requirement, in catalog order.</summary>
    public static IReadOnlyList<ComplianceRow> Of(RecordSet records, string? release, IReadOnlyList<Gap> gaps)
    {
        var checklist = records.Checklists.SingleOrDefault(c => c.Release == release);
        return [.. Catalog.Requirements.Select(r =>
        {
            var scope = records.ScopeOf(r);
            var justification = records.Scope.TryGetValue(r.Id, out var d) ? d.Justification ?? "" : r.Scope == DefaultScope.DelegatedToEndProduct ? "CIP stance: end product" : "";
            return new ComplianceRow(r, scope, justification, checklist?.Items.SingleOrDefault(i => i.Requirement == r.Id),
                gaps.Count(g => g.Requirement.Split(", ").Contains(r.Id)));
        })];
    }
}

/// <summary>
/// What a team looks at for one release: the compliance table, the gaps, the review calendar (soonest due first,
/// overdue ones marked against <see cref="Today"/>) and every security requirement's approvals with the roles it still lacks.
/// </summary>
public sealed record ProcessOverview(string? Release, IReadOnlyList<string> Releases, IReadOnlyList<ComplianceRow> Compliance, IReadOnlyList<Gap> Gaps,
    IReadOnlyList<Review> Calendar, IReadOnlyList<(SecurityRequirement Requirement, IReadOnlyList<string> Missing)> Approvals, DateOnly Today)
{
    /// <summary>The overview of <paramref name="release"/>, or of the last checklist's release when none is named.</summary>
    public static ProcessOverview Of(RecordSet records, string? release, IReadOnlyList<Gap> gaps, DateOnly today)
    {
        var releases = records.Checklists.Select(c => c.Release).Union(records.Releases, StringComparer.Ordinal).ToArray();
        release ??= records.Checklists.Count > 0 ? records.Checklists[^1].Release : releases.FirstOrDefault();
        return new ProcessOverview(release, releases, ComplianceRow.Of(records, release, gaps), gaps,
            [.. records.Reviews.OrderBy(r => r.NextDue ?? DateOnly.MinValue)],
            [.. records.Requirements.Select(r => (r, ProcessCheck.MissingApprovals(r)))], today);
    }
}
