namespace Vigil.ProcessRecords;

/// <summary>Something the records do not show yet, the requirement it endangers, and where to fix it.</summary>
public sealed record Gap(string Requirement, Location Where, string Problem);

/// <summary>
/// Finds what an assessor would find missing: untraced threats, untested mitigations, requirements without design or
/// test, incomplete approvals, testers who are not independent enough, incomplete or self-approved code reviews,
/// overdue reviews and fixes, unjustified "not applicable", checklist items without evidence or with evidence that
/// changed since sign-off, late security updates.
/// </summary>
public static class ProcessCheck
{
    /// <summary>Roles whose approval a security requirement needs (SR-5); architect or developer counts as one.</summary>
    private static readonly string[][] RequiredApprovals = [["architect", "developer"], ["tester"], ["customer-advocate"], ["security-adviser"]];

    public static IReadOnlyList<Gap> Run(RecordSet records, DateOnly today)
    {
        var gaps = new List<Gap>();
        void Add(string requirement, Location where, string problem) => gaps.Add(new Gap(requirement, where, problem));

        foreach (var decision in records.Scope.Values.Where(d => d.Status == "not-applicable" && string.IsNullOrWhiteSpace(d.Justification)))
        {
            Add("SM-5", decision.Where, $"{decision.Requirement} is marked not applicable without a justification");
        }

        var people = records.People.ToDictionary(p => p.Id);
        foreach (var practice in Catalog.Practices.Keys.Where(p => records.Raci.All(r => r.Practice != p)))
        {
            Add("SM-2", new Location(Path.Combine(records.DisplayFolder, "people.yml"), 1), $"no RACI entry for practice {practice} ({Catalog.Practices[practice]})");
        }
        foreach (var raci in records.Raci)
        {
            if (raci.Responsible.Count == 0 || raci.Accountable is null)
            {
                Add("SM-2", raci.Where, $"RACI for {raci.Practice} names nobody responsible or accountable");
            }
            foreach (var id in raci.Responsible.Concat(raci.Consulted).Concat(raci.Informed).Append(raci.Accountable).OfType<string>().Where(id => !people.ContainsKey(id)))
            {
                Add("SM-2", raci.Where, $"RACI for {raci.Practice} names '{id}', who is not in people.yml");
            }
        }
        foreach (var person in records.People.Where(p => p.Roles.Count > 0))
        {
            if (person.Qualifications.Count == 0)
            {
                Add("SM-4", person.Where, $"{person.Id} has roles ({string.Join(", ", person.Roles)}) but no recorded security qualification");
            }
            foreach (var q in person.Qualifications.Where(q => q.Expires is { } e && e < today))
            {
                Add("SM-4", person.Where, $"{person.Id}'s qualification '{q.Topic}' expired on {q.Expires:yyyy-MM-dd}");
            }
        }

        var mitigations = records.Mitigations.ToDictionary(m => m.Id);
        var design = records.Design.ToDictionary(d => d.Id);
        var tests = records.Tests.ToDictionary(t => t.Id);
        var requirementIds = records.Requirements.Select(r => r.Id).ToHashSet();
        foreach (var threat in records.Threats)
        {
            if (threat.Mitigations.Count == 0)
            {
                Add("SR-2", threat.Where, $"threat {threat.Id} ({threat.Stride} of {threat.Asset}) has no mitigation");
            }
            foreach (var id in threat.Mitigations.Where(id => !mitigations.ContainsKey(id)))
            {
                Add("SR-2", threat.Where, $"threat {threat.Id} names mitigation {id}, which is not recorded");
            }
            if (threat.Cvss is null && (threat.Likelihood is null || threat.Impact is null))
            {
                Add("SR-2", threat.Where, $"threat {threat.Id} has no severity (cvss, or likelihood and impact)");
            }
        }
        foreach (var mitigation in records.Mitigations)
        {
            if (mitigation.Tests.Count == 0)
            {
                Add("SVV-2", mitigation.Where, $"mitigation {mitigation.Id} has no test");
            }
            if (mitigation.Design.Count == 0)
            {
                Add("SD-1", mitigation.Where, $"mitigation {mitigation.Id} is not traced to a design element");
            }
            foreach (var id in mitigation.Design.Where(id => !design.ContainsKey(id)).Concat(mitigation.Tests.Where(id => !tests.ContainsKey(id))))
            {
                Add("SVV-2", mitigation.Where, $"mitigation {mitigation.Id} names {id}, which is not recorded");
            }
        }
        foreach (var element in records.Design)
        {
            foreach (var id in element.Requirements.Where(id => !requirementIds.Contains(id)).Concat(element.Tests.Where(id => !tests.ContainsKey(id))))
            {
                Add("SD-1", element.Where, $"design element {element.Id} names {id}, which is not recorded");
            }
        }
        foreach (var requirement in records.Requirements)
        {
            var designs = records.Design.Where(d => d.Requirements.Contains(requirement.Id)).ToArray();
            var tested = records.Tests.Any(t => t.Covers.Contains(requirement.Id)) || designs.Any(d => d.Tests.Count > 0);
            if (designs.Length == 0)
            {
                Add("SD-1", requirement.Where, $"requirement {requirement.Id} is not traced to any design element");
            }
            if (!tested)
            {
                Add("SVV-1", requirement.Where, $"requirement {requirement.Id} is not covered by any test");
            }
            if (requirement.SecurityLevel is null)
            {
                Add("SR-4", requirement.Where, $"requirement {requirement.Id} has no target security level");
            }
            var missingRoles = MissingApprovals(requirement);
            foreach (var missing in missingRoles)
            {
                Add("SR-5", requirement.Where, $"requirement {requirement.Id} lacks the approval of a {missing}");
            }
            if (missingRoles.Count == 0 && !ByDistinctPeople(requirement.Approvals))
            {
                Add("SR-5", requirement.Where, $"requirement {requirement.Id} is approved in every role, but not by {RequiredApprovals.Length} distinct people ({string.Join(", ", requirement.Approvals.Select(a => $"{a.Person} as {a.Role}"))})");
            }
            foreach (var approval in requirement.Approvals.Where(a => people.TryGetValue(a.Person, out var p) && !p.Roles.Contains(a.Role)))
            {
                Add("SR-5", approval.Where, $"{approval.Person} approved {requirement.Id} as {approval.Role} but does not hold that role in people.yml");
            }
        }
        foreach (var test in records.Tests)
        {
            if (test.Result == "fail")
            {
                Add(test.Kind is "static-analysis" or "composition-analysis" ? "SI-1" : "SVV-1", test.Where, $"test {test.Id} ({test.Kind}) failed{(test.Evidence is null ? "" : $": {test.Evidence}")}");
            }
            foreach (var id in test.Covers.Where(id => !requirementIds.Contains(id) && !mitigations.ContainsKey(id) && !design.ContainsKey(id)))
            {
                Add("SVV-1", test.Where, $"test {test.Id} covers {id}, which is not recorded");
            }
            if (IndependenceProblem(records, test) is { } problem)
            {
                Add("SVV-5", test.Where, problem);
            }
        }

        foreach (var review in records.CodeReviews)
        {
            if (review.Reviewer is null || review.Date is null || review.Result is null)
            {
                Add("SI-1", review.Where, $"code review of {review.Change} is incomplete (needs reviewer, date and result)");
            }
            else if (review.Reviewer == review.Author)
            {
                Add("SI-2", review.Where, $"code review of {review.Change} was approved by its own author {review.Author}");
            }
            foreach (var finding in review.Findings)
            {
                if (finding.Fixed is null && finding.Fixer is null)
                {
                    Add("SI-2", finding.Where, $"finding '{finding.Text}' of {review.Change} names nobody to fix it");
                }
                if (finding.Fixed is null && finding.Due is { } due && due < today)
                {
                    Add("SI-2", finding.Where, $"finding '{finding.Text}' of {review.Change} was due on {due:yyyy-MM-dd} and is still open");
                }
            }
        }

        foreach (var review in records.Reviews)
        {
            var endangered = review.Requirements.Count > 0 ? string.Join(", ", review.Requirements) : "SM-13";
            if (review.LastDate is null)
            {
                Add(endangered, review.Where, $"{review.Artifact} has never been reviewed");
            }
            else if (review.IsOverdue(today))
            {
                Add(endangered, review.Where, $"review of {review.Artifact} was due on {review.NextDue:yyyy-MM-dd} (every {review.FrequencyMonths} months; last {review.LastDate:yyyy-MM-dd} by {review.LastBy})");
            }
        }

        foreach (var checklist in records.Checklists)
        {
            var covered = checklist.Items.Select(i => i.Requirement).ToHashSet();
            foreach (var requirement in Catalog.Requirements.Where(r => records.ScopeOf(r) == "applicable" && !covered.Contains(r.Id)))
            {
                Add("SM-12", checklist.Where, $"checklist {checklist.Release} does not cover {requirement.Id}");
            }
            foreach (var item in checklist.Items)
            {
                if (item.Status != "not-met" && item.Evidence.Count == 0)
                {
                    Add("SM-12", item.Where, $"{item.Requirement} is {item.Status} in {checklist.Release} without evidence");
                }
                if (item.Reviewer is null || item.SignedOff is null)
                {
                    Add("SM-12", item.Where, $"{item.Requirement} in {checklist.Release} has no reviewer sign-off");
                }
                foreach (var evidence in item.Evidence)
                {
                    var problem = evidence.FileStateIn(records.Folder) switch
                    {
                        EvidenceFileState.Missing => "does not exist",
                        EvidenceFileState.Unhashed => "has no sha256 recorded at sign-off",
                        EvidenceFileState.Changed => "changed since sign-off (sha256 differs)",
                        _ => null,
                    };
                    if (problem is not null)
                    {
                        Add("SM-12", evidence.Where, $"evidence {evidence.File} for {item.Requirement} {problem}");
                    }
                }
            }
        }

        foreach (var update in records.Updates)
        {
            if (records.UpdatePolicyDays is not { } days)
            {
                Add("SUM-5", update.Where, "no update policy (product.yml update-policy.max-days) to measure delivery against");
                break;
            }
            var took = (update.Released ?? today).DayNumber - update.UpstreamFix.DayNumber;
            if (took > days)
            {
                Add("SUM-5", update.Where, update.Released is null
                    ? $"{update.Advisory}: upstream fixed {update.UpstreamFix:yyyy-MM-dd}, still not released after {took} days (policy {days})"
                    : $"{update.Advisory}: released {took} days after the upstream fix (policy {days})");
            }
            if (update.Released is not null && update.Qualification is null)
            {
                Add("SUM-1", update.Where, $"{update.Advisory} was released without recorded qualification evidence");
            }
        }
        return [.. gaps.OrderBy(g => g.Where.File, StringComparer.Ordinal).ThenBy(g => g.Where.Line)];
    }

