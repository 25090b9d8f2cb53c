using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Vigil.Common;
using Vigil.History;
using Vigil.Products;

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
    public bool IsOpen => Standing != TriageStanding.Decided || Decision!.State is TriageState.InTriage or TriageState.Affected;

    /// <summary>What CISA's KEV catalog and FIRST's EPSS say of it (and the policy's own lists).</summary>
    public Feeds.Exploits.Exploitation Exploitation { get; init; } = Feeds.Exploits.Exploitation.Unknown;
}

/// <summary>A finding the process says is not handled yet, and why.</summary>
public sealed record TriageGap(TriagedFinding Finding, string Problem);

/// <summary>
/// Triage of a product's findings (SM-9): decisions with their whole history, carried across scans and releases of
/// the product until the component version or the CVE record changes, risk categories from the team's policy, and
/// the check that medium and high findings marked affected name their threat-model entry or mitigation.
/// </summary>
public sealed class TriageService(ITriageStore store, ScanHistory history, TimeProvider clock)
{
    /// <summary>A decision as proposed (typed by a person or read from a VEX document): words, validated by <see cref="DecideAsync"/>.</summary>
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

    /// <summary>The decisions that meet no open finding of the product, each with why.</summary>
    public async Task<IReadOnlyList<(Decision Decision, string Reason)>> UnmatchedAsync(Product product, IReadOnlyList<Decision> decisions, CancellationToken cancellation)
    {
        var open = (await history.CurrentOpenFindingsAsync(product, cancellation)).Select(f => (f.Finding.Component, f.Finding.VulnerabilityId)).ToHashSet();
        var components = open.Select(f => f.Component).ToHashSet(StringComparer.Ordinal);
        return [.. decisions.Where(d => !open.Contains((d.Component, d.VulnerabilityId))).Select(d => (d, components.Contains(d.Component)
            ? $"{d.VulnerabilityId} is not open in {d.Component} in {product.Name}'s latest scans"
            : $"{product.Name}'s latest scans have no open finding in {d.Component}"))];
    }

