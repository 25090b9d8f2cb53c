using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Vigil.Common;

namespace Vigil.Integrity;

public enum SignatureStatus
{
    Good,
    Bad,
    NoPublicKey,
    ExpiredKey,
    RevokedKey,
    /// <summary>The key is in the keyring but its certificate does not vouch for it (unbound subkey, not for signing, no self-signature).</summary>
    InvalidKey,
    WeakDigest,
    WeakKey,
    FutureSignature,
    ExpiredSignature,
    /// <summary>A key certification or other non-document signature offered as a signature over data.</summary>
    NotADataSignature,
}

/// <summary>What checking a signature found, in the terms gpg's status lines use (GOODSIG, BADSIG, NO_PUBKEY, EXPKEYSIG, REVKEYSIG) plus the policy's refusals.</summary>
public sealed record SignatureCheck(SignatureStatus Status, string KeyId, string? Fingerprint, string? UserId, DateTimeOffset Made, string Message)
{
    public bool IsGood => Status == SignatureStatus.Good;
}

/// <summary>Detached, ASCII-armored OpenPGP signatures over files, made and checked in-process; data is read as a stream.</summary>
public static class OpenPgpSignatures
{
    /// <summary>A binary-document signature with SHA-512 and the issuer fingerprint, as gpg makes them.</summary>
    public static string Sign(Stream data, PgpSecretKey secretKey, PgpPrivateKey privateKey, DateTimeOffset now)
    {
        var generator = new PgpSignatureGenerator(secretKey.PublicKey.Algorithm, HashAlgorithmTag.Sha512);
        generator.InitSign(PgpSignature.BinaryDocument, privateKey);
        var hashed = new PgpSignatureSubpacketGenerator();
        hashed.SetSignatureCreationTime(false, now.UtcDateTime);
        hashed.SetIssuerFingerprint(false, secretKey.PublicKey);
        generator.SetHashedSubpackets(hashed.Generate());
        Feed(data, generator.Update);
        using var buffer = new MemoryStream();
        using (var armor = OpenPgpKeys.Armor(buffer))
        {
            generator.Generate().Encode(armor);
        }
        return System.Text.Encoding.ASCII.GetString(buffer.ToArray());
    }

    public static SignatureCheck Verify(Stream data, string signaturePath, PgpPublicKeyRingBundle keyring, DateTimeOffset now)
    {
        using var file = InputFiles.OpenRead(signaturePath);
        return Verify(data, file, signaturePath, keyring, now);
    }

    /// <summary>
    /// Checks the signatures read from <paramref name="signatureStream"/> over <paramref name="data"/> (read once, however
    /// many signatures there are); <paramref name="signatureName"/> names it in errors. Good when any signature is good
    /// under <see cref="SignaturePolicy"/> by a key its certificate vouches for at the signature's time; otherwise the
    /// first signature's reason.
    /// </summary>
    public static SignatureCheck Verify(Stream data, Stream signatureStream, string signatureName, PgpPublicKeyRingBundle keyring, DateTimeOffset now)
    {
        var candidates = ReadSignatures(signatureStream, signatureName).Select(s =>
        {
            var key = FindKey(s, keyring, out var ring);
            return new Candidate(s, key, ring, key is not null && StartVerifying(s, key));
        }).ToArray();
        var verifying = candidates.Where(c => c.Initialized).ToArray();
        Feed(data, (buffer, offset, count) =>
        {
            foreach (var candidate in verifying)
            {
                candidate.Signature.Update(buffer, offset, count);
            }
        });
        var checks = candidates.Select(c => Judge(c, now)).ToArray();
        return checks.FirstOrDefault(c => c.IsGood) ?? checks[0];
    }

    /// <summary>Checks a clearsigned message (gpg --clearsign, Debian's InRelease): its text is what was signed.</summary>
    public static SignatureCheck Verify(ClearSignedMessage message, string name, PgpPublicKeyRingBundle keyring, DateTimeOffset now)
    {
        using var data = new MemoryStream(message.SignedBytes, writable: false);
        using var signature = new MemoryStream(System.Text.Encoding.ASCII.GetBytes(message.ArmoredSignature), writable: false);
        return Verify(data, signature, name, keyring, now);
    }

    /// <summary>A signature, the key it names (if the keyring has it), and whether that key could start checking it.</summary>
    private sealed record Candidate(PgpSignature Signature, PgpPublicKey? Key, PgpPublicKeyRing? Ring, bool Initialized);

    private static bool StartVerifying(PgpSignature signature, PgpPublicKey key)
    {
        try
        {
            signature.InitVerify(key);
            return true;
        }
        catch (PgpException)
        {
            return false;
        }
    }

    /// <summary>The key named by the issuer key id, or by the issuer fingerprint when a signature carries only that.</summary>
    private static PgpPublicKey? FindKey(PgpSignature signature, PgpPublicKeyRingBundle keyring, out PgpPublicKeyRing? ring)
    {
        var keyId = signature.KeyId;
        if (keyId == 0 && signature.GetHashedSubPackets()?.GetIssuerFingerprint() is { } issuer && issuer.GetFingerprint() is { Length: 20 } fingerprint)
        {
            keyId = System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(fingerprint.AsSpan(12));
        }
        ring = keyId == 0 ? null : keyring.GetPublicKeyRing(keyId);
        return ring?.GetPublicKey(keyId);
    }

