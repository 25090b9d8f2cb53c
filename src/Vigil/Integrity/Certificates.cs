using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Vigil.Integrity;

/// <summary>What a certificate says about one of its keys at the time a signature was made.</summary>
public sealed record KeyStanding(
    PgpPublicKey Key,
    PgpPublicKey Primary,
    string UserId,
    string? Invalid,
    DateTimeOffset? Expires,
    DateTimeOffset? RevokedAt,
    string? RevocationReason)
{
    public string Fingerprint => OpenPgpKeys.Fingerprint(Primary);
}

/// <summary>
/// A certificate's keys are only as good as the self-signatures that bind them, checked cryptographically:
/// the primary key needs a valid self-signature (user id certification or direct-key signature); a subkey needs a
/// valid binding signature by the primary and, to sign, an embedded back-signature by itself (so nobody can
/// adopt another's key as their subkey); the latest binding made before the signature time gives flags and expiry.
/// Revocations count when made by the primary; "superseded" and "retired" from their date on, any other reason
/// (compromised, none given) always. Packets without such signatures speak for nobody, as in gpg and Sequoia.
/// </summary>
public static class Certificates
{
    private const int SubkeyBinding = 0x18;
    private const int PrimaryKeyBinding = 0x19;
    private const int DirectKey = 0x1F;
    private const int KeyRevocation = 0x20;
    private const int SubkeyRevocation = 0x28;

    /// <summary>The standing of <paramref name="key"/> (the primary or one of its subkeys) in <paramref name="ring"/> at <paramref name="at"/>.</summary>
    public static KeyStanding Evaluate(PgpPublicKeyRing ring, PgpPublicKey key, DateTimeOffset at)
    {
        var primary = ring.GetPublicKey();
        var (primaryBinding, userId) = LatestSelfSignature(primary, at);
        if (primaryBinding is null)
        {
            return Standing(key, primary, "", "the certificate has no valid self-signature (made with an accepted digest, before the signature)", null);
        }
        var expires = Expiry(primary, primaryBinding);
        var (revokedAt, reason) = Revocation(primary.GetSignaturesOfType(KeyRevocation), s => s.VerifyCertification(primary), primary, at);
        if (key.KeyId == primary.KeyId)
        {
            var invalid = (Flags(primaryBinding) & PgpKeyFlags.CanSign) == 0 ? "the primary key is not marked for signing" : null;
            return new KeyStanding(key, primary, userId, invalid, expires, revokedAt, reason);
        }
        var binding = Latest(key.GetSignaturesOfType(SubkeyBinding), at, s => Verifies(s, primary, () => s.VerifyCertification(primary, key)));
        if (binding is null)
        {
            return Standing(key, primary, userId, $"subkey {OpenPgpKeys.Fingerprint(key)} has no valid binding signature from the primary key: it speaks for nobody");
        }
        if ((Flags(binding) & PgpKeyFlags.CanSign) == 0)
        {
            return Standing(key, primary, userId, $"subkey {OpenPgpKeys.Fingerprint(key)} is not bound for signing");
        }
        if (!HasBackSignature(binding, primary, key))
        {
            return Standing(key, primary, userId, $"signing subkey {OpenPgpKeys.Fingerprint(key)} has no valid back-signature: its owner never agreed to be bound to this certificate");
        }
        var subkeyExpires = Expiry(key, binding);
        var (subkeyRevokedAt, subkeyReason) = Revocation(key.GetSignaturesOfType(SubkeyRevocation), s => s.VerifyCertification(primary, key), primary, at);
        return new KeyStanding(key, primary, userId, null, Earlier(expires, subkeyExpires), revokedAt ?? subkeyRevokedAt, reason ?? subkeyReason);
    }

    private static KeyStanding Standing(PgpPublicKey key, PgpPublicKey primary, string userId, string invalid, DateTimeOffset? expires = null) =>
        new(key, primary, userId, invalid, expires, null, null);

