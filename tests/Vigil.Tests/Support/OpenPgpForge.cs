using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;

namespace Vigil.Tests.Support;

/// <summary>
/// Makes the OpenPGP material an attacker (or an old tool) would: keys of any size and age, subkeys with or without
/// bindings and back-signatures, signatures with any digest and any date. Built with BouncyCastle packet by packet,
/// so each test states exactly what is wrong with what it hands Vigil.
/// </summary>
public static class OpenPgpForge
{
    private static readonly SecureRandom Random = new();

    public static PgpKeyPair Ed25519(DateTime created)
    {
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(Random));
        return new PgpKeyPair(PublicKeyAlgorithmTag.EdDsa_Legacy, generator.GenerateKeyPair(), created);
    }

    public static PgpKeyPair Rsa(int bits, DateTime created)
    {
        var generator = new RsaKeyPairGenerator();
        generator.Init(new RsaKeyGenerationParameters(BigInteger.ValueOf(0x10001), Random, bits, 12));
        return new PgpKeyPair(PublicKeyAlgorithmTag.RsaGeneral, generator.GenerateKeyPair(), created);
    }

    /// <summary>A primary key certified for <paramref name="userId"/> by itself, with the given flags, digest and expiry.</summary>
    public static PgpPublicKey Certified(PgpKeyPair primary, string userId, DateTime at, int flags = PgpKeyFlags.CanSign | PgpKeyFlags.CanCertify,
        HashAlgorithmTag hash = HashAlgorithmTag.Sha256, long expirySeconds = 0)
    {
        var generator = new PgpSignatureGenerator(primary.PublicKey.Algorithm, hash);
        generator.InitSign(PgpSignature.PositiveCertification, primary.PrivateKey);
        generator.SetHashedSubpackets(BindingSubpackets(primary, at, flags, expirySeconds).Generate());
        generator.SetUnhashedSubpackets(IssuerKeyId(primary.PublicKey));
        return PgpPublicKey.AddCertification(primary.PublicKey, userId, generator.GenerateCertification(userId, primary.PublicKey));
    }

    /// <summary>A subkey packet (tag 14) for <paramref name="subkey"/>, bound by <paramref name="primary"/> or not at all.</summary>
    public static byte[] Subkey(PgpKeyPair primary, PgpKeyPair subkey, DateTime at, bool bind = true, bool backSign = true, long expirySeconds = 0,
        int flags = PgpKeyFlags.CanSign)
    {
        var packets = new MemoryStream();
        packets.Write(Packet(14, subkey.PublicKey.PublicKeyPacket.GetEncodedContents()));
        if (!bind)
        {
            return packets.ToArray();
        }
        var hashed = BindingSubpackets(primary, at, flags, expirySeconds);
        if (backSign)
        {
            var back = new PgpSignatureGenerator(subkey.PublicKey.Algorithm, HashAlgorithmTag.Sha256);
            back.InitSign(0x19, subkey.PrivateKey);
            var backHashed = new PgpSignatureSubpacketGenerator();
            backHashed.SetSignatureCreationTime(false, at);
            backHashed.SetIssuerFingerprint(false, subkey.PublicKey);
            back.SetHashedSubpackets(backHashed.Generate());
            hashed.AddEmbeddedSignature(false, back.GenerateCertification(primary.PublicKey, subkey.PublicKey));
        }
        var binding = new PgpSignatureGenerator(primary.PublicKey.Algorithm, HashAlgorithmTag.Sha256);
        binding.InitSign(PgpSignature.SubkeyBinding, primary.PrivateKey);
        binding.SetHashedSubpackets(hashed.Generate());
        binding.SetUnhashedSubpackets(IssuerKeyId(primary.PublicKey));
        binding.GenerateCertification(primary.PublicKey, subkey.PublicKey).Encode(packets);
        return packets.ToArray();
    }

    /// <summary>An armored keyring: the certified primary, then any subkey packets, as one certificate.</summary>
    public static string Keyring(PgpPublicKey certifiedPrimary, params byte[][] subkeys)
    {
        var raw = new MemoryStream();
        certifiedPrimary.Encode(raw);
        foreach (var subkey in subkeys)
        {
            raw.Write(subkey);
        }
        return Armor(raw.ToArray());
    }

    /// <summary>A detached signature (binary document unless told otherwise) by <paramref name="signer"/> with any digest and date.</summary>
    public static string Sign(PgpKeyPair signer, byte[] data, DateTime at, HashAlgorithmTag hash = HashAlgorithmTag.Sha256, int signatureType = PgpSignature.BinaryDocument)
    {
        var generator = new PgpSignatureGenerator(signer.PublicKey.Algorithm, hash);
        generator.InitSign(signatureType, signer.PrivateKey);
        var hashed = new PgpSignatureSubpacketGenerator();
        hashed.SetSignatureCreationTime(false, at);
        hashed.SetIssuerFingerprint(false, signer.PublicKey);
        generator.SetHashedSubpackets(hashed.Generate());
        generator.SetUnhashedSubpackets(IssuerKeyId(signer.PublicKey));
        generator.Update(data);
        var raw = new MemoryStream();
        generator.Generate().Encode(raw);
        return Armor(raw.ToArray());
    }

    /// <summary>What a self-signature or binding says: when, what the key may do, who made it, until when.</summary>
    private static PgpSignatureSubpacketGenerator BindingSubpackets(PgpKeyPair primary, DateTime at, int flags, long expirySeconds)
    {
        var hashed = new PgpSignatureSubpacketGenerator();
        hashed.SetSignatureCreationTime(false, at);
        hashed.SetKeyFlags(false, flags);
        hashed.SetIssuerFingerprint(false, primary.PublicKey);
        if (expirySeconds > 0)
        {
            hashed.SetKeyExpirationTime(false, expirySeconds);
        }
        return hashed;
    }

    private static PgpSignatureSubpacketVector IssuerKeyId(PgpPublicKey key)
    {
        var unhashed = new PgpSignatureSubpacketGenerator();
        unhashed.SetIssuerKeyID(false, key.KeyId);
        return unhashed.Generate();
    }

    /// <summary>A new-format packet: tag, length, body (RFC 4880 §4.2.2).</summary>
    public static byte[] Packet(int tag, byte[] body)
    {
        var packet = new MemoryStream();
        packet.WriteByte((byte)(0xC0 | tag));
        if (body.Length < 192)
        {
            packet.WriteByte((byte)body.Length);
        }
        else if (body.Length < 8384)
        {
            var length = body.Length - 192;
            packet.WriteByte((byte)((length >> 8) + 192));
            packet.WriteByte((byte)length);
        }
        else
        {
            packet.WriteByte(0xFF);
            packet.Write([(byte)(body.Length >> 24), (byte)(body.Length >> 16), (byte)(body.Length >> 8), (byte)body.Length]);
        }
        packet.Write(body);
        return packet.ToArray();
    }

    private static string Armor(byte[] raw)
    {
        var buffer = new MemoryStream();
        using (var armor = new ArmoredOutputStream(buffer))
        {
            armor.Write(raw);
        }
        return System.Text.Encoding.ASCII.GetString(buffer.ToArray());
    }
}
