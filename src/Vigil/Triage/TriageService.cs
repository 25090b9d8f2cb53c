using Microsoft.EntityFrameworkCore;
using Vigil.Common;
using Vigil.Storage;

namespace Vigil.Triage;

/// <summary>Where an open finding stands in triage.</summary>
public enum TriageStanding
{
    /// <summary>Nobody has decided anything yet.</summary>
    Untriaged,

    /// <summary>A decision applies to the finding as it is now.</summary>
    Decided,

    /// <summary>A decision exists, but the component version or the CVE record changed since: look again.</summary>
    ReReview,

    /// <summary>The decision's expiry date has passed.</summary>
    Expired,
}

public sealed record TriagedFinding(ProductRelease Release, Scanning.ScanKind Kind, ScanFindingRecord Finding, RiskCategory Risk, TriageDecision? Decision, TriageStanding Standing)
{
    /// <summary>Still to be dealt with: not triaged, due for another look, or decided as in triage or affected (not_affected, fixed and false_positive close it).</summary>
    public bool IsOpen => Standing != TriageStanding.Decided || Decision!.State is "in_triage" or "affected";
}

/// <summary>A finding the process says is not handled yet, and why.</summary>
public sealed record TriageGap(TriagedFinding Finding, string Problem);

/// <summary>
/// Triage of a product's findings (SM-9): decisions with their whole history, carried across scans and releases of
/// the product until the component version or the CVE record changes, risk categories from the team's policy, and
/// the check that medium and high findings marked affected name their threat-model entry or mitigation.
/// </summary>
public sealed class TriageService(VigilDb db, TimeProvider clock)
{
    public static readonly string[] States = ["in_triage", "affected", "not_affected", "fixed", "false_positive"];

    /// <summary>OpenVEX's justifications and CycloneDX's analysis justifications.</summary>
    public static readonly string[] Justifications =
    [
        "component_not_present", "vulnerable_code_not_present", "vulnerable_code_not_in_execute_path",
        "vulnerable_code_cannot_be_controlled_by_adversary", "inline_mitigations_already_exist",
        "code_not_present", "code_not_reachable", "requires_configuration", "requires_dependency", "requires_environment",
        "protected_by_compiler", "protected_at_runtime", "protected_at_perimeter", "protected_by_mitigating_control",
    ];

    public static readonly string[] Responses = ["can_not_fix", "will_not_fix", "update", "rollback", "workaround_available"];

    public sealed record Decision(
        string VulnerabilityId,
        string Component,
        string State,
        string? Justification,
        string? Response,
        string Detail,
        string? ThreatReference,
        string Author,
        DateTimeOffset? ExpiresAt,
        string Source);

    /// <summary>Records decisions, all or none: a bad one anywhere leaves the history as it was.</summary>
    /// <summary>
    /// The decisions that meet no open finding of the product, each with why: findings name Debian source packages
    /// (and linux), so a statement on a binary package's name (as SBOM tools write purls) meets nothing yet.
    /// </summary>
    public IReadOnlyList<(Decision Decision, string Reason)> Unmatched(Product product, IReadOnlyList<Decision> decisions)
    {
        var open = new ScanHistory(db).CurrentOpenFindings(product).Select(f => (f.Finding.Component, f.Finding.VulnerabilityId)).ToHashSet();
        var components = open.Select(f => f.Component).ToHashSet(StringComparer.Ordinal);
        return [.. decisions.Where(d => !open.Contains((d.Component, d.VulnerabilityId))).Select(d => (d, components.Contains(d.Component)
            ? $"{d.VulnerabilityId} is not open in {d.Component} in {product.Name}'s latest scans"
            : $"{product.Name}'s latest scans have no open finding in {d.Component} (findings name Debian source packages, and linux for the kernel; a binary package's name meets nothing)"))];
    }

    public IReadOnlyList<TriageDecision> Decide(Product product, IReadOnlyList<Decision> decisions)
    {
        var duplicate = decisions.GroupBy(d => (d.Component, d.VulnerabilityId)).FirstOrDefault(g => g.Select(d => d.State).Distinct().Count() > 1);
        if (duplicate is not null)
        {
            throw new VigilException(ErrorKind.Conflict, ErrorCodes.DecisionsConflict, $"conflicting decisions for {duplicate.Key.VulnerabilityId} in {duplicate.Key.Component}: {string.Join(" and ", duplicate.Select(d => d.State).Distinct())}");
        }
        var current = new ScanHistory(db).CurrentOpenFindings(product)
            .GroupBy(f => (f.Finding.Component, f.Finding.VulnerabilityId))
            .ToDictionary(g => g.Key, g => g.First().Finding);
        var now = clock.GetUtcNow();
        var stored = new List<TriageDecision>();
        foreach (var d in decisions)
        {
            Validate(d);
            current.TryGetValue((d.Component, d.VulnerabilityId), out var finding);
            stored.Add(new TriageDecision
            {
                Id = ProductCatalog.NewId(),
                ProductId = product.Id,
                VulnerabilityId = d.VulnerabilityId,
                Component = d.Component,
                State = d.State,
                Justification = d.Justification,
                Response = d.Response,
                Detail = d.Detail,
                ThreatReference = d.ThreatReference,
                Author = d.Author,
                DecidedAt = now,
                ExpiresAt = d.ExpiresAt,
                ComponentVersion = finding?.InstalledVersion,
                EvidenceSha256 = finding?.EvidenceSha256,
                Source = d.Source,
            });
        }
        db.Commit("the decisions", () =>
        {
            db.Decisions.AddRange(stored);
            return stored.Count;
        });
        return stored;
    }