    /// <summary>The latest valid user id certification or direct-key signature the primary made on itself before <paramref name="at"/>.</summary>
    private static (PgpSignature? Binding, string UserId) LatestSelfSignature(PgpPublicKey primary, DateTimeOffset at)
    {
        PgpSignature? best = null;
        var bestUserId = "";
        foreach (var userId in primary.GetUserIds())
        {
            var certification = Latest(primary.GetSignaturesForId(userId).Where(s => s.SignatureType is >= 0x10 and <= 0x13), at,
                s => Verifies(s, primary, () => s.VerifyCertification(userId, primary)));
            if (certification is not null && (best is null || certification.CreationTime > best.CreationTime))
            {
                best = certification;
                bestUserId = userId;
            }
        }
        var direct = Latest(primary.GetSignaturesOfType(DirectKey), at, s => Verifies(s, primary, () => s.VerifyCertification(primary)));
        return direct is not null && (best is null || direct.CreationTime > best.CreationTime) ? (direct, bestUserId) : (best, bestUserId);
    }

    private static PgpSignature? Latest(IEnumerable<PgpSignature> signatures, DateTimeOffset at, Func<PgpSignature, bool> valid)
    {
        PgpSignature? latest = null;
        foreach (var signature in signatures)
        {
            if (Created(signature) <= at && (latest is null || signature.CreationTime > latest.CreationTime) && valid(signature))
            {
                latest = signature;
            }
        }
        return latest;
    }

    /// <summary>Made by <paramref name="signer"/> with an accepted digest, and cryptographically sound.</summary>
    private static bool Verifies(PgpSignature signature, PgpPublicKey signer, Func<bool> verify)
    {
        if (!SignaturePolicy.AcceptsHash(signature.HashAlgorithm) || (signature.KeyId != 0 && signature.KeyId != signer.KeyId))
        {
            return false;
        }
        try
        {
            signature.InitVerify(signer);
            return verify();
        }
        catch (PgpException)
        {
            return false;
        }
    }

    private static bool HasBackSignature(PgpSignature binding, PgpPublicKey primary, PgpPublicKey subkey)
    {
        foreach (var area in new[] { binding.GetHashedSubPackets(), binding.GetUnhashedSubPackets() })
        {
            PgpSignatureList embedded;
            try
            {
                embedded = area?.GetEmbeddedSignatures() ?? new PgpSignatureList([]);
            }
            catch (Exception e) when (e is PgpException or IOException)
            {
                continue;
            }
            for (var i = 0; i < embedded.Count; i++)
            {
                var back = embedded[i];
                if (back.SignatureType == PrimaryKeyBinding && Verifies(back, subkey, () => back.VerifyCertification(primary, subkey)))
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static (DateTimeOffset? At, string? Reason) Revocation(IEnumerable<PgpSignature> revocations, Func<PgpSignature, bool> verify, PgpPublicKey primary, DateTimeOffset at)
    {
        foreach (var revocation in revocations)
        {
            if (!Verifies(revocation, primary, () => verify(revocation)))
            {
                continue;
            }
            var reason = revocation.GetHashedSubPackets()?.GetRevocationReason();
            var code = (int)(reason?.GetRevocationReason() ?? 0);
            var soft = code is 1 or 3;
            if (!soft || Created(revocation) <= at)
            {
                var text = code switch { 1 => "superseded", 2 => "compromised", 3 => "retired", _ => "no reason given" };
                var description = reason?.GetRevocationDescription();
                return (Created(revocation), string.IsNullOrWhiteSpace(description) ? text : $"{text}: {description}");
            }
        }
        return (null, null);
    }

    private static int Flags(PgpSignature binding) => binding.GetHashedSubPackets()?.GetKeyFlags() ?? 0;

    private static DateTimeOffset? Expiry(PgpPublicKey key, PgpSignature binding)
    {
        var seconds = binding.GetHashedSubPackets()?.GetKeyExpirationTime() ?? 0;
        return seconds > 0 ? Created(key).AddSeconds(seconds) : null;
    }

    private static DateTimeOffset? Earlier(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    public static DateTimeOffset Created(PgpSignature signature) => new(DateTime.SpecifyKind(signature.CreationTime, DateTimeKind.Utc));

    public static DateTimeOffset Created(PgpPublicKey key) => new(DateTime.SpecifyKind(key.CreationTime, DateTimeKind.Utc));
}
