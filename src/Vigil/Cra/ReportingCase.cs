using Vigil.Common;

namespace Vigil.Cra;

/// <summary>The three reports CRA Article 14(2) asks for an actively exploited vulnerability.</summary>
public enum ReportStage
{
    /// <summary>Early warning, within 24 hours of becoming aware.</summary>
    EarlyWarning,

    /// <summary>Vulnerability notification, within 72 hours of becoming aware.</summary>
    Notification,

    /// <summary>Final report, within 14 days after a corrective or mitigating measure is available.</summary>
    FinalReport,
}

/// <summary>What says a vulnerability is actively exploited.</summary>
public enum ExploitationEvidence
{
    /// <summary>CISA's Known Exploited Vulnerabilities catalog lists it.</summary>
    KnownExploitedCatalog,

    /// <summary>Someone marked it, naming a source (a customer report, a CERT notice).</summary>
    Marked,
}

public static class CraWords
{
    public static readonly EnumWords<ReportStage> Stages = new(
        (ReportStage.EarlyWarning, "early-warning"), (ReportStage.Notification, "notification"), (ReportStage.FinalReport, "final-report"));

    public static readonly EnumWords<ExploitationEvidence> Evidence = new(
        (ExploitationEvidence.KnownExploitedCatalog, "kev"), (ExploitationEvidence.Marked, "marked"));
}

/// <summary>
/// A CRA Article 14 reporting case: an actively exploited vulnerability in one of a product's releases, opened once
/// and kept (a fix that closes the finding does not end the duty to send the final report). The clock runs from
/// <see cref="AwareAt"/>; the final report's from <see cref="FixAvailableAt"/>.
/// </summary>
public sealed class ReportingCase
{
    public required string Id { get; init; }

    public required string ProductId { get; init; }

    public required string VulnerabilityId { get; init; }

    /// <summary>When the manufacturer became aware that it is exploited (see <see cref="CraClock"/> for the rule).</summary>
    public required DateTimeOffset AwareAt { get; init; }

    public required ExploitationEvidence Evidence { get; init; }

    /// <summary>The evidence in words: the KEV entry, or the source someone named.</summary>
    public required string EvidenceDetail { get; init; }

    public required DateTimeOffset OpenedAt { get; init; }

    /// <summary>When a fixed version was first seen for it in the product's scans; null while there is none.</summary>
    public DateTimeOffset? FixAvailableAt { get; set; }

    public List<ReportSubmission> Submissions { get; } = [];
}

/// <summary>A report sent to ENISA's single reporting platform (or the CSIRT), as recorded by the person who sent it.</summary>
public sealed class ReportSubmission
{
    public required string Id { get; init; }

    public required string CaseId { get; init; }

    public required ReportStage Stage { get; init; }

    public required DateTimeOffset SubmittedAt { get; init; }

    /// <summary>The platform's reference for the report.</summary>
    public required string Reference { get; init; }

    public required string RecordedBy { get; init; }

    public required DateTimeOffset RecordedAt { get; init; }
}

/// <summary>A vulnerability someone marked actively exploited in a product, with the source and when they learned it.</summary>
public sealed class ExploitationMark
{
    public required string Id { get; init; }

    public required string ProductId { get; init; }

    public required string VulnerabilityId { get; init; }

    public required string Source { get; init; }

    public required DateTimeOffset AwareAt { get; init; }

    public required string MarkedBy { get; init; }

    public required DateTimeOffset MarkedAt { get; init; }
}

/// <summary>Where cases, submissions and marks are kept; every change goes into the audit log with it.</summary>
public interface IReportingCaseStore
{
    Task<IReadOnlyList<ReportingCase>> CasesAsync(string productId, CancellationToken cancellation);

    Task AddCasesAsync(string productName, IReadOnlyList<ReportingCase> cases, CancellationToken cancellation);

    Task SetFixAvailableAsync(string caseId, DateTimeOffset at, CancellationToken cancellation);

    Task AddSubmissionAsync(string productName, string cve, ReportSubmission submission, CancellationToken cancellation);

    Task<IReadOnlyList<ExploitationMark>> MarksAsync(string productId, CancellationToken cancellation);

    Task AddMarkAsync(string productName, ExploitationMark mark, CancellationToken cancellation);
}
