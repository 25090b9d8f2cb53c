namespace Vigil.Common;

/// <summary>What sort of failure an error is; front ends map it (the server to an HTTP status, the CLI to exit code 1).</summary>
public enum ErrorKind
{
    /// <summary>The input is not what was expected: a file, a record, a value, a setting.</summary>
    InvalidInput,

    /// <summary>Something named does not exist: a product, a release, a database, a file.</summary>
    NotFound,

    /// <summary>The request contradicts what is stored or itself.</summary>
    Conflict,

    /// <summary>A server, a network or a lock holder did not answer in time; trying again may work.</summary>
    Unavailable,

    /// <summary>Data the work needs has not been brought in yet (a feed not imported).</summary>
    MissingData,

    /// <summary>Stored or given data is damaged or fails its check (a signature, a checksum, a cached feed).</summary>
    IntegrityFailure,
}

/// <summary>
/// A failure the user can act on: bad input, missing data, an unreachable server. The message is one sentence that
/// names the file, line or record and what was expected, and never a front end's option or command: the front end
/// adds its own hint by <see cref="Code"/>, which is stable (see <see cref="ErrorCodes"/>).
/// </summary>
public class VigilException : Exception
{
    public VigilException(string message)
        : this(ErrorKind.InvalidInput, ErrorCodes.InvalidInput, message)
    {
    }

    public VigilException(string message, Exception innerException)
        : this(ErrorKind.InvalidInput, ErrorCodes.InvalidInput, message, innerException)
    {
    }

    public VigilException(ErrorKind kind, string code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        Code = code;
    }

    public VigilException()
        : this("an unknown error")
    {
    }

    public ErrorKind Kind { get; }

    public string Code { get; }
}

/// <summary>The stable codes of errors front ends treat specially (a hint, an HTTP status); any other is <see cref="InvalidInput"/>.</summary>
public static class ErrorCodes
{
    public const string InvalidInput = "input.invalid";
    public const string DataDirectoryUnknown = "data-directory.unknown";
    public const string FeedUrlInvalid = "feed.url-invalid";
    public const string FeedUnreachable = "feed.unreachable";
    public const string DebianFeedMissing = "feed.debian-missing";
    public const string KernelFeedMissing = "feed.kernel-missing";
    public const string CipKernelSecMissing = "feed.cip-kernel-sec-missing";
    public const string FeedOutdatedFormat = "feed.outdated-format";
    public const string FeedDamaged = "feed.damaged";
    public const string DatabaseMissing = "database.missing";
    public const string DatabaseUnavailable = "database.unavailable";
    public const string DatabaseNotBuiltIn = "database.not-built-in";
    public const string ProductUnknown = "product.unknown";
    public const string ProductWithoutRelease = "product.no-release";
    public const string ReleaseUnknown = "product.release-unknown";
    public const string ReleaseExists = "product.release-exists";
    public const string DebianReleaseUnknown = "scan.debian-release-unknown";
    public const string DebianReleaseUndetermined = "scan.debian-release-undetermined";
    public const string TargetNotDebian = "scan.not-debian";
    public const string IsarImageAmbiguous = "scan.isar-image-ambiguous";
    public const string BuildDirectoryEmpty = "kernel.build-directory-empty";
    public const string ArchitectureUnknown = "kernel.architecture-unknown";
    public const string BranchPointUnknown = "kernel.branch-point-unknown";
    public const string DecisionIncomplete = "triage.decision-incomplete";
    public const string DecisionWithoutAuthor = "triage.no-author";
    public const string DecisionsConflict = "triage.conflict";
    public const string NoRecipients = "notify.no-recipients";
    public const string NotRecordsFolder = "process.not-a-records-folder";
    public const string KeyboxUnsupported = "integrity.keybox";
    public const string FeedUrlAmbiguous = "feed.url-ambiguous";
    public const string DebianFeedOffline = "feed.debian-offline";
    public const string KernelFeedOffline = "feed.kernel-offline";
    public const string ReleaseWithoutPackages = "product.release-without-packages";
    public const string ReleaseWithoutKernel = "product.release-without-kernel";
    public const string KernelAbiName = "kernel.abi-name";
    public const string SbomWithoutKernel = "kernel.sbom-without-kernel";
    public const string SbomKernelsAmbiguous = "kernel.sbom-kernels-ambiguous";
    public const string CaseUnknown = "cra.case-unknown";
    public const string NothingToAdvise = "advisory.nothing-to-advise";
    public const string PublisherMissing = "advisory.publisher-missing";
    public const string AdvisoryPublished = "advisory.published";
    public const string ReportAlreadySubmitted = "cra.report-already-submitted";
    public const string ReportOutOfOrder = "cra.report-out-of-order";
    public const string KernelCveUnknown = "kernel.cve-unknown";
    public const string ScanUnknown = "history.scan-unknown";
    public const string ScanMissing = "history.no-scan";
    public const string NothingToCompare = "history.nothing-to-compare";
    public const string NothingToExport = "triage.nothing-to-export";
    public const string SignedDataUnknown = "integrity.signed-data-unknown";
    public const string KeyringMissing = "integrity.keyring-missing";
    public const string SignatureRedundant = "integrity.signature-redundant";
    public const string SignatureMissing = "integrity.signature-missing";
    public const string UserExists = "identity.user-exists";
    public const string UserUnknown = "identity.user-unknown";
    public const string TokenUnknown = "identity.token-unknown";
    public const string ProcessRecordsUnset = "process.records-unset";
    public const string EvidenceUnknown = "process.evidence-unknown";
    public const string SchedulerOff = "schedule.off";
    public const string IdentityProviderUnreachable = "auth.oidc-unreachable";
    public const string ProcessRuleBroken = "process.rule-broken";
    public const string ProcessSubjectUnknown = "process.subject-unknown";
}
