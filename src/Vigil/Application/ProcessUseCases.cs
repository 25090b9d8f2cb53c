using Vigil.History;
using Vigil.Products;
using Vigil.ProcessRecords;
using Vigil.Scanning;
using Vigil.Triage;

namespace Vigil.Application;

/// <summary>The IEC 62443-4-1 records: start, check, checklist, traceability, and the assessor's report.</summary>
public sealed class ProcessUseCases(ProductCatalog catalog, ScanHistory history, TriageService triage, VigilSettings settings, TimeProvider clock)
{
    /// <summary>Writes a starter records folder; the files written.</summary>
    public Task<IReadOnlyList<string>> InitAsync(string folder, CancellationToken cancellation) =>
        Task.FromResult(Starter.Write(folder, Today));

    /// <summary>Schema errors and the gaps an assessor would find, each with the requirement it endangers.</summary>
    public Task<IReadOnlyList<Gap>> CheckAsync(string folder, string displayName, CancellationToken cancellation) =>
        Task.FromResult(ProcessCheck.Run(RecordLoader.Load(folder, displayName), Today));

    public Task<ChecklistStarter.Started> StartChecklistAsync(string folder, string displayName, string release, string? previous, CancellationToken cancellation) =>
        Task.FromResult(ChecklistStarter.Write(RecordLoader.Load(folder, displayName), release, previous));

    public Task<IReadOnlyList<(string From, IReadOnlyList<string> To)>> MatrixAsync(string folder, string displayName, string fromKind, string toKind, CancellationToken cancellation) =>
        Task.FromResult(Traceability.Matrix(RecordLoader.Load(folder, displayName), fromKind, toKind));

    /// <summary>The release's report; with a product, the CVE status of its same-named release from the recorded scans (built-in risk policy).</summary>
    public async Task<ProcessReport> ReportAsync(string folder, string displayName, string release, string? product, CancellationToken cancellation)
    {
        var records = RecordLoader.Load(folder, displayName);
        var cves = new List<CveStatus>();
        if (product is not null)
        {
            var findings = await triage.FindingsAsync(await catalog.FindAsync(product, cancellation), RiskPolicy.Default, cancellation);
            foreach (var group in findings.Where(f => f.Release.Name == release).GroupBy(f => f.Kind))
            {
                var latest = (await history.ScansAsync(group.First().Release, group.Key, cancellation))[^1];
                cves.Add(new CveStatus(release, group.Key.Name(), latest.ScannedAt, group.Count(), group.Count(f => f.Risk == RiskCategory.High),
                    group.Count(f => f.Risk == RiskCategory.Medium), group.Count(f => f.Risk == RiskCategory.Low), group.Count(f => f.Standing == TriageStanding.Untriaged)));
            }
        }
        return new ProcessReport(records, release, ProcessCheck.Run(records, Today), cves, Today, settings.ToolVersion);
    }

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
