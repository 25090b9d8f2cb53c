using Vigil.Tests.Support;

namespace Vigil.Tests.Integrity;

/// <summary>Signatures both ways between Vigil (BouncyCastle) and the real gpg 2.2, and every failure a user can meet.</summary>
public sealed class OpenPgpInteropTests : IDisposable
{
    private const string Passphrase = "correct horse battery ✓";
    private readonly TempDirectory home = new();
    private readonly Gpg gpg;

    public OpenPgpInteropTests()
    {
        gpg = new Gpg(Path.Combine(home.Path, "g"));
        Data = home.Write("SHA256SUMS", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef *image.wic\n");
    }

    private string Data { get; }

    public void Dispose()
    {
        gpg.Dispose();
        home.Dispose();
    }

    private Task<CliResult> Vigil(params string[] args) =>
        CliRunner.RunAsync(new Dictionary<string, string> { ["VIGIL_PASSPHRASE"] = Passphrase }, home.Path, [.. args, "--data-dir", Path.Combine(home.Path, "data")]);

    private async Task<(string Fingerprint, string Secret, string Public)> VigilKey(string expires = "2y")
    {
        var keys = Path.Combine(home.Path, "keys");
        var made = await Vigil("key", "generate", "--name", "Gateway Release", "--email", "release@example.org", "--expires", expires, "--out-dir", keys);
        Assert.True(made.ExitCode == 0, made.Error);
        var fingerprint = made.Out.Trim();
        return (fingerprint, Path.Combine(keys, $"{fingerprint}.secret.asc"), Path.Combine(keys, $"{fingerprint}.public.asc"));
    }

    private string GpgPublicKeys(string userId)
    {
        var path = Path.Combine(home.Path, $"{Guid.NewGuid():N}.gpg");
        File.WriteAllText(path, gpg.Run("--armor", "--export", userId).Out);
        return path;
    }

    [Fact]
    public async Task Vigil_signature_is_good_and_valid_for_gpg()
    {
        var (fingerprint, secret, publicKey) = await VigilKey();
        Assert.Equal(0, gpg.Run("--import", publicKey).ExitCode);

        var signed = await Vigil("sign", Data, "--key", secret);
        var status = gpg.Verify(Data + ".asc", Data);

        Assert.True(signed.ExitCode == 0, signed.Error);
        Assert.Contains("[GNUPG:] GOODSIG", status, StringComparison.Ordinal);
        Assert.Contains($"[GNUPG:] VALIDSIG {fingerprint}", status, StringComparison.Ordinal);
        Assert.DoesNotContain("Version:", File.ReadAllText(Data + ".asc"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gpg_signature_is_good_in_vigil()
    {
        var fingerprint = gpg.GenerateKey("CIP Kernel <kernel@example.org>", Passphrase);
        Assert.Equal(0, gpg.Run("--passphrase", Passphrase, "--armor", "--detach-sign", "--output", Data + ".asc", Data).ExitCode);

        var result = await Vigil("verify", Data + ".asc", "--keyring", GpgPublicKeys("kernel@example.org"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"good signature by CIP Kernel <kernel@example.org> ({fingerprint})", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_made_by_gpg_signs_in_vigil()
    {
        gpg.GenerateKey("Product Team <team@example.org>", Passphrase);
        var secret = Path.Combine(home.Path, "team.secret.asc");
        File.WriteAllText(secret, gpg.Run("--passphrase", Passphrase, "--armor", "--export-secret-keys", "team@example.org").Out);
        File.SetUnixFileMode(secret, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var signed = await Vigil("sign", Data, "--key", secret);

        Assert.True(signed.ExitCode == 0, signed.Error);
        Assert.Contains("[GNUPG:] GOODSIG", gpg.Verify(Data + ".asc", Data), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_made_by_vigil_signs_in_gpg()
    {
        var (fingerprint, secret, publicKey) = await VigilKey();
        Assert.Equal(0, gpg.Run("--passphrase", Passphrase, "--import", secret).ExitCode);
        var signed = gpg.Run("--passphrase", Passphrase, "--local-user", fingerprint, "--armor", "--detach-sign", "--output", Data + ".asc", Data);

        var result = await Vigil("verify", Data + ".asc", "--keyring", publicKey);

        Assert.True(signed.ExitCode == 0, signed.Error);
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task Tampered_data_is_a_bad_signature_on_both_sides()
    {
        var (_, secret, publicKey) = await VigilKey();
        Assert.Equal(0, gpg.Run("--import", publicKey).ExitCode);
        await Vigil("sign", Data, "--key", secret);
        File.AppendAllText(Data, "0000 *planted\n");

        var result = await Vigil("verify", Data + ".asc", "--keyring", publicKey);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("BAD signature by Gateway Release <release@example.org>", result.Out, StringComparison.Ordinal);
        Assert.Contains("[GNUPG:] BADSIG", gpg.Verify(Data + ".asc", Data), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signature_by_a_key_not_in_the_keyring_is_refused()
    {
        var (_, secret, _) = await VigilKey();
        gpg.GenerateKey("Someone Else <else@example.org>", Passphrase);
        await Vigil("sign", Data, "--key", secret);

        var result = await Vigil("verify", Data + ".asc", "--keyring", GpgPublicKeys("else@example.org"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("in the keyring: the signer is unknown", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signature_by_an_expired_key_is_reported_as_such()
    {
        // Long enough for gpg to sign under a loaded CI machine, short enough to wait out.
        gpg.GenerateKey("Short Lived <short@example.org>", Passphrase, "seconds=5");
        Assert.Equal(0, gpg.Run("--passphrase", Passphrase, "--armor", "--detach-sign", "--output", Data + ".asc", Data).ExitCode);
        await Task.Delay(6000);

        var result = await Vigil("verify", Data + ".asc", "--keyring", GpgPublicKeys("short@example.org"));

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("signature by EXPIRED key", result.Out, StringComparison.Ordinal);
        Assert.Contains("[GNUPG:] EXPKEYSIG", gpg.Verify(Data + ".asc", Data), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signature_by_a_revoked_key_is_reported_as_such()
    {
        var fingerprint = gpg.GenerateKey("Compromised <lost@example.org>", Passphrase);
        Assert.Equal(0, gpg.Run("--passphrase", Passphrase, "--armor", "--detach-sign", "--output", Data + ".asc", Data).ExitCode);
        var certificate = File.ReadAllText(Path.Combine(gpg.Home, "openpgp-revocs.d", $"{fingerprint}.rev")).Replace(":-----BEGIN", "-----BEGIN", StringComparison.Ordinal);
        Assert.Equal(0, gpg.Run("--import", home.Write("revocation.asc", certificate)).ExitCode);

        var result = await Vigil("verify", Data + ".asc", "--keyring", GpgPublicKeys("lost@example.org"));

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("signature by REVOKED key", result.Out, StringComparison.Ordinal);
        Assert.Contains("[GNUPG:] REVKEYSIG", gpg.Verify(Data + ".asc", Data), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_passphrase_is_said_plainly_and_never_echoed()
    {
        var (fingerprint, secret, _) = await VigilKey();

        var result = await CliRunner.RunAsync(new Dictionary<string, string> { ["VIGIL_PASSPHRASE"] = "not the passphrase" }, home.Path, "sign", Data, "--key", secret);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"vigil: error: wrong passphrase for key {fingerprint}\n", result.Error);
        Assert.False(File.Exists(Data + ".asc"));
    }

    [Fact]
    public async Task Secret_key_files_are_0600_and_readable_ones_are_refused()
    {
        var (_, secret, _) = await VigilKey();
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(secret));
        File.SetUnixFileMode(secret, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        var result = await Vigil("sign", Data, "--key", secret);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("can be read by group or others: chmod 600 it", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_passphrase_source_it_says_where_to_put_it_not_argv()
    {
        var (_, secret, _) = await VigilKey();

        var result = await CliRunner.RunAsync(null, home.Path, "sign", Data, "--key", secret);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--passphrase-fd N, --passphrase-file FILE or VIGIL_PASSPHRASE (never on the command line)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Passphrase_comes_from_a_private_file_or_a_file_descriptor()
    {
        var (fingerprint, secret, publicKey) = await VigilKey();
        var file = home.Write("passphrase", Passphrase + "\n");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var fromFile = await CliRunner.RunAsync(null, home.Path, "sign", Data, "--key", secret, "--passphrase-file", file);
        File.Delete(Data + ".asc");
        var vigil = VigilProcess.Dll;
        var fromFd = Tool.Run(home.Path, "/bin/sh", "-c", $"dotnet '{vigil}' sign '{Data}' --key '{secret}' --passphrase-fd 3 3< '{file}'");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var readable = await CliRunner.RunAsync(null, home.Path, "sign", Data, "--key", secret, "--passphrase-file", file);

        Assert.True(fromFile.ExitCode == 0, fromFile.Error);
        Assert.True(fromFd.ExitCode == 0, fromFd.Error);
        Assert.Equal(0, (await Vigil("verify", Data + ".asc", "--keyring", publicKey)).ExitCode);
        Assert.Contains(fingerprint, fromFd.Error, StringComparison.Ordinal);
        Assert.Equal(1, readable.ExitCode);
        Assert.Contains("is readable by group or others: chmod 600 it first", readable.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_short_passphrase_is_refused_when_generating()
    {
        var result = await CliRunner.RunAsync(new Dictionary<string, string> { ["VIGIL_PASSPHRASE"] = "short" }, home.Path,
            "key", "generate", "--name", "X", "--email", "x@example.org", "--out-dir", Path.Combine(home.Path, "k"));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("vigil: error: the passphrase must have at least 8 characters: a signing key is only as safe as it\n", result.Error);
        Assert.False(Directory.Exists(Path.Combine(home.Path, "k")) && Directory.EnumerateFiles(Path.Combine(home.Path, "k")).Any());
    }

    [Fact]
    public async Task Release_verify_checks_the_manifest_signature()
    {
        var release = Path.Combine(home.Path, "release");
        home.Write("release/image.wic", "image");
        await Vigil("release", "manifest", release);
        var (_, secret, publicKey) = await VigilKey();
        await Vigil("sign", Path.Combine(release, "SHA256SUMS"), "--key", secret);
        string[] verify = ["release", "verify", release, "--manifest", Path.Combine(release, "SHA256SUMS"), "--signature", Path.Combine(release, "SHA256SUMS.asc"), "--keyring", publicKey];

        var good = await Vigil(verify);
        var manifest = File.ReadAllText(Path.Combine(release, "SHA256SUMS"));
        File.WriteAllText(Path.Combine(release, "SHA256SUMS"), (manifest[0] == '0' ? "1" : "0") + manifest[1..]);
        var bad = await Vigil(verify);

        Assert.Equal(0, good.ExitCode);
        Assert.Contains("SIG      good signature by Gateway Release", good.Out, StringComparison.Ordinal);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("BADSIG   BAD signature", bad.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Key_check_reports_algorithm_expiry_and_rotation()
    {
        var (fingerprint, _, publicKey) = await VigilKey("18m");

        var ok = await Vigil("key", "check", "--key", publicKey);
        await Task.Delay(2100);
        var due = await Vigil("key", "check", "--key", publicKey, "--rotate-after", "1s");

        Assert.Equal(0, ok.ExitCode);
        Assert.Contains($"{fingerprint} Gateway Release <release@example.org>", ok.Out, StringComparison.Ordinal);
        Assert.Contains("algorithm: ed25519", ok.Out, StringComparison.Ordinal);
        Assert.Equal(2, due.ExitCode);
        Assert.Contains("PROBLEM: rotation was due", due.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_clearsigned_by_gpg_verifies_and_its_tampered_copy_does_not()
    {
        gpg.GenerateKey("Archive <archive@example.org>", Passphrase);
        Assert.Equal(0, gpg.Run("--passphrase", Passphrase, "--clearsign", "--output", home.File("InRelease"), Data).ExitCode);
        var keyring = GpgPublicKeys("archive@example.org");
        File.WriteAllText(home.File("Tampered"), File.ReadAllText(home.File("InRelease")).Replace("*image.wic", "*evil.wic", StringComparison.Ordinal));

        var good = await Vigil("verify", home.File("InRelease"), "--keyring", keyring);
        var bad = await Vigil("verify", home.File("Tampered"), "--keyring", keyring);

        Assert.True(good.ExitCode == 0, good.Out + good.Error);
        Assert.StartsWith("good signature by Archive <archive@example.org>", good.Out, StringComparison.Ordinal);
        Assert.Equal(1, bad.ExitCode);
        Assert.StartsWith("BAD signature", bad.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unsigned_text_after_a_clearsigned_block_is_refused_whole()
    {
        gpg.GenerateKey("Archive <archive@example.org>", Passphrase);
        Assert.Equal(0, gpg.Run("--passphrase", Passphrase, "--clearsign", "--output", home.File("InRelease"), Data).ExitCode);
        File.AppendAllText(home.File("InRelease"), "ffff *planted.bin\n");

        var result = await Vigil("verify", home.File("InRelease"), "--keyring", GpgPublicKeys("archive@example.org"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("text after the signature is not signed; refusing the whole file", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Release_verify_reads_a_clearsigned_manifest()
    {
        var release = Path.Combine(home.Path, "release");
        home.Write("release/image.wic", "image");
        await Vigil("release", "manifest", release);
        gpg.GenerateKey("Release <release@example.org>", Passphrase);
        var sums = Path.Combine(release, "SHA256SUMS");
        Assert.Equal(0, gpg.Run("--passphrase", Passphrase, "--clearsign", "--output", sums + ".txt", sums).ExitCode);
        File.Move(sums + ".txt", sums, overwrite: true);

        var good = await Vigil("release", "verify", release, "--manifest", sums, "--keyring", GpgPublicKeys("release@example.org"));
        home.Write("release/image.wic", "changed");
        var changed = await Vigil("release", "verify", release, "--manifest", sums, "--keyring", GpgPublicKeys("release@example.org"));

        Assert.True(good.ExitCode == 0, good.Out + good.Error);
        Assert.Contains("SIG      good signature by Release", good.Out, StringComparison.Ordinal);
        Assert.Equal(1, changed.ExitCode);
        Assert.Contains("CHANGED  image.wic", changed.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gpg_keybox_is_named_as_such_with_the_export_command()
    {
        gpg.GenerateKey("Release <release@example.org>", Passphrase);
        Assert.Equal(0, gpg.Run("--passphrase", Passphrase, "--armor", "--detach-sign", "--output", Data + ".asc", Data).ExitCode);

        var result = await Vigil("verify", Data + ".asc", "--keyring", Path.Combine(gpg.Home, "pubring.kbx"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is a gpg keybox (pubring.kbx), which Vigil does not read; export the keys to trust with 'gpg --export KEYID > keyring.gpg'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Passphrase_fd_that_is_not_open_is_a_one_line_error()
    {
        var (_, secret, _) = await VigilKey();

        var result = await CliRunner.RunAsync(null, home.Path, "sign", Data, "--key", secret, "--passphrase-fd", "977");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("vigil: error: file descriptor 977 is not open: the caller must open it (e.g. 3< passphrase.txt)\n", result.Error);
    }

    [Fact]
    public async Task Passphrase_fd_of_the_runtimes_own_files_is_refused()
    {
        var (_, secret, _) = await VigilKey();
        using var runtimeFile = File.OpenRead(secret);
        var fd = (int)runtimeFile.SafeFileHandle.DangerousGetHandle();

        var result = await CliRunner.RunAsync(null, home.Path, "sign", Data, "--key", secret, "--passphrase-fd", fd.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"file descriptor {fd} was not handed to Vigil by its caller", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Data + ".asc"));
    }

    [Fact]
    public async Task Key_check_takes_a_secret_key_file_as_its_help_says()
    {
        var (fingerprint, secret, _) = await VigilKey();

        var result = await Vigil("key", "check", "--key", secret);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"{fingerprint} Gateway Release <release@example.org>", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(9)]
    public async Task Passphrase_fd_the_caller_did_not_open_never_reaches_the_runtimes_descriptors(int fd)
    {
        var (_, secret, _) = await VigilKey();
        var vigil = VigilProcess.Dll;

        var result = Tool.Run(home.Path, "timeout", "60", "dotnet", vigil, "sign", Data, "--key", secret, "--passphrase-fd", fd.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(1, result.ExitCode);
        Assert.Matches($"^vigil: error: file descriptor {fd} (is not open|was not handed to Vigil by its caller)", result.Error);
        Assert.False(File.Exists(Data + ".asc"));
    }
}