    /// <summary>Records decisions, all or none: a bad one anywhere leaves the history as it was.</summary>
    public async Task<IReadOnlyList<TriageDecision>> DecideAsync(Product product, IReadOnlyList<Decision> decisions, CancellationToken cancellation)
    {
        var duplicate = decisions.GroupBy(d => (d.Component, d.VulnerabilityId)).FirstOrDefault(g => g.Select(d => d.State).Distinct().Count() > 1);
        if (duplicate is not null)
        {
            throw new VigilException(ErrorKind.Conflict, ErrorCodes.DecisionsConflict, $"conflicting decisions for {duplicate.Key.VulnerabilityId} in {duplicate.Key.Component}: {string.Join(" and ", duplicate.Select(d => d.State).Distinct())}");
        }
        var current = (await history.CurrentOpenFindingsAsync(product, cancellation))
            .GroupBy(f => (f.Finding.Component, f.Finding.VulnerabilityId))
            .ToDictionary(g => g.Key, g => g.First().Finding);
        var now = clock.GetUtcNow();
        var stored = new List<TriageDecision>();
        foreach (var d in decisions)
        {
            var (state, justification, response) = Validate(d);
            current.TryGetValue((d.Component, d.VulnerabilityId), out var finding);
            stored.Add(new TriageDecision
            {
                Id = Ids.New(),
                ProductId = product.Id,
                VulnerabilityId = d.VulnerabilityId,
                Component = d.Component,
                State = state,
                Justification = justification,
                Response = response,
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
        await store.AddDecisionsAsync(product.Name, stored, cancellation);
        return stored;
    }

    public Task<IReadOnlyList<TriageDecision>> HistoryAsync(Product product, string? vulnerabilityId, CancellationToken cancellation) =>
        store.DecisionsAsync(product.Id, vulnerabilityId, cancellation);

    /// <summary>A finding of a scan with its risk under one policy: both fixed once the scan is recorded.</summary>
    private sealed record RankedFinding(string ScanId, string Release, ScanFindingRecord Finding, RiskCategory Risk);

    /// <summary>A product's triaged findings as of a scan set and a state of its decisions (the key), good until a decision in it expires.</summary>
    private sealed record TriagedView(string Key, TriagedFinding[] Findings, DateTimeOffset ValidUntil);

    /// <summary>Per policy: the ranked findings of a scan set, and each product's latest triaged view.</summary>
    private sealed class PolicyViews
    {
        public ConcurrentDictionary<string, RankedFinding[]> Ranked { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, TriagedView> TriagedByProduct { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>
    /// The read model behind the findings pages. Scans never change and decisions are only added, so the product's
    /// latest scan ids and its decisions' count and latest time name its findings exactly: a page is a look-up, not a
    /// computation, and every server, whatever it did itself, sees the state the database holds. A product's new view
    /// replaces its old one, so a decision costs one product's view and no other's. Bounded: the ranked findings are
    /// cleared beyond 256 scan sets, the views beyond 4,096 products.
    /// </summary>
    private static readonly ConditionalWeakTable<RiskPolicy, PolicyViews> Views = [];

    /// <summary>
    /// Every open finding of the product's latest scans with its risk and the decision that applies, highest risk
    /// first, then by component, CVE and release.
    /// </summary>
    public async Task<IReadOnlyList<TriagedFinding>> FindingsAsync(Product product, RiskPolicy policy, CancellationToken cancellation)
    {
        var scans = await history.LatestScansAsync(product, cancellation);
        // Decisions are only ever added, oldest first: their count and the last one's time change exactly when they do.
        var decisions = await store.DecisionsAsync(product.Id, null, cancellation);
        var scanSet = string.Join(',', scans.Select(s => s.Id).Order(StringComparer.Ordinal));
        var key = $"{product.Id}|{scanSet}|{decisions.Count}|{(decisions.Count == 0 ? null : decisions[^1].DecidedAt.ToUnixTimeMilliseconds())}";
        var views = Views.GetOrCreateValue(policy);
        var now = clock.GetUtcNow();
        if (views.TriagedByProduct.TryGetValue(product.Id, out var view) && view.Key == key && now < view.ValidUntil)
        {
            return view.Findings;
        }
        // The scans are read again after the key: one recorded meanwhile makes the view newer than its key, never older.
        view = await TriageAsync(product, policy, views, key, decisions, now, cancellation);
        if (views.TriagedByProduct.Count > 4096)
        {
            views.TriagedByProduct.Clear();
        }
        views.TriagedByProduct[product.Id] = view;
        return view.Findings;
    }

    private async Task<TriagedView> TriageAsync(Product product, RiskPolicy policy, PolicyViews views, string key, IReadOnlyList<TriageDecision> decisions, DateTimeOffset now,
        CancellationToken cancellation)
    {
        var latestDecisions = decisions
            .GroupBy(d => (d.Component, d.VulnerabilityId))
            .ToDictionary(g => g.Key, g => g.Last());
        var current = await history.CurrentOpenFindingsAsync(product, cancellation);
        var scans = current.Select(f => (f.Scan, f.Release)).DistinctBy(s => s.Scan.Id).ToDictionary(s => s.Scan.Id, StringComparer.Ordinal);
        if (views.Ranked.Count > 256)
        {
            views.Ranked.Clear();
        }
        var ranked = views.Ranked.GetOrAdd(string.Join(',', scans.Keys.Order(StringComparer.Ordinal)), _ =>
            [.. current.Select(f => new RankedFinding(f.Scan.Id, f.Release.Name, f.Finding, policy.Categorize(f.Finding)))
                .OrderByDescending(f => f.Risk).ThenBy(f => f.Finding.Component, StringComparer.Ordinal)
                .ThenBy(f => f.Finding.VulnerabilityId, StringComparer.Ordinal).ThenBy(f => f.Release, StringComparer.Ordinal)]);
        TriagedFinding[] findings = [.. ranked.Select(r =>
        {
            var (scan, release) = scans[r.ScanId];
            latestDecisions.TryGetValue((r.Finding.Component, r.Finding.VulnerabilityId), out var decision);
            var standing = decision is null ? TriageStanding.Untriaged
                : decision.ExpiresAt is { } expiry && expiry < now ? TriageStanding.Expired
                : (decision.ComponentVersion is not null && decision.ComponentVersion != r.Finding.InstalledVersion)
                  || (decision.EvidenceSha256 is not null && decision.EvidenceSha256 != r.Finding.EvidenceSha256) ? TriageStanding.ReReview
                : TriageStanding.Decided;
            return new TriagedFinding(release, scan.Kind, r.Finding, r.Risk, decision, standing) { Exploitation = policy.ExploitationOf(r.Finding.VulnerabilityId) };
        })];
        // The view holds until the first decision in it that has not expired yet does.
        var validUntil = latestDecisions.Values.Select(d => d.ExpiresAt).OfType<DateTimeOffset>().Where(e => e >= now).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
        return new TriagedView(key, findings, validUntil);
    }

    /// <summary>The medium and high findings the process has not handled: untriaged, affected without a threat-model
    /// entry or mitigation, changed since their decision, or with an expired decision.</summary>
    public async Task<IReadOnlyList<TriageGap>> CheckAsync(Product product, RiskPolicy policy, CancellationToken cancellation)
    {
        var gaps = new List<TriageGap>();
        foreach (var f in (await FindingsAsync(product, policy, cancellation)).Where(f => f.Risk >= RiskCategory.Medium))
        {
            var problem = f.Standing switch
            {
                TriageStanding.Untriaged => "not triaged",
                TriageStanding.Expired => $"decision expired on {f.Decision!.ExpiresAt:yyyy-MM-dd}",
                TriageStanding.ReReview => f.Decision!.ComponentVersion != f.Finding.InstalledVersion
                    ? $"decided for {f.Decision.ComponentVersion}, now {f.Finding.InstalledVersion}: review again"
                    : "the CVE record changed since the decision: review again",
                _ when f.Decision!.State == TriageState.Affected && string.IsNullOrWhiteSpace(f.Decision.ThreatReference)
                    => "affected but names no threat-model entry or mitigation",
                _ when f.Decision!.State == TriageState.InTriage => "still in triage",
                _ => null,
            };
            if (problem is not null)
            {
                gaps.Add(new TriageGap(f, problem));
            }
        }
        return [.. gaps.OrderByDescending(g => g.Finding.Risk).ThenBy(g => g.Finding.Finding.Component, StringComparer.Ordinal).ThenBy(g => g.Finding.Finding.VulnerabilityId, StringComparer.Ordinal)];
    }

    private static (TriageState, TriageJustification?, TriageResponse?) Validate(Decision d)
    {
        if (!Vulnerabilities.VulnerabilityId.TryParse(d.VulnerabilityId, out _))
        {
            throw new VigilException($"invalid vulnerability id '{d.VulnerabilityId}': expected CVE-YYYY-NNNN");
        }
        var state = TriageWords.States.Parse(d.State, $"{d.VulnerabilityId}: state");
        TriageJustification? justification = d.Justification is { } j ? TriageWords.Justifications.Parse(j, $"{d.VulnerabilityId}: justification") : null;
        TriageResponse? response = d.Response is { } r ? TriageWords.Responses.Parse(r, $"{d.VulnerabilityId}: response") : null;
        if (state == TriageState.NotAffected && justification is null && string.IsNullOrWhiteSpace(d.Detail))
        {
            throw new VigilException(ErrorKind.InvalidInput, ErrorCodes.DecisionIncomplete, $"{d.VulnerabilityId}: not_affected needs a justification or a statement why");
        }
        if (justification is not null && state != TriageState.NotAffected)
        {
            throw new VigilException($"{d.VulnerabilityId}: a justification explains not_affected; the state is {d.State}");
        }
        if (string.IsNullOrWhiteSpace(d.Author))
        {
            throw new VigilException(ErrorKind.InvalidInput, ErrorCodes.DecisionWithoutAuthor, $"{d.VulnerabilityId}: a decision needs an author");
        }
        return (state, justification, response);
    }
}
