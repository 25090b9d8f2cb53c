using Org.BouncyCastle.Bcpg;

namespace Vigil.Integrity;

/// <summary>
/// Which OpenPGP algorithms and times Vigil accepts, as strict as Sequoia's standard policy (the strictest widely
/// used implementation), judged now and not at the signature's claimed creation time, because a forger picks that time:
/// <list type="bullet">
/// <item>digests: SHA-224/256/384/512 and SHA3-256/512; never MD5, SHA-1 or RIPEMD-160, neither for data signatures
/// nor for the self-signatures that bind keys (SHA-1's last allowance for those ended in 2023);</item>
/// <item>keys: RSA and DSA of at least 2048 bits, ECDSA on curves of at least 256 bits, Ed25519 and Ed448;
/// never ElGamal or anything unknown;</item>
/// <item>a signature may be dated at most 30 minutes in the future (Sequoia's clock-skew tolerance), and must not
/// be past its own expiry.</item>
/// </list>
/// Key validity (binding, expiry, revocation at signature time) is <see cref="Certificates"/>' part.
/// </summary>
public static class SignaturePolicy
{
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(30);

    public const int MinimumRsaBits = 2048;

    public static bool AcceptsHash(HashAlgorithmTag hash) => hash is HashAlgorithmTag.Sha224 or HashAlgorithmTag.Sha256
        or HashAlgorithmTag.Sha384 or HashAlgorithmTag.Sha512 or HashAlgorithmTag.Sha3_256 or HashAlgorithmTag.Sha3_512;

    public static string HashName(HashAlgorithmTag hash) => hash switch
    {
        HashAlgorithmTag.MD5 => "MD5",
        HashAlgorithmTag.Sha1 => "SHA-1",
        HashAlgorithmTag.RipeMD160 => "RIPEMD-160",
        HashAlgorithmTag.Sha224 => "SHA-224",
        HashAlgorithmTag.Sha256 => "SHA-256",
        HashAlgorithmTag.Sha384 => "SHA-384",
        HashAlgorithmTag.Sha512 => "SHA-512",
        _ => $"digest algorithm {(int)hash}",
    };

    /// <summary>Why a key is too weak to be trusted for signatures, or null when it is strong enough.</summary>
    public static string? KeyWeakness(PublicKeyAlgorithmTag algorithm, int bits) => algorithm switch
    {
        PublicKeyAlgorithmTag.RsaGeneral or PublicKeyAlgorithmTag.RsaSign or PublicKeyAlgorithmTag.Dsa when bits < MinimumRsaBits =>
            $"{OpenPgpKeys.AlgorithmName(algorithm)} {bits} is below the {MinimumRsaBits} bits the policy asks for",
        PublicKeyAlgorithmTag.RsaGeneral or PublicKeyAlgorithmTag.RsaSign or PublicKeyAlgorithmTag.Dsa => null,
        PublicKeyAlgorithmTag.ECDsa when bits < 256 => $"ecdsa on a {bits}-bit curve is below the 256 bits the policy asks for",
        PublicKeyAlgorithmTag.ECDsa or PublicKeyAlgorithmTag.EdDsa_Legacy or PublicKeyAlgorithmTag.Ed25519 or PublicKeyAlgorithmTag.Ed448 => null,
        _ => $"{OpenPgpKeys.AlgorithmName(algorithm)} keys are not accepted for signatures",
    };
}
