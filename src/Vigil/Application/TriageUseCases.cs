using Vigil.Common;
using Vigil.Products;
using Vigil.Triage;

namespace Vigil.Application;

public enum VexFormat
{
    OpenVex,
    CycloneDx,
}

/// <summary>Which open findings to show, and which page of them. Null filters keep everything; text matches CVE, component or summary.</summary>
public sealed record FindingsQuery
{
    public required string Product { get; init; }

    public TriageStanding? Standing { get; init; }

    public RiskCategory? Risk { get; init; }

    public string? Severity { get; init; }

    public string? Component { get; init; }

    public string? Cve { get; init; }

    public string? Text { get; init; }

    public FindingsOrder Order { get; init; } = FindingsOrder.Risk;

    /// <summary>1-based.</summary>
    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = 50;

    public const int MaxPageSize = 500;
}

public enum FindingsOrder
{
    /// <summary>Highest risk first, then component and CVE.</summary>
    Risk,
    Cve,
    Component,
}

public sealed record FindingsPage(int Total, int Page, int PageSize, IReadOnlyList<TriagedFinding> Items);

/// <summary>A VEX document to import: a file, or content already read (from a pipe or an upload) with the name to call it.</summary>
public sealed record VexImportRequest(string Product, string Name, string? Path = null, byte[]? Content = null);

public sealed record VexImportOutcome(Product Product, IReadOnlyList<TriageDecision> Stored, IReadOnlyList<VexUnmatched> Unmatched);

public sealed record VexExportRequest(string Product, VexFormat Format, string Author);

/// <summary>A product's current decisions, ready to be written as one VEX document.</summary>
public sealed record VexExport(string Product, IReadOnlyList<TriageDecision> Decisions, VexFormat Format, string Author, DateTimeOffset At, string ToolVersion)
{
    public void WriteTo(Stream output)
    {
        if (Format == VexFormat.CycloneDx)
        {
            CycloneDxVex.Write(output, Product, Decisions, Author, At, ToolVersion);
        }
        else
        {
            OpenVex.Write(output, Decisions, Author, At, ToolVersion);
        }
    }
}

/// <summary>Triage: decisions, the findings they apply to, the process check, VEX in and out. A policy path of null means the team's configured one.</summary>
public sealed class TriageUseCases(ProductCatalog catalog, TriageService triage, ScanUseCases scans, VigilSettings settings, TimeProvider clock)
{
    public async Task<TriageDecision> DecideAsync(string product, TriageService.Decision decision, CancellationToken cancellation)
    {
        var found = await catalog.FindAsync(product, cancellation);
        return (await triage.DecideAsync(found, [decision], cancellation))[0];
    }

    /// <summary>Open findings with risk and decision, highest risk first.</summary>
    public async Task<IReadOnlyList<TriagedFinding>> ListAsync(string product, string? policyPath, CancellationToken cancellation)
    {
        var found = await catalog.FindAsync(product, cancellation);
        return await triage.FindingsAsync(found, PolicyOf(policyPath), cancellation);
    }

