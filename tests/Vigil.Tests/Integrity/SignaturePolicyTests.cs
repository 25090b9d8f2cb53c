using System.Text;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Vigil.Tests.Support;

namespace Vigil.Tests.Integrity;

/// <summary>
/// Forged and weak signatures, each as an attacker would hand them over: every one must be refused with its reason
/// and exit 1 (README "Signature policy"). Good signatures of the same shapes pass, so the refusals are not blanket.
/// </summary>
public sealed class SignaturePolicyTests : IDisposable
{
    private static readonly DateTime Now = DateTime.UtcNow;
    private static readonly DateTime LastMonth = Now.AddDays(-30);
    private readonly TempDirectory home = new();
    private readonly byte[] manifest = Encoding.ASCII.GetBytes("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef *image.wic\n");

    public void Dispose() => home.Dispose();

    private async Task<CliResult> Verify(string keyring, string signature)
    {
        File.WriteAllBytes(home.File("SHA256SUMS"), manifest);
        var keyringPath = home.Write("keyring.asc", keyring);
        var signaturePath = home.Write("SHA256SUMS.asc", signature);
        return await CliRunner.RunAsync(null, home.Path, "verify", signaturePath, "--keyring", keyringPath);
    }

    [Fact]
    public async Task A_good_signature_by_a_bound_signing_subkey_verifies()
    {
        var primary = OpenPgpForge.Ed25519(LastMonth);
        var subkey = OpenPgpForge.Ed25519(LastMonth);
        var keyring = OpenPgpForge.Keyring(OpenPgpForge.Certified(primary, "Release <r@example.org>", LastMonth, PgpKeyFlags.CanCertify),
            OpenPgpForge.Subkey(primary, subkey, LastMonth));

        var result = await Verify(keyring, OpenPgpForge.Sign(subkey, manifest, Now));

        Assert.True(result.ExitCode == 0, result.Out + result.Error);
        Assert.StartsWith("good signature by Release <r@example.org>", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_keys_primary_appended_as_an_unbound_subkey_verifies_nothing()
    {
        var trusted = OpenPgpForge.Ed25519(LastMonth);
        var attacker = OpenPgpForge.Ed25519(LastMonth);
        var keyring = OpenPgpForge.Keyring(OpenPgpForge.Certified(trusted, "Release <r@example.org>", LastMonth),
            OpenPgpForge.Subkey(trusted, attacker, LastMonth, bind: false));

        var result = await Verify(keyring, OpenPgpForge.Sign(attacker, manifest, Now));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("has no valid binding signature from the primary key: it speaks for nobody", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("good signature", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forged_subkey_in_a_release_keyring_fails_release_verify_as_it_does_in_gpg()
    {
        var trusted = OpenPgpForge.Ed25519(LastMonth);
        var attacker = OpenPgpForge.Ed25519(LastMonth);
        var release = Path.Combine(home.Path, "release");
        Directory.CreateDirectory(release);
        File.WriteAllText(Path.Combine(release, "image.wic"), "image");
        Assert.Equal(0, (await CliRunner.RunAsync(null, home.Path, "release", "manifest", release)).ExitCode);
        var sums = Path.Combine(release, "SHA256SUMS");
        File.WriteAllText(sums + ".asc", OpenPgpForge.Sign(attacker, File.ReadAllBytes(sums), Now));
        var keyring = home.Write("release-key.asc", OpenPgpForge.Keyring(OpenPgpForge.Certified(trusted, "Release <r@example.org>", LastMonth),
            OpenPgpForge.Subkey(trusted, attacker, LastMonth, bind: false)));
        using var gpg = new Gpg(home.File("gpg"));
        gpg.Run("--import", keyring);

        var result = await CliRunner.RunAsync(null, home.Path, "release", "verify", release, "--manifest", sums, "--signature", sums + ".asc", "--keyring", keyring);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("BADSIG", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("[GNUPG:] GOODSIG", gpg.Verify(sums + ".asc", sums), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bound_signing_subkey_without_a_back_signature_is_refused()
    {
        var trusted = OpenPgpForge.Ed25519(LastMonth);
        var adopted = OpenPgpForge.Ed25519(LastMonth);
        var keyring = OpenPgpForge.Keyring(OpenPgpForge.Certified(trusted, "Release <r@example.org>", LastMonth),
            OpenPgpForge.Subkey(trusted, adopted, LastMonth, backSign: false));

        var result = await Verify(keyring, OpenPgpForge.Sign(adopted, manifest, Now));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("has no valid back-signature", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_subkey_bound_only_for_encryption_cannot_sign()
    {
        var primary = OpenPgpForge.Ed25519(LastMonth);
        var subkey = OpenPgpForge.Ed25519(LastMonth);
        var keyring = OpenPgpForge.Keyring(OpenPgpForge.Certified(primary, "Release <r@example.org>", LastMonth),
            OpenPgpForge.Subkey(primary, subkey, LastMonth, flags: PgpKeyFlags.CanEncryptStorage));

        var result = await Verify(keyring, OpenPgpForge.Sign(subkey, manifest, Now));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is not bound for signing", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signature_by_an_expired_signing_subkey_of_a_valid_primary_is_refused()
    {
        var primary = OpenPgpForge.Ed25519(LastMonth);
        var subkey = OpenPgpForge.Ed25519(LastMonth);
        var keyring = OpenPgpForge.Keyring(OpenPgpForge.Certified(primary, "Release <r@example.org>", LastMonth),
            OpenPgpForge.Subkey(primary, subkey, LastMonth, expirySeconds: 86400));

        var result = await Verify(keyring, OpenPgpForge.Sign(subkey, manifest, Now));

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("signature by EXPIRED key", result.Out, StringComparison.Ordinal);
        Assert.Contains("(before the signature was made)", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HashAlgorithmTag.MD5, "MD5")]
    [InlineData(HashAlgorithmTag.Sha1, "SHA-1")]
    [InlineData(HashAlgorithmTag.RipeMD160, "RIPEMD-160")]
    public async Task A_signature_with_a_broken_digest_is_refused(HashAlgorithmTag digest, string name)
    {
        var key = OpenPgpForge.Rsa(2048, LastMonth);
        var keyring = OpenPgpForge.Keyring(OpenPgpForge.Certified(key, "Old Tool <old@example.org>", LastMonth));

        var result = await Verify(keyring, OpenPgpForge.Sign(key, manifest, Now, digest));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"uses {name}, which the policy refuses", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_bound_only_by_a_sha1_self_signature_is_refused()
    {
        var key = OpenPgpForge.Rsa(2048, LastMonth);
        var keyring = OpenPgpForge.Keyring(OpenPgpForge.Certified(key, "Old Key <old@example.org>", LastMonth, hash: HashAlgorithmTag.Sha1));

        var result = await Verify(keyring, OpenPgpForge.Sign(key, manifest, Now));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("the certificate has no valid self-signature", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_rsa_2048_signature_with_sha256_verifies()
    {
        var key = OpenPgpForge.Rsa(2048, LastMonth);
        var keyring = OpenPgpForge.Keyring(OpenPgpForge.Certified(key, "Rsa <rsa@example.org>", LastMonth));

        var result = await Verify(keyring, OpenPgpForge.Sign(key, manifest, Now, HashAlgorithmTag.Sha512));

        Assert.True(result.ExitCode == 0, result.Out + result.Error);
    }

    [Fact]
    public async Task An_rsa_1024_key_is_too_weak_to_verify_anything()
    {
        var key = OpenPgpForge.Rsa(1024, LastMonth);
        var keyring = OpenPgpForge.Keyring(OpenPgpForge.Certified(key, "Weak <weak@example.org>", LastMonth));

        var result = await Verify(keyring, OpenPgpForge.Sign(key, manifest, Now));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("rsa 1024 is below the 2048 bits the policy asks for", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signature_dated_in_2030_is_refused()
    {
        var key = OpenPgpForge.Ed25519(LastMonth);
        var keyring = OpenPgpForge.Keyring(OpenPgpForge.Certified(key, "Release <r@example.org>", LastMonth));

        var result = await Verify(keyring, OpenPgpForge.Sign(key, manifest, new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc)));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is dated 2030-01-01 00:00 UTC, in the future", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signature_a_few_minutes_ahead_is_within_the_clock_skew_allowance()
    {
        var key = OpenPgpForge.Ed25519(LastMonth);
        var keyring = OpenPgpForge.Keyring(OpenPgpForge.Certified(key, "Release <r@example.org>", LastMonth));

        var result = await Verify(keyring, OpenPgpForge.Sign(key, manifest, Now.AddMinutes(5)));

        Assert.True(result.ExitCode == 0, result.Out + result.Error);
    }

    [Fact]
    public async Task A_signature_older_than_its_key_is_refused()
    {
        var key = OpenPgpForge.Ed25519(LastMonth);
        var keyring = OpenPgpForge.Keyring(OpenPgpForge.Certified(key, "Release <r@example.org>", LastMonth));

        var result = await Verify(keyring, OpenPgpForge.Sign(key, manifest, LastMonth.AddDays(-1)));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is older than key", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_primary_key_not_marked_for_signing_cannot_sign()
    {
        var key = OpenPgpForge.Ed25519(LastMonth);
        var keyring = OpenPgpForge.Keyring(OpenPgpForge.Certified(key, "Certify Only <c@example.org>", LastMonth, PgpKeyFlags.CanCertify));

        var result = await Verify(keyring, OpenPgpForge.Sign(key, manifest, Now));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("the primary key is not marked for signing", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_certification_offered_as_a_document_signature_is_refused()
    {
        var key = OpenPgpForge.Ed25519(LastMonth);
        var certified = OpenPgpForge.Certified(key, "Release <r@example.org>", LastMonth);
        var certification = certified.GetSignatures().First();
        var raw = new MemoryStream();
        certification.Encode(raw);
        var armored = new MemoryStream();
        using (var armor = new ArmoredOutputStream(armored))
        {
            armor.Write(raw.ToArray());
        }

        var result = await Verify(OpenPgpForge.Keyring(certified), Encoding.ASCII.GetString(armored.ToArray()));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is not a signature over a document", result.Out, StringComparison.Ordinal);
    }
}
