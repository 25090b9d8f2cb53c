using System.Text;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Vigil.Common;

namespace Vigil.Integrity;

/// <summary>A signing key as Vigil keeps it: passphrase-protected (S2K, AES-256), armored, in a file only its owner can read.</summary>
public sealed record SigningKeyInfo(string Fingerprint, string UserId, string Algorithm, int Bits, DateTimeOffset Created, DateTimeOffset? Expires, bool Revoked);

/// <summary>
/// OpenPGP keys with BouncyCastle, made the way gpg 2.2 reads them: v4 Ed25519 "legacy EdDSA" (algorithm 22),
/// SHA-256 self-signatures, UTF-8 passphrases. Secret key files are written 0600 and refused when others could read them.
/// </summary>
public static class OpenPgpKeys
{
    public static (string SecretPath, string PublicPath, SigningKeyInfo Info) Generate(string name, string email, TimeSpan? validity, ReadOnlySpan<char> passphrase, string directory, DateTimeOffset now)
    {
        if (passphrase.Length < 8)
        {
            throw new VigilException("the passphrase must have at least 8 characters: a signing key is only as safe as it");
        }
        if (name.Length == 0 || name.Contains('<', StringComparison.Ordinal) || !email.Contains('@', StringComparison.Ordinal) || email.Contains('>', StringComparison.Ordinal))
        {
            throw new VigilException("a key needs a name and an e-mail address (user id 'Name <email>')");
        }
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        var keyPair = new PgpKeyPair(PublicKeyAlgorithmTag.EdDsa_Legacy, generator.GenerateKeyPair(), now.UtcDateTime);
        var hashed = new PgpSignatureSubpacketGenerator();
        hashed.SetKeyFlags(false, PgpKeyFlags.CanSign | PgpKeyFlags.CanCertify);
        hashed.SetPreferredHashAlgorithms(false, [(int)HashAlgorithmTag.Sha512, (int)HashAlgorithmTag.Sha256]);
        hashed.SetPreferredSymmetricAlgorithms(false, [(int)SymmetricKeyAlgorithmTag.Aes256]);
        hashed.SetIssuerFingerprint(false, keyPair.PublicKey);
        if (validity is { } valid)
        {
            hashed.SetKeyExpirationTime(false, (long)valid.TotalSeconds);
        }
        var chars = passphrase.ToArray();
        try
        {
            var ring = new PgpKeyRingGenerator(PgpSignature.PositiveCertification, keyPair, $"{name} <{email}>", SymmetricKeyAlgorithmTag.Aes256,
                HashAlgorithmTag.Sha256, utf8PassPhrase: true, chars, useSha1: true, hashed.Generate(), null, new SecureRandom());
            var secret = ring.GenerateSecretKeyRing();
            var publicRing = ring.GeneratePublicKeyRing();
            var info = Describe(publicRing.GetPublicKey());
            var secretPath = Path.Combine(directory, $"{info.Fingerprint}.secret.asc");
            var publicPath = Path.Combine(directory, $"{info.Fingerprint}.public.asc");
            try
            {
                Directory.CreateDirectory(directory);
                WriteArmored(secretPath, secret.Encode, secretFile: true);
                WriteArmored(publicPath, publicRing.Encode, secretFile: false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Half a key pair is no key: take back what was written.
                if (File.Exists(secretPath))
                {
                    File.Delete(secretPath);
                }
                throw new VigilException($"cannot write the key files to {directory}: {OutputFiles.Reason(e)}", e);
            }
            return (secretPath, publicPath, info);
        }
        finally
        {
            Array.Clear(chars);
        }
    }

    /// <summary>The first signing-capable secret key in an armored or binary secret key file (ours or gpg's export).</summary>
    public static PgpSecretKey ReadSecretKey(string path)
    {
        if (!OperatingSystem.IsWindows() && File.Exists(path)
            && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
        {
            throw new VigilException($"secret key file {path} can be read by group or others: chmod 600 it (and consider the key exposed)");
        }
        var bundle = Read(path, stream => new PgpSecretKeyRingBundle(stream), "an OpenPGP secret key");
        foreach (PgpSecretKeyRing ring in bundle.GetKeyRings())
        {
            foreach (PgpSecretKey key in ring.GetSecretKeys())
            {
                if (key.IsSigningKey && !key.IsPrivateKeyEmpty)
                {
                    return key;
                }
            }
        }
        throw new VigilException($"{path} holds no secret key that can sign");
    }

    public static PgpPrivateKey Unlock(PgpSecretKey key, ReadOnlySpan<char> passphrase)
    {
        var chars = passphrase.ToArray();
        try
        {
            return key.ExtractPrivateKeyUtf8(chars);
        }
        catch (PgpException)
        {
            // BouncyCastle says "Checksum mismatch"; the user needs to hear what it means, and nothing more.
            throw new VigilException($"wrong passphrase for key {Fingerprint(key.PublicKey)}");
        }
        finally
        {
            Array.Clear(chars);
        }
    }

    /// <summary>
    /// Public keys from an armored or binary keyring (our export, gpg --export, a distribution's keyring), or the
    /// public part of a secret key file. gpg's own keybox (pubring.kbx) is another format: said so, with the way out.
    /// </summary>
    public static PgpPublicKeyRingBundle ReadKeyring(string path)
    {
        if (IsKeybox(path))
        {
            throw new VigilException(ErrorKind.InvalidInput, ErrorCodes.KeyboxUnsupported, $"{path} is a gpg keybox (pubring.kbx), which Vigil does not read");
        }
        return Read(path, stream => PublicKeys(stream), "OpenPGP public keys");
    }

    private static PgpPublicKeyRingBundle PublicKeys(Stream stream)
    {
        var rings = new List<PgpPublicKeyRing>();
        foreach (var item in new PgpObjectFactory(stream).AllPgpObjects())
        {
            switch (item)
            {
                case PgpPublicKeyRing ring:
                    rings.Add(ring);
                    break;
                case PgpSecretKeyRing secret:
                    rings.Add(new PgpPublicKeyRing(secret.GetSecretKeys().SelectMany(k => k.PublicKey.GetEncoded()).ToArray()));
                    break;
                default:
                    throw new PgpException($"expected public keys, found {item.GetType().Name}");
            }
        }
        return new PgpPublicKeyRingBundle(rings);
    }

    // A keybox starts with its header blob: 4-byte length, type 1, version 1, 2 flag bytes, then "KBXf".
    private static bool IsKeybox(string path)
    {
        using var file = InputFiles.OpenRead(path, 1);
        Span<byte> header = stackalloc byte[12];
        return file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) == header.Length && header[4] == 1 && header[8..12].SequenceEqual("KBXf"u8);
    }

    public static string ExportPublic(PgpSecretKey key)
    {
        using var buffer = new MemoryStream();
        using (var armor = Armor(buffer))
        {
            key.PublicKey.Encode(armor);
        }
        return Encoding.ASCII.GetString(buffer.ToArray());
    }

    public static SigningKeyInfo Describe(PgpPublicKey key)
    {
        var created = new DateTimeOffset(DateTime.SpecifyKind(key.CreationTime, DateTimeKind.Utc));
        var valid = key.GetValidSeconds();
        var userId = key.GetUserIds().Cast<object>().Select(u => u.ToString()).FirstOrDefault() ?? "";
        return new SigningKeyInfo(Fingerprint(key), userId, AlgorithmName(key.Algorithm), key.BitStrength, created,
            valid > 0 ? created.AddSeconds(valid) : null, key.HasRevocation());
    }

    public static string Fingerprint(PgpPublicKey key) => Convert.ToHexString(key.GetFingerprint());

    public static string AlgorithmName(PublicKeyAlgorithmTag algorithm) => algorithm switch
    {
        PublicKeyAlgorithmTag.EdDsa_Legacy or PublicKeyAlgorithmTag.Ed25519 => "ed25519",
        PublicKeyAlgorithmTag.Ed448 => "ed448",
        PublicKeyAlgorithmTag.RsaGeneral or PublicKeyAlgorithmTag.RsaSign => "rsa",
        PublicKeyAlgorithmTag.Dsa => "dsa",
        PublicKeyAlgorithmTag.ECDsa => "ecdsa",
        _ => algorithm.ToString().ToLowerInvariant(),
    };

    private static T Read<T>(string path, Func<Stream, T> parse, string what)
    {
        try
        {
            using var file = InputFiles.OpenRead(path);
            using var decoded = PgpUtilities.GetDecoderStream(file);
            return parse(decoded);
        }
        catch (Exception e) when (e is not (VigilException or OutOfMemoryException or OperationCanceledException))
        {
            // Parsing outside input: whatever the parser trips over (it throws many kinds) means the same to the user.
            throw new VigilException($"{path}: cannot read {what}: the file is not in OpenPGP format, or damaged", e);
        }
    }

    private static void WriteArmored(string path, Action<Stream> encode, bool secretFile)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = secretFile ? UnixFileMode.UserRead | UnixFileMode.UserWrite : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
        };
        using var file = new FileStream(path, options);
        using var armor = Armor(file);
        encode(armor);
    }

    /// <summary>ASCII armor without BouncyCastle's Version header: it tells an attacker the library, and gpg omits it too.</summary>
    internal static ArmoredOutputStream Armor(Stream output) => ArmoredOutputStream.Build().ClearHeaders().Build(output);
}