    private static SignatureCheck Judge(Candidate candidate, DateTimeOffset now)
    {
        var signature = candidate.Signature;
        var keyId = signature.KeyId.ToString("X16");
        var made = Certificates.Created(signature);
        if (candidate.Key is not { } key || candidate.Ring is not { } ring)
        {
            return new SignatureCheck(SignatureStatus.NoPublicKey, keyId, null, null, made, $"no public key {keyId} in the keyring: the signer is unknown");
        }
        var standing = Certificates.Evaluate(ring, key, made);
        var fingerprint = standing.Fingerprint;
        var who = $"{standing.UserId} ({fingerprint})";
        SignatureCheck Refused(SignatureStatus status, string message) => new(status, keyId, fingerprint, standing.UserId, made, message);

        if (signature.SignatureType is not (PgpSignature.BinaryDocument or PgpSignature.CanonicalTextDocument))
        {
            return Refused(SignatureStatus.NotADataSignature, $"signature of type 0x{signature.SignatureType:x2} by {who} is not a signature over a document");
        }
        if (Certificates.Created(key) > made)
        {
            return Refused(SignatureStatus.InvalidKey, $"signature dated {made:yyyy-MM-dd HH:mm} UTC is older than key {OpenPgpKeys.Fingerprint(key)}, created {Certificates.Created(key):yyyy-MM-dd HH:mm} UTC");
        }
        if (standing.Invalid is { } invalid)
        {
            return Refused(SignatureStatus.InvalidKey, $"signature by key {OpenPgpKeys.Fingerprint(key)} not accepted: {invalid}");
        }
        if (!candidate.Initialized || !VerifiesCryptographically(signature))
        {
            return Refused(SignatureStatus.Bad, $"BAD signature by {who}: the data is not what was signed");
        }
        if (!SignaturePolicy.AcceptsHash(signature.HashAlgorithm))
        {
            return Refused(SignatureStatus.WeakDigest, $"signature by {who} uses {SignaturePolicy.HashName(signature.HashAlgorithm)}, which the policy refuses: such signatures can be forged");
        }
        foreach (var signer in key.KeyId == standing.Primary.KeyId ? [key] : new[] { key, standing.Primary })
        {
            if (SignaturePolicy.KeyWeakness(signer.Algorithm, signer.BitStrength) is { } weakness)
            {
                return Refused(SignatureStatus.WeakKey, $"signature by {who} not accepted: {weakness}");
            }
        }
        if (made > now + SignaturePolicy.ClockSkew)
        {
            return Refused(SignatureStatus.FutureSignature, $"signature by {who} is dated {made:yyyy-MM-dd HH:mm} UTC, in the future: the signer's clock or the signature is wrong");
        }
        var signatureExpiry = signature.GetHashedSubPackets()?.GetSignatureExpirationTime() ?? 0;
        if (signatureExpiry > 0 && made.AddSeconds(signatureExpiry) <= now)
        {
            return Refused(SignatureStatus.ExpiredSignature, $"signature by {who} expired {made.AddSeconds(signatureExpiry):yyyy-MM-dd HH:mm} UTC");
        }
        if (standing.RevokedAt is not null)
        {
            return Refused(SignatureStatus.RevokedKey, $"signature by REVOKED key {fingerprint} ({standing.UserId}): {standing.RevocationReason}");
        }
        if (standing.Expires is { } expiry && expiry <= now)
        {
            var when = expiry <= made ? "before the signature was made" : "since";
            return Refused(SignatureStatus.ExpiredKey, $"signature by EXPIRED key {fingerprint} ({standing.UserId}), expired {expiry:yyyy-MM-dd HH:mm} UTC ({when})");
        }
        return new SignatureCheck(SignatureStatus.Good, keyId, fingerprint, standing.UserId, made, $"good signature by {who}, made {made:yyyy-MM-dd HH:mm} UTC");
    }

    /// <summary>A signature whose numbers are malformed is as bad as one that does not match.</summary>
    private static bool VerifiesCryptographically(PgpSignature signature)
    {
        try
        {
            return signature.Verify();
        }
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
        {
            return false;
        }
    }

    private static List<PgpSignature> ReadSignatures(Stream input, string path)
    {
        try
        {
            using var decoded = PgpUtilities.GetDecoderStream(input);
            var factory = new PgpObjectFactory(decoded);
            var next = factory.NextPgpObject();
            if (next is PgpCompressedData compressed)
            {
                next = new PgpObjectFactory(compressed.GetDataStream()).NextPgpObject();
            }
            if (next is not PgpSignatureList { Count: > 0 } list)
            {
                throw new VigilException($"{path}: expected a detached OpenPGP signature, found {Describe(next)}");
            }
            var signatures = new List<PgpSignature>();
            for (var i = 0; i < list.Count && i < MaxSignatures; i++)
            {
                signatures.Add(list[i]);
            }
            return signatures;
        }
        catch (Exception e) when (e is not (VigilException or OutOfMemoryException or OperationCanceledException))
        {
            // Parsing outside input: whatever the parser trips over (it throws many kinds) means the same to the user.
            throw new VigilException($"{path}: cannot read the OpenPGP signature: the data is not a valid signature packet", e);
        }
    }

    // A signature file with more would be an attempt to make verification slow, not a real release.
    private const int MaxSignatures = 16;

    private static string Describe(PgpObject? found) => found switch
    {
        null => "nothing",
        PgpPublicKeyRing => "a public key",
        PgpSecretKeyRing => "a secret key",
        PgpLiteralData => "signed or plain data, not a detached signature",
        PgpOnePassSignatureList => "a signed message, not a detached signature",
        PgpEncryptedDataList => "an encrypted message",
        _ => "another kind of OpenPGP data",
    };

    private static void Feed(Stream data, Action<byte[], int, int> update)
    {
        var buffer = new byte[1 << 20];
        int n;
        while ((n = data.Read(buffer)) > 0)
        {
            update(buffer, 0, n);
        }
    }
}