    /// <summary>One page of the open findings that match a query, in the asked order.</summary>
    public async Task<FindingsPage> FindingsAsync(FindingsQuery query, CancellationToken cancellation)
    {
        if (query.Page < 1 || query.PageSize is < 1 or > FindingsQuery.MaxPageSize)
        {
            throw new VigilException($"page {query.Page} of size {query.PageSize}: pages count from 1 and hold 1 to {FindingsQuery.MaxPageSize} findings");
        }
        var found = await catalog.FindAsync(query.Product, cancellation);
        var findings = await triage.FindingsAsync(found, PolicyOf(null), cancellation);
        // Unfiltered in risk order, a page is a slice of the product's view as it is held.
        IReadOnlyList<TriagedFinding> matching = query is { Standing: null, Risk: null, Severity: null, Component: null, Cve: null, Text: null } ? findings : [.. findings.Where(f =>
            (query.Standing is null || f.Standing == query.Standing)
            && (query.Risk is null || f.Risk == query.Risk)
            && (query.Severity is null || f.Finding.Severity == query.Severity)
            && (query.Component is null || f.Finding.Component == query.Component)
            && (query.Cve is null || f.Finding.VulnerabilityId == query.Cve)
            && (query.Text is null || f.Finding.VulnerabilityId.Contains(query.Text, StringComparison.OrdinalIgnoreCase)
                || f.Finding.Component.Contains(query.Text, StringComparison.OrdinalIgnoreCase) || f.Finding.Summary.Contains(query.Text, StringComparison.OrdinalIgnoreCase)))];
        // The triage service hands them over in risk order already.
        IReadOnlyList<TriagedFinding> all = query.Order switch
        {
            FindingsOrder.Cve => [.. matching.OrderBy(f => f.Finding.VulnerabilityId, StringComparer.Ordinal).ThenBy(f => f.Finding.Component, StringComparer.Ordinal).ThenBy(f => f.Release.Name, StringComparer.Ordinal)],
            FindingsOrder.Component => [.. matching.OrderBy(f => f.Finding.Component, StringComparer.Ordinal).ThenBy(f => f.Finding.VulnerabilityId, StringComparer.Ordinal).ThenBy(f => f.Release.Name, StringComparer.Ordinal)],
            _ => matching,
        };
        return new FindingsPage(all.Count, query.Page, query.PageSize, [.. all.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)]);
    }

    public async Task<IReadOnlyList<TriageGap>> CheckAsync(string product, string? policyPath, CancellationToken cancellation) =>
        await triage.CheckAsync(await catalog.FindAsync(product, cancellation), PolicyOf(policyPath), cancellation);

    public async Task<IReadOnlyList<TriageDecision>> HistoryAsync(string product, string? vulnerabilityId, CancellationToken cancellation) =>
        await triage.HistoryAsync(await catalog.FindAsync(product, cancellation), vulnerabilityId, cancellation);

    /// <summary>
    /// Records the statements of a VEX document whose product is one of the product's components (binary purls
    /// through its releases' inventories), or none if any is malformed; says which statements meet no component
    /// (not stored) and which name a CVE not open in theirs (stored: they apply when it opens).
    /// </summary>
    public async Task<VexImportOutcome> ImportVexAsync(VexImportRequest request, CancellationToken cancellation)
    {
        var statements = request.Content is { } content
            ? VexDocument.Parse(System.Text.Encoding.UTF8.GetString(content), request.Name)
            : VexDocument.Read(request.Path ?? request.Name);
        var found = await catalog.FindAsync(request.Product, cancellation);
        var matcher = await MatcherOfAsync(found, cancellation);
        var matched = statements.Select(s => (Statement: s, Match: matcher.Match(s.Product))).ToArray();
        var decisions = matched.Where(m => m.Match.Component is not null).Select(m => (m.Statement, Decision: m.Statement.For(m.Match.Component!)))
            .DistinctBy(d => d.Decision).ToArray(); // a binary and its source named alike say one thing
        var notOpen = (await triage.UnmatchedAsync(found, [.. decisions.Select(d => d.Decision)], cancellation)).ToDictionary(u => u.Decision, u => u.Reason);
        var stored = decisions.Length == 0 ? [] : await triage.DecideAsync(found, [.. decisions.Select(d => d.Decision)], cancellation);
        IReadOnlyList<VexUnmatched> unmatched =
        [
            .. matched.Where(m => m.Match.Component is null).Select(m => new VexUnmatched(m.Statement, null, m.Match.Reason!)),
            .. decisions.Where(d => notOpen.ContainsKey(d.Decision)).Select(d => new VexUnmatched(d.Statement, d.Decision.Component, notOpen[d.Decision])),
        ];
        return new VexImportOutcome(found, stored, unmatched);
    }

    /// <summary>Matches statements against every package of the product's releases that can still be read, and its newest kernel.</summary>
    private async Task<VexProductMatcher> MatcherOfAsync(Product product, CancellationToken cancellation)
    {
        var packages = new List<Inventory.InstalledPackage>();
        foreach (var release in product.Releases.Where(r => r.PackagesKind is not null))
        {
            try
            {
                packages.AddRange((await scans.TargetOfAsync(release, product.Name, cancellation)).Packages);
            }
            catch (VigilException)
            {
                // An inventory file gone since the release was added: its binaries stay unknown, and statements on them say so.
            }
        }
        return new VexProductMatcher(packages, product.Releases.OrderByDescending(r => r.CreatedAt).Select(r => r.KernelVersion).FirstOrDefault(v => v is not null));
    }

    /// <summary>The latest decision per finding. OpenVEX needs at least one statement; CycloneDX allows an empty document.</summary>
    public async Task<VexExport> ExportVexAsync(VexExportRequest request, CancellationToken cancellation)
    {
        var found = await catalog.FindAsync(request.Product, cancellation);
        var decisions = (await triage.HistoryAsync(found, null, cancellation))
            .GroupBy(d => (d.Component, d.VulnerabilityId)).Select(g => g.Last())
            .OrderBy(d => d.Component, StringComparer.Ordinal).ThenBy(d => d.VulnerabilityId, StringComparer.Ordinal).ToArray();
        if (decisions.Length == 0 && request.Format == VexFormat.OpenVex)
        {
            throw new VigilException(ErrorKind.InvalidInput, ErrorCodes.NothingToExport,
                $"{found.Name} has no triage decisions to export, and an OpenVEX document must hold at least one statement (OpenVEX 0.2.0); a CycloneDX VEX document may be empty");
        }
        return new VexExport(found.Name, decisions, request.Format, request.Author, clock.GetUtcNow(), settings.ToolVersion);
    }

    /// <summary>The team's risk policy: the file given, else $VIGIL_POLICY, else policy.yml in the data directory, else the built-in one.</summary>
    internal RiskPolicy PolicyOf(string? path)
    {
        path ??= settings.Variable("VIGIL_POLICY");
        var fallback = Path.Combine(settings.DataDirectory.Path, "policy.yml");
        var policy = path is not null ? RiskPolicy.LoadCurrent(path) : File.Exists(fallback) ? RiskPolicy.LoadCurrent(fallback) : RiskPolicy.Default;
        return policy.With(Feeds.Exploits.ExploitSignals.Load(settings.DataDirectory));
    }
}
