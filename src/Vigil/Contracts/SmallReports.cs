namespace Vigil.Contracts;

/// <summary><c>kernel fixed-in --format json</c> (docs/schemas/kernel-fixed-in.schema.json): the CVEs a kernel release fixes.</summary>
public sealed record KernelFixedInReport(string Release, IReadOnlyList<KernelFixedInReport.FixedCve> Fixed)
{
    public sealed record FixedCve(string Cve, string Title);
}

/// <summary><c>process check --format json</c> (docs/schemas/process-check.schema.json): the gaps an assessor would find, each with the requirement it endangers.</summary>
public sealed record ProcessCheckReport(IReadOnlyList<ProcessCheckReport.GapEntry> Gaps)
{
    public sealed record GapEntry(string Requirement, string File, int Line, string Problem);
}

/// <summary>
/// <c>release verify --format json</c> (docs/schemas/release-verify.schema.json): whether a release holds, file by file.
/// <c>special</c> (added in issue 9) lists what is not a regular file: a symbolic link, a FIFO, never followed or read.
/// </summary>
public sealed record ReleaseVerifyReport(bool Holds, string? Signature, int Checked, IReadOnlyList<string> Missing, IReadOnlyList<string> Extra,
    IReadOnlyList<string> Changed, IReadOnlyList<string> Special, string? Git);
