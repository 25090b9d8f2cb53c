using Vigil.Common;

namespace Vigil.Integrity;

/// <summary>
/// A release manifest (SHA256SUMS or SHA512SUMS, clearsigned or with a detached signature) checked by the team server
/// against the keys releases must come from, and kept as the release's evidence (SM-8, SUM-4): which manifest, how
/// many files, whose signature, and what the check found, even when it found the signature wanting.
/// </summary>
public sealed class ManifestCheck
{
    public required string Id { get; init; }

    public required string ReleaseId { get; init; }

    /// <summary>SHA-256 of the manifest's text as signed (the part between the armour of a clearsigned one).</summary>
    public required string ManifestSha256 { get; init; }

    public required ManifestAlgorithm Algorithm { get; init; }

    public required int Files { get; init; }

    /// <summary>What the signature check found; null for a manifest that came without any signature.</summary>
    public SignatureStatus? Signature { get; init; }

    public string? SignerFingerprint { get; init; }

    public string? SignerUserId { get; init; }

    /// <summary>The check's one-line finding.</summary>
    public required string Message { get; init; }

    public required DateTimeOffset CheckedAt { get; init; }

    /// <summary>A manifest counts as evidence only with a good signature.</summary>
    public bool Holds => Signature == SignatureStatus.Good;
}

public static class ManifestCheckWords
{
    public static readonly EnumWords<SignatureStatus> Statuses = new(
        (SignatureStatus.Good, "good"), (SignatureStatus.Bad, "bad"), (SignatureStatus.NoPublicKey, "no-public-key"), (SignatureStatus.ExpiredKey, "expired-key"),
        (SignatureStatus.RevokedKey, "revoked-key"), (SignatureStatus.InvalidKey, "invalid-key"), (SignatureStatus.WeakDigest, "weak-digest"),
        (SignatureStatus.WeakKey, "weak-key"), (SignatureStatus.FutureSignature, "future-signature"), (SignatureStatus.ExpiredSignature, "expired-signature"),
        (SignatureStatus.NotADataSignature, "not-a-data-signature"));

    public static readonly EnumWords<ManifestAlgorithm> Algorithms = new((ManifestAlgorithm.Sha256, "sha256"), (ManifestAlgorithm.Sha512, "sha512"));
}

/// <summary>Where manifest checks are kept (Storage/ implements it on the team database, each one audited).</summary>
public interface IManifestCheckStore
{
    Task AddManifestCheckAsync(ManifestCheck check, string releaseName, CancellationToken cancellation);

    /// <summary>The release's checks, oldest first.</summary>
    Task<IReadOnlyList<ManifestCheck>> ManifestChecksAsync(string releaseId, CancellationToken cancellation);
}
