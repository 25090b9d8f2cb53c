using Vigil.Common;
using Vigil.History;
using Vigil.Products;
using Vigil.ProcessRecords;
using Vigil.Scanning;
using Vigil.Triage;

namespace Vigil.Application;

/// <summary>A sign-off to make as the authenticated <see cref="Person"/>: what, in which role or with which result, and whose work it judges.</summary>
public sealed record SignOffRequest(AttestationKind Kind, string Subject, string Person, string? Role = null, string? Result = null, string? Counterpart = null);

/// <summary>The IEC 62443-4-1 records: start, check, checklist, traceability, and the assessor's report.</summary>
public sealed class ProcessUseCases(ProductCatalog catalog, ScanHistory history, TriageService triage, IAttestationStore signOffs, VigilSettings settings, TimeProvider clock)
{
    /// <summary>Writes a starter records folder; the files written.</summary>
    public Task<IReadOnlyList<string>> InitAsync(string folder, CancellationToken cancellation) =>
        Task.FromResult(Starter.Write(folder, Today));

    /// <summary>
    /// Schema errors and the gaps an assessor would find, each with the requirement it endangers; with
    /// <paramref name="withSignOffs"/>, the sign-offs made through the server count too.
    /// </summary>
    public async Task<IReadOnlyList<Gap>> CheckAsync(string folder, string displayName, CancellationToken cancellation, bool withSignOffs = false) =>
        ProcessCheck.Run(await LoadAsync(folder, displayName, withSignOffs, cancellation), Today);

    /// <summary>The overview of one release (the last checklist's when null), sign-offs made through the server included.</summary>
    public async Task<ProcessOverview> OverviewAsync(string folder, string displayName, string? release, CancellationToken cancellation)
    {
        var records = await LoadAsync(folder, displayName, withSignOffs: true, cancellation);
        return ProcessOverview.Of(records, release, ProcessCheck.Run(records, Today), Today);
    }

    /// <summary>
    /// The full path of a file some checklist names as evidence, so it can be handed out; any other name, even of a
    /// file in the folder, is unknown: only what was signed off as evidence is shown.
    /// </summary>
    public Task<string> EvidenceFileAsync(string folder, string displayName, string file, CancellationToken cancellation)
    {
        var records = RecordLoader.Load(folder, displayName);
        if (!records.Checklists.Any(c => c.Items.Any(i => i.Evidence.Any(e => e.File == file))))
        {
            throw new VigilException(ErrorKind.NotFound, ErrorCodes.EvidenceUnknown, $"no checklist names '{file}' as evidence");
        }
        var path = OutputFiles.Inside(folder, file);
        return InputFiles.KindOf(path) == "regular file"
            ? Task.FromResult(path)
            : throw new VigilException(ErrorKind.NotFound, ErrorCodes.EvidenceUnknown, $"evidence '{file}' is not a regular file in the records folder");
    }

    /// <summary>Records a sign-off after checking it against the records and the rules (SR-5, SI-2, SVV-5); refused whole otherwise.</summary>
    public async Task<Attestation> SignOffAsync(string folder, string displayName, SignOffRequest request, CancellationToken cancellation)
    {
        var signOff = new Attestation
        {
            Id = Common.Ids.New(), Kind = request.Kind, Subject = request.Subject, Person = request.Person, Role = request.Role, Result = request.Result,
            Counterpart = request.Counterpart, At = clock.GetUtcNow(),
        };
        var existing = await signOffs.AttestationsAsync(cancellation);
        Attestations.Validate(Attestations.Apply(RecordLoader.Load(folder, displayName), existing), signOff);
        await signOffs.AddAttestationAsync(signOff, cancellation);
        return signOff;
    }

    public Task<IReadOnlyList<Attestation>> SignOffsAsync(CancellationToken cancellation) => signOffs.AttestationsAsync(cancellation);

    private async Task<RecordSet> LoadAsync(string folder, string displayName, bool withSignOffs, CancellationToken cancellation)
    {
        var records = RecordLoader.Load(folder, displayName);
        return withSignOffs ? Attestations.Apply(records, await signOffs.AttestationsAsync(cancellation)) : records;
    }

    public Task<ChecklistStarter.Started> StartChecklistAsync(string folder, string displayName, string release, string? previous, CancellationToken cancellation) =>
        Task.FromResult(ChecklistStarter.Write(RecordLoader.Load(folder, displayName), release, previous));

    public Task<IReadOnlyList<(string From, IReadOnlyList<string> To)>> MatrixAsync(string folder, string displayName, string fromKind, string toKind, CancellationToken cancellation) =>
        Task.FromResult(Traceability.Matrix(RecordLoader.Load(folder, displayName), fromKind, toKind));

    /// <summary>The release's report; with a product, the CVE status of its same-named release from the recorded scans (built-in risk policy).</summary>
    public async Task<ProcessReport> ReportAsync(string folder, string displayName, string release, string? product, CancellationToken cancellation, bool withSignOffs = false)
    {
        var records = await LoadAsync(folder, displayName, withSignOffs, cancellation);
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