    /// <summary>The roles (SR-5) whose approval a requirement still lacks, each as "architect or developer".</summary>
    public static IReadOnlyList<string> MissingApprovals(SecurityRequirement requirement)
    {
        var roles = requirement.Approvals.Select(a => a.Role).ToHashSet();
        return [.. RequiredApprovals.Where(any => !any.Any(roles.Contains)).Select(any => string.Join(" or ", any))];
    }

    /// <summary>Whether each required role can be given to an approval of its own person (a matching; four roles at most).</summary>
    private static bool ByDistinctPeople(IReadOnlyList<Approval> approvals)
    {
        var people = approvals.Select(a => a.Person).Distinct().ToArray();
        bool Assign(int group, HashSet<string> used) => group == RequiredApprovals.Length
            || people.Any(p => !used.Contains(p) && approvals.Any(a => a.Person == p && RequiredApprovals[group].Contains(a.Role))
                && Assign(group + 1, [.. used, p]));
        return Assign(0, []);
    }

    /// <summary>Why the test's tester is not independent enough of its developer for its kind (SVV-5), or null when they are.</summary>
    public static string? IndependenceProblem(RecordSet records, TestRecord test)
    {
        var independence = Independence(test.Kind);
        if (independence == "none")
        {
            return null;
        }
        if (test.Developer is null)
        {
            return $"test {test.Id} ({test.Kind}) does not say who developed what it tests, so independence cannot be shown";
        }
        var tester = records.People.FirstOrDefault(p => p.Id == test.Tester);
        var developer = records.People.FirstOrDefault(p => p.Id == test.Developer);
        var independent = independence switch
        {
            "person" => test.Tester != test.Developer,
            "department" => tester is not null && developer is not null && tester.Department != developer.Department,
            _ => tester is not null && developer is not null && (tester.Department != developer.Department || tester.Organisation != developer.Organisation),
        };
        return independent ? null : $"test {test.Id} ({test.Kind}) needs a tester from an independent {independence}; {test.Tester} tested what {test.Developer} developed";
    }

    /// <summary>How independent the tester must be from the developer for a kind of test (IEC 62443-4-1 SVV-5).</summary>
    public static string Independence(string kind) => kind switch
    {
        "requirements" or "threat-mitigation" => "department",
        "abuse-case" or "attack-surface" or "known-vulnerability" => "person",
        "penetration" => "department or organisation",
        _ => "none",
    };
}
