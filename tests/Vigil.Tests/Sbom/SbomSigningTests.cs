using Vigil.Tests.Support;

namespace Vigil.Tests.Sbom;

/// <summary><c>vigil sbom --sign-key</c>: the SBOM ships signed with the release key, and the release manifest lists both files.</summary>
public sealed class SbomSigningTests : IDisposable
{
    private const string Passphrase = "release passphrase ✓";
    private readonly TempDirectory home = new();
    private readonly Gpg gpg;

    public SbomSigningTests() => gpg = new Gpg(Path.Combine(home.Path, "g"));

    public void Dispose()
    {
        gpg.Dispose();
        home.Dispose();
    }

    private Task<CliResult> Vigil(params string[] args) =>
        CliRunner.RunAsync(new Dictionary<string, string> { ["VIGIL_PASSPHRASE"] = Passphrase }, home.Path, [.. args, "--data-dir", home.File("data")]);

    private async Task<(string Fingerprint, string Secret, string Public)> ReleaseKey()
    {
        var made = await Vigil("key", "generate", "--name", "Gateway Release", "--email", "release@example.org", "--out-dir", home.File("keys"));
        Assert.True(made.ExitCode == 0, made.Error);
        var fingerprint = made.Out.Trim();
        return (fingerprint, home.File($"keys/{fingerprint}.secret.asc"), home.File($"keys/{fingerprint}.public.asc"));
    }

    [Fact]
    public async Task A_signed_sbom_verifies_in_gpg_and_the_release_manifest_lists_it_with_its_signature()
    {
        var (fingerprint, secret, publicKey) = await ReleaseKey();
        Directory.CreateDirectory(home.File("release"));
        var sbom = home.File("release/gateway.spdx.json");

        var made = await Vigil("sbom", "--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--format", "spdx3", "-o", sbom, "--sign-key", secret);
        Assert.True(made.ExitCode == 0, made.Error);
        Assert.Equal(0, gpg.Run("--import", publicKey).ExitCode);
        var status = gpg.Verify(sbom + ".asc", sbom);
        var manifest = await Vigil("release", "manifest", home.File("release"));
        var check = Tool.Run(home.File("release"), "sha256sum", "--check", "--strict", "SHA256SUMS");

        Assert.Contains($"[GNUPG:] VALIDSIG {fingerprint}", status, StringComparison.Ordinal);
        Assert.True(manifest.ExitCode == 0, manifest.Error);
        Assert.Equal(["gateway.spdx.json.asc: OK", "gateway.spdx.json: OK"], check.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Signing_needs_an_output_file_for_the_signature_to_sit_beside()
    {
        var (_, secret, _) = await ReleaseKey();

        var result = await Vigil("sbom", "--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--sign-key", secret);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--sign-key needs --output", result.Error, StringComparison.Ordinal);
    }
}
