using Vigil.Feeds;
using Vigil.Advisories;
using Vigil.Common;
using Vigil.Feeds.Kernel;
using Vigil.History;
using Vigil.Products;
using Vigil.Triage;

namespace Vigil.Application;

/// <summary>
/// A CSAF advisory of a product (one release, or all), written into a CSAF trusted provider's directory tree under
/// <see cref="Directory"/>; signed when a key is given. The publisher comes from the request, else the settings'
/// VIGIL_CSAF_PUBLISHER_NAME and VIGIL_CSAF_PUBLISHER_NAMESPACE.
/// </summary>
public sealed record AdvisoryRequest
{
    public required string Product { get; init; }

    public string? Release { get; init; }

    /// <summary>Only these CVEs; all the product's when empty.</summary>
    public IReadOnlyList<string> Cves { get; init; } = [];

    /// <summary>A csaf_vex document rather than a csaf_security_advisory.</summary>
    public bool Vex { get; init; }

    public required string Directory { get; init; }

    /// <summary>The tracking id; by default PRODUCT-RELEASE-SA (or -VEX).</summary>
    public string? Id { get; init; }

    public string? PublisherName { get; init; }

    public string? PublisherNamespace { get; init; }

    /// <summary>Where the tree is served from; the publisher's namespace when null.</summary>
    public string? BaseUrl { get; init; }

    public string? KeyFile { get; init; }

    public ReadOnlyMemory<char> Passphrase { get; init; }

    /// <summary>A draft (version 0, status draft) for review; issuing it again without this publishes version 1.</summary>
    public bool Draft { get; init; }
}

/// <param name="Document">The advisory's path in the tree.</param>
public sealed record IssuedAdvisory(string Document, AdvisoryTracking Tracking, int Vulnerabilities, string? SignedBy);

/// <summary>CSAF 2.0 advisories from a product's scans and triage, published as a CSAF trusted provider's tree.</summary>
public sealed class AdvisoryUseCases(ProductCatalog catalog, ScanHistory history, TriageService triage, IntegrityUseCases integrity, VigilSettings settings, TimeProvider clock)
{
    public async Task<IssuedAdvisory> IssueAsync(AdvisoryRequest request, CancellationToken cancellation)
    {
        var publisher = Publisher(request);
        var product = await catalog.FindAsync(request.Product, cancellation);
        if (request.Release is { } named && !product.Releases.Any(r => r.Name == named))
        {
            await catalog.FindReleaseAsync(request.Product, named, cancellation);
        }
        var items = await ItemsAsync(product, request, cancellation);
        if (items.Count == 0)
        {
            throw new VigilException(ErrorKind.InvalidInput, ErrorCodes.NothingToAdvise,
                $"{product.Name}{(request.Release is null ? "" : $" {request.Release}")} has no recorded findings{(request.Cves.Count > 0 ? " for " + string.Join(", ", request.Cves) : "")} to advise on");
        }
        var now = clock.GetUtcNow();
        var id = request.Id ?? $"{product.Name}-{request.Release ?? "all"}-{(request.Vex ? "vex" : "sa")}".ToUpperInvariant();
        var provider = new CsafProvider(request.Directory, (request.BaseUrl ?? publisher.Namespace.ToString()).TrimEnd('/'));
        var (tracking, document) = provider.Next(id, now, request.Draft);
        var title = $"{(request.Vex ? "VEX" : "Security advisory")}: {product.Name}{(request.Release is null ? "" : $" {request.Release}")}";
        AtomicFile.Write(document, stream => CsafAdvisory.Write(stream, product.Name, publisher, tracking, request.Vex, title, items, settings.ToolVersion), cancellation: cancellation);
        CsafProvider.WriteHashes(document);
        string? signer = null;
        if (request.KeyFile is { } key)
        {
            signer = await integrity.SignAsync(document, key, request.Passphrase, document + ".asc", cancellation);
            provider.AddPublicKey(signer, await integrity.ExportPublicKeyAsync(key, cancellation));
        }
        provider.WriteIndexes();
        provider.WriteMetadata(publisher, now, signer);
        return new IssuedAdvisory(document, tracking, items.Select(i => i.Cve).Distinct().Count(), signer);
    }

    private AdvisoryPublisher Publisher(AdvisoryRequest request)
    {
        var name = request.PublisherName ?? settings.Variable("VIGIL_CSAF_PUBLISHER_NAME");
        var ns = request.PublisherNamespace ?? settings.Variable("VIGIL_CSAF_PUBLISHER_NAMESPACE");
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(ns))
        {
            throw new VigilException(ErrorKind.InvalidInput, ErrorCodes.PublisherMissing, "a CSAF advisory names its publisher: a name and the namespace URL it is known by");
        }
        return Uri.TryCreate(ns, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
            ? new AdvisoryPublisher(name, uri)
            : throw new VigilException($"publisher namespace '{ns}': expected an http(s) URL such as https://psirt.example.com");
    }

