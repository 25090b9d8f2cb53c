using Vigil.Common;
using Vigil.Products;
using Vigil.Triage;

namespace Vigil.Application;

public enum VexFormat
{
    OpenVex,
    CycloneDx,
}

/// <summary>A VEX document to import: a file, or content already read (from a pipe or an upload) with the name to call it.</summary>
public sealed record VexImportRequest(string Product, string Name, string? Path = null, byte[]? Content = null);

public sealed record VexImportOutcome(Product Product, IReadOnlyList<TriageDecision> Stored, IReadOnlyList<(TriageService.Decision Decision, string Reason)> Unmatched);

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
public sealed class TriageUseCases(ProductCatalog catalog, TriageService triage, VigilSettings settings, TimeProvider clock)
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
        return [.. (await triage.FindingsAsync(found, PolicyOf(policyPath), cancellation))
            .OrderByDescending(f => f.Risk).ThenBy(f => f.Finding.Component, StringComparer.Ordinal).ThenBy(f => f.Finding.VulnerabilityId, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<TriageGap>> CheckAsync(string product, string? policyPath, CancellationToken cancellation) =>
        await triage.CheckAsync(await catalog.FindAsync(product, cancellation), PolicyOf(policyPath), cancellation);

    public async Task<IReadOnlyList<TriageDecision>> HistoryAsync(string product, string? vulnerabilityId, CancellationToken cancellation) =>
        await triage.HistoryAsync(await catalog.FindAsync(product, cancellation), vulnerabilityId, cancellation);

    /// <summary>Records every statement of a VEX document, or none if any is malformed; says which meet no open finding.</summary>
    public async Task<VexImportOutcome> ImportVexAsync(VexImportRequest request, CancellationToken cancellation)
    {
        var decisions = request.Content is { } content
            ? VexDocument.Parse(System.Text.Encoding.UTF8.GetString(content), request.Name)
            : VexDocument.Read(request.Path ?? request.Name);
        var found = await catalog.FindAsync(request.Product, cancellation);
        var unmatched = await triage.UnmatchedAsync(found, decisions, cancellation);
        var stored = await triage.DecideAsync(found, decisions, cancellation);
        return new VexImportOutcome(found, stored, unmatched);
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
        if (path is null)
        {
            var fallback = Path.Combine(settings.DataDirectory.Path, "policy.yml");
            return File.Exists(fallback) ? RiskPolicy.Load(fallback) : RiskPolicy.Default;
        }
        return RiskPolicy.Load(path);
    }
}
