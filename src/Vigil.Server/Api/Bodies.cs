using System.Text.Json.Serialization;

namespace Vigil.Server.Api;

/// <summary>A release to add; inventory paths are on the server's file system (uploads come with scans).</summary>
public sealed record AddReleaseBody(
    string Release,
    string? Description = null,
    string? DpkgStatus = null,
    string? Rootfs = null,
    string? IsarDeploy = null,
    string? Sbom = null,
    string? DebianRelease = null,
    string? KernelVersion = null,
    string? KernelPackageVersion = null);

/// <summary>A triage decision; the author is the authenticated user, never a field.</summary>
public sealed record DecisionBody(
    string Cve,
    string Component,
    string State,
    string? Justification = null,
    string? Response = null,
    string Detail = "",
    string? Threat = null,
    DateTimeOffset? Expires = null);

public sealed record AddUserBody(string Name, IReadOnlyList<string> Roles, string? Expires = null);

public sealed record IssueTokenBody(string Label, string? Expires = null);

/// <summary>A secret shown once: a new user's first token, or a new token.</summary>
public sealed record IssuedTokenView(string User, string Prefix, string Token, DateTimeOffset? ExpiresAt);

public sealed record UserView(string Name, IReadOnlyList<string> Roles, bool Disabled);

public sealed record RecordedScanView(string Scan, string Product, string Release, string Kind, int Findings, int Open);

public sealed record AuditVerificationView(long Entries, string Head, bool Holds, long? BrokenAt, string? Problem);

public sealed record FeedUpdateView(string Feed, string Source, string Outcome, DateTimeOffset DataAsOf);

/// <param name="Schedule">The Quartz cron expression (UTC), or null when the job runs only on request.</param>
public sealed record ScheduledJobView(string Job, string? Schedule, DateTimeOffset? NextRunAt, DateTimeOffset? PreviousRunAt);

public sealed record JobRunView(string Job, string Period, string State, int Attempts, string Node, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string? Message);

/// <param name="Scheduling">Whether this server runs a scheduler.</param>
public sealed record SchedulesView(bool Scheduling, IReadOnlyList<ScheduledJobView> Jobs, IReadOnlyList<JobRunView> Runs);

/// <summary>A local login. JSON only: a cross-site HTML form cannot send it.</summary>
public sealed record LoginBody(string Name, string Password);

/// <summary>Who the session is; <see cref="CsrfToken"/> goes in the X-CSRF-Token header of every change a session makes (null for API tokens, which need none).</summary>
public sealed record SessionView(string User, IReadOnlyList<string> Roles, string? CsrfToken);

/// <summary>An approval of a security requirement in one of the signer's roles of people.yml (architect, developer, tester, customer-advocate, security-adviser).</summary>
public sealed record ApprovalBody(string Role);

/// <summary>A code review's result (approved, changes-requested, rejected) of a change by its author; the reviewer is the caller.</summary>
public sealed record CodeReviewBody(string Change, string Author, string Result);

/// <summary>A test's result (pass, fail, not-run); the tester is the caller; <see cref="Developer"/> overrides the records' developer of what was tested.</summary>
public sealed record TestRunBody(string Result, string? Developer = null);

public sealed record SignOffView(string Id, string Kind, string Subject, string Person, string? Role, string? Result, string? Counterpart, DateTimeOffset At)
{
    public static SignOffView Of(Vigil.ProcessRecords.Attestation a) =>
        new(a.Id, Vigil.ProcessRecords.AttestationWords.Kinds[a.Kind], a.Subject, a.Person, a.Role, a.Result, a.Counterpart, a.At);
}

/// <summary>A release manifest (SHA256SUMS or SHA512SUMS text, clearsigned or not) and, when not clearsigned, its detached ASCII-armoured signature.</summary>
public sealed record ManifestBody(string Manifest, string? Signature = null);

/// <param name="Signature">What the signature check found (good, bad, no-public-key, expired-key, ...), or null for an unsigned manifest.</param>
/// <param name="Holds">Whether the manifest counts as evidence: a good signature by a release key.</param>
public sealed record ManifestCheckView(string Id, string ManifestSha256, string Algorithm, int Files, string? Signature, string? Signer, string? SignerUserId,
    string Message, bool Holds, DateTimeOffset CheckedAt)
{
    public static ManifestCheckView Of(Vigil.Integrity.ManifestCheck c) => new(c.Id, c.ManifestSha256, Vigil.Integrity.ManifestCheckWords.Algorithms[c.Algorithm], c.Files,
        c.Signature is { } s ? Vigil.Integrity.ManifestCheckWords.Statuses[s] : null, c.SignerFingerprint, c.SignerUserId, c.Message, c.Holds, c.CheckedAt);
}

/// <summary>The server's own bodies (the domain's documents are the application layer's contracts).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(AddReleaseBody))]
[JsonSerializable(typeof(DecisionBody))]
[JsonSerializable(typeof(AddUserBody))]
[JsonSerializable(typeof(IssueTokenBody))]
[JsonSerializable(typeof(IssuedTokenView))]
[JsonSerializable(typeof(IReadOnlyList<UserView>))]
[JsonSerializable(typeof(UserView))]
[JsonSerializable(typeof(RecordedScanView))]
[JsonSerializable(typeof(AuditVerificationView))]
[JsonSerializable(typeof(IReadOnlyList<FeedUpdateView>))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(SchedulesView))]
[JsonSerializable(typeof(LoginBody))]
[JsonSerializable(typeof(ManifestBody))]
[JsonSerializable(typeof(ManifestCheckView))]
[JsonSerializable(typeof(IReadOnlyList<ManifestCheckView>))]
[JsonSerializable(typeof(ApprovalBody))]
[JsonSerializable(typeof(CodeReviewBody))]
[JsonSerializable(typeof(TestRunBody))]
[JsonSerializable(typeof(SignOffView))]
[JsonSerializable(typeof(IReadOnlyList<SignOffView>))]
[JsonSerializable(typeof(SessionView))]
[JsonSerializable(typeof(ScheduledJobView))]
internal sealed partial class ServerJson : JsonSerializerContext;