    public IReadOnlyList<TriageDecision> History(Product product, string? vulnerabilityId) =>
        [.. db.Decisions.AsNoTracking().Where(d => d.ProductId == product.Id && (vulnerabilityId == null || d.VulnerabilityId == vulnerabilityId))
            .AsEnumerable().OrderBy(d => d.DecidedAt).ThenBy(d => d.Id, StringComparer.Ordinal)];

    /// <summary>Every open finding of the product's latest scans with its risk and the decision that applies.</summary>
    public IReadOnlyList<TriagedFinding> Findings(Product product, RiskPolicy policy)
    {
        var latestDecisions = History(product, null)
            .GroupBy(d => (d.Component, d.VulnerabilityId))
            .ToDictionary(g => g.Key, g => g.Last());
        var now = clock.GetUtcNow();
        return [.. new ScanHistory(db).CurrentOpenFindings(product).Select(f =>
        {
            latestDecisions.TryGetValue((f.Finding.Component, f.Finding.VulnerabilityId), out var decision);
            var standing = decision is null ? TriageStanding.Untriaged
                : decision.ExpiresAt is { } expiry && expiry < now ? TriageStanding.Expired
                : (decision.ComponentVersion is not null && decision.ComponentVersion != f.Finding.InstalledVersion)
                  || (decision.EvidenceSha256 is not null && decision.EvidenceSha256 != f.Finding.EvidenceSha256) ? TriageStanding.ReReview
                : TriageStanding.Decided;
            return new TriagedFinding(f.Release, f.Scan.Kind, f.Finding, policy.Categorize(f.Finding), decision, standing);
        })];
    }

    /// <summary>The medium and high findings the process has not handled: untriaged, affected without a threat-model
    /// entry or mitigation, changed since their decision, or with an expired decision.</summary>
    public IReadOnlyList<TriageGap> Check(Product product, RiskPolicy policy)
    {
        var gaps = new List<TriageGap>();
        foreach (var f in Findings(product, policy).Where(f => f.Risk >= RiskCategory.Medium))
        {
            var problem = f.Standing switch
            {
                TriageStanding.Untriaged => "not triaged",
                TriageStanding.Expired => $"decision expired on {f.Decision!.ExpiresAt:yyyy-MM-dd}",
                TriageStanding.ReReview => f.Decision!.ComponentVersion != f.Finding.InstalledVersion
                    ? $"decided for {f.Decision.ComponentVersion}, now {f.Finding.InstalledVersion}: review again"
                    : "the CVE record changed since the decision: review again",
                _ when f.Decision!.State == "affected" && string.IsNullOrWhiteSpace(f.Decision.ThreatReference)
                    => "affected but names no threat-model entry or mitigation",
                _ when f.Decision!.State == "in_triage" => "still in triage",
                _ => null,
            };
            if (problem is not null)
            {
                gaps.Add(new TriageGap(f, problem));
            }
        }
        return [.. gaps.OrderByDescending(g => g.Finding.Risk).ThenBy(g => g.Finding.Finding.Component, StringComparer.Ordinal).ThenBy(g => g.Finding.Finding.VulnerabilityId, StringComparer.Ordinal)];
    }

    private static void Validate(Decision d)
    {
        if (!Vulnerabilities.VulnerabilityId.TryParse(d.VulnerabilityId, out _))
        {
            throw new VigilException($"invalid vulnerability id '{d.VulnerabilityId}': expected CVE-YYYY-NNNN");
        }
        if (!States.Contains(d.State))
        {
            throw new VigilException($"{d.VulnerabilityId}: state '{d.State}' is not one of {string.Join(", ", States)}");
        }
        if (d.Justification is { } j && !Justifications.Contains(j))
        {
            throw new VigilException($"{d.VulnerabilityId}: justification '{j}' is not one of {string.Join(", ", Justifications)}");
        }
        if (d.Response is { } r && !Responses.Contains(r))
        {
            throw new VigilException($"{d.VulnerabilityId}: response '{r}' is not one of {string.Join(", ", Responses)}");
        }
        if (d.State == "not_affected" && d.Justification is null && string.IsNullOrWhiteSpace(d.Detail))
        {
            throw new VigilException(ErrorKind.InvalidInput, ErrorCodes.DecisionIncomplete, $"{d.VulnerabilityId}: not_affected needs a justification or a statement why");
        }
        if (d.Justification is not null && d.State != "not_affected")
        {
            throw new VigilException($"{d.VulnerabilityId}: a justification explains not_affected; the state is {d.State}");
        }
        if (string.IsNullOrWhiteSpace(d.Author))
        {
            throw new VigilException(ErrorKind.InvalidInput, ErrorCodes.DecisionWithoutAuthor, $"{d.VulnerabilityId}: a decision needs an author");
        }
    }
}
