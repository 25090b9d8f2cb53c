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
}

/// <summary>What checking a signature found, in the terms gpg's status lines use (GOODSIG, BADSIG, NO_PUBKEY, EXPKEYSIG, REVKEYSIG).</summary>
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
        try
        {
            using var file = File.OpenRead(signaturePath);
            return Verify(data, file, signaturePath, keyring, now);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VigilException($"cannot read {signaturePath}: {e.Message}", e);
        }
    }

    /// <summary>Checks a signature read from <paramref name="signatureStream"/>; <paramref name="signatureName"/> names it in errors.</summary>
    public static SignatureCheck Verify(Stream data, Stream signatureStream, string signatureName, PgpPublicKeyRingBundle keyring, DateTimeOffset now)
    {
        var signature = ReadSignature(signatureStream, signatureName);
        var keyId = signature.KeyId.ToString("X16");
        var made = new DateTimeOffset(DateTime.SpecifyKind(signature.CreationTime, DateTimeKind.Utc));
        var key = keyring.GetPublicKey(signature.KeyId);
        if (key is null)
        {
            return new SignatureCheck(SignatureStatus.NoPublicKey, keyId, null, null, made, $"no public key {keyId} in the keyring: the signer is unknown");
        }
        var info = OpenPgpKeys.Describe(MasterKey(keyring, key));
        signature.InitVerify(key);
        Feed(data, signature.Update);
        if (!signature.Verify())
        {
            return new SignatureCheck(SignatureStatus.Bad, keyId, info.Fingerprint, info.UserId, made, $"BAD signature by {info.UserId} ({info.Fingerprint}): the data is not what was signed");
        }
        if (info.Revoked || key.HasRevocation())
        {
            return new SignatureCheck(SignatureStatus.RevokedKey, keyId, info.Fingerprint, info.UserId, made, $"signature by REVOKED key {info.Fingerprint} ({info.UserId})");
        }
        if (info.Expires is { } expiry && expiry <= now)
        {
            return new SignatureCheck(SignatureStatus.ExpiredKey, keyId, info.Fingerprint, info.UserId, made, $"signature by EXPIRED key {info.Fingerprint} ({info.UserId}), expired {expiry:yyyy-MM-dd HH:mm} UTC");
        }
        return new SignatureCheck(SignatureStatus.Good, keyId, info.Fingerprint, info.UserId, made, $"good signature by {info.UserId} ({info.Fingerprint}), made {made:yyyy-MM-dd HH:mm} UTC");
    }

    private static PgpPublicKey MasterKey(PgpPublicKeyRingBundle keyring, PgpPublicKey key) =>
        key.IsMasterKey ? key : keyring.GetPublicKeyRing(key.KeyId)?.GetPublicKey() ?? key;

    private static PgpSignature ReadSignature(Stream input, string path)
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
            return next is PgpSignatureList { Count: > 0 } list
                ? list[0]
                : throw new VigilException($"{path}: expected a detached OpenPGP signature, found {next?.GetType().Name ?? "nothing"}");
        }
        catch (Exception e) when (e is PgpException or IOException or ArgumentException)
        {
            throw new VigilException($"{path}: cannot read the OpenPGP signature ({e.Message.Split('\n')[0]})", e);
        }
    }

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