    private async Task<IReadOnlyList<AdvisoryItem>> ItemsAsync(Product product, AdvisoryRequest request, CancellationToken cancellation)
    {
        var findings = (await history.CurrentFindingsAsync(product, cancellation))
            .Where(f => request.Release is null || f.Release.Name == request.Release)
            .Where(f => request.Cves.Count == 0 || request.Cves.Contains(f.Finding.VulnerabilityId, StringComparer.OrdinalIgnoreCase))
            .Where(f => f.Finding.Status != FindingStatus.NotAffected)
            .ToArray();
        var decisions = (await triage.HistoryAsync(product, null, cancellation)).GroupBy(d => (d.Component, d.VulnerabilityId)).ToDictionary(g => g.Key, g => g.Last());
        using var kernelFeed = findings.Any(f => f.Scan.Kind == Scanning.ScanKind.Kernel) && new KernelFeedStore(settings.DataDirectory).Exists
            ? new KernelFeedStore(settings.DataDirectory).Open() : null;
        var items = new List<AdvisoryItem>();
        foreach (var f in findings)
        {
            var record = f.Finding;
            decisions.TryGetValue((record.Component, record.VulnerabilityId), out var decision);
            var kernel = f.Scan.Kind == Scanning.ScanKind.Kernel;
            var (state, flag, impact) = StateOf(record, decision);
            var vector = kernel && kernelFeed is not null && Vulnerabilities.VulnerabilityId.TryParse(record.VulnerabilityId, out var id) && kernelFeed.IndexOf(id) is var index and >= 0
                ? kernelFeed.Details(index).Cvss?.Vector : null;
            items.Add(new AdvisoryItem(f.Release.Name, record.Component, record.InstalledVersion,
                kernel ? $"pkg:generic/linux@{Uri.EscapeDataString(record.InstalledVersion)}" : $"pkg:deb/debian/{record.Component}@{Uri.EscapeDataString(record.InstalledVersion)}?arch=source",
                record.VulnerabilityId, state, flag, impact, record.FixedVersion,
                decision?.Response is { } response ? $"{response.Name().Replace('_', ' ')}{(decision.Detail.Length > 0 ? ": " + decision.Detail : "")}" : null,
                record.Cvss, vector, record.Summary,
                kernel ? $"https://nvd.nist.gov/vuln/detail/{record.VulnerabilityId}" : $"https://security-tracker.debian.org/tracker/{record.VulnerabilityId}"));
        }
        return items;
    }

    /// <summary>The triage decision decides; without one, what the scan says (a kernel CVE whose code is not built is known not affected).</summary>
    private static (AdvisoryState, string? Flag, string? Impact) StateOf(ScanFindingRecord finding, TriageDecision? decision) => decision?.State switch
    {
        TriageState.NotAffected or TriageState.FalsePositive => (AdvisoryState.KnownNotAffected, CsafFlag(decision.Justification),
            CsafFlag(decision.Justification) is null ? $"{(decision.State == TriageState.FalsePositive ? "False positive" : "Not affected")}{(decision.Justification is { } j ? $" ({j.Name()})" : "")}: {decision.Detail}".TrimEnd(' ', ':') : null),
        TriageState.Fixed => (AdvisoryState.Fixed, null, null),
        TriageState.Affected => (AdvisoryState.KnownAffected, null, null),
        TriageState.InTriage => (AdvisoryState.UnderInvestigation, null, null),
        _ => finding.Status switch
        {
            FindingStatus.NotBuilt => (AdvisoryState.KnownNotAffected, "vulnerable_code_not_present", null),
            FindingStatus.Fixed => (AdvisoryState.Fixed, null, null),
            FindingStatus.Ignored => (AdvisoryState.KnownNotAffected, null, finding.Reason ?? "Not affected in this kernel branch (cip-kernel-sec)."),
            _ => (AdvisoryState.UnderInvestigation, null, null),
        },
    };

    /// <summary>CSAF's five VEX justification labels, from the triage's justification (OpenVEX's names are CSAF's).</summary>
    private static string? CsafFlag(TriageJustification? justification) => justification switch
    {
        TriageJustification.ComponentNotPresent => "component_not_present",
        TriageJustification.VulnerableCodeNotPresent or TriageJustification.CodeNotPresent => "vulnerable_code_not_present",
        TriageJustification.VulnerableCodeNotInExecutePath or TriageJustification.CodeNotReachable => "vulnerable_code_not_in_execute_path",
        TriageJustification.VulnerableCodeCannotBeControlledByAdversary => "vulnerable_code_cannot_be_controlled_by_adversary",
        TriageJustification.InlineMitigationsAlreadyExist or TriageJustification.ProtectedByCompiler or TriageJustification.ProtectedAtRuntime => "inline_mitigations_already_exist",
        _ => null,
    };
}
