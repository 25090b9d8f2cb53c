using System.Text;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Vigil.Tests.Support;

namespace Vigil.Tests.Cli;

/// <summary>"-" reads standard input where a pipe is natural, as Unix tools do: a status file, a VEX document, a signed file.</summary>
public sealed class StandardInputTests : IDisposable
{
    private readonly TempDirectory home = new();

    public void Dispose() => home.Dispose();

    private string DataDir => Path.Combine(home.Path, "data");

    [Fact]
    public async Task Scan_reads_a_dpkg_status_file_from_standard_input_and_finds_the_same()
    {
        Assert.Equal(0, (await CliRunner.RunAsync(null, home.Path, "feeds", "import", "debian", Fixture.Path("tracker-excerpt.json"), "--data-dir", DataDir)).ExitCode);

        var piped = await CliRunner.RunWithInputAsync(File.ReadAllBytes(Fixture.Path("status-bookworm-excerpt")), home.Path,
            "scan", "--dpkg-status", "-", "--release", "bookworm", "--format", "csv", "--data-dir", DataDir);
        var named = await CliRunner.RunAsync(null, home.Path, "scan", "--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--release", "bookworm", "--format", "csv", "--data-dir", DataDir);

        Assert.True(piped.ExitCode == 0, piped.Error);
        Assert.Equal(named.Out, piped.Out);
    }

    [Fact]
    public async Task A_scan_waiting_for_standard_input_stops_on_sigterm_as_interrupted()
    {
        Assert.Equal(0, (await CliRunner.RunAsync(null, home.Path, "feeds", "import", "debian", Fixture.Path("tracker-excerpt.json"), "--data-dir", DataDir)).ExitCode);

        var result = OpenInputRun.Terminate("dotnet", [VigilProcess.Dll, "scan", "--dpkg-status", "-", "--release", "bookworm", "--offline", "--data-dir", DataDir],
            File.ReadAllText(Fixture.Path("status-bookworm-excerpt"))[..200]);

        Assert.Equal((143, "vigil: interrupted; nothing stored was changed\n"), result);
    }

    [Fact]
    public async Task A_broken_status_on_standard_input_is_named_as_such()
    {
        Assert.Equal(0, (await CliRunner.RunAsync(null, home.Path, "feeds", "import", "debian", Fixture.Path("tracker-excerpt.json"), "--data-dir", DataDir)).ExitCode);

        var result = await CliRunner.RunWithInputAsync(Encoding.ASCII.GetBytes("Package: x\nStatus: install ok installed\n no field\n"), home.Path,
            "scan", "--dpkg-status", "-", "--release", "bookworm", "--data-dir", DataDir);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("vigil: error: standard input:", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Vex_import_reads_standard_input()
    {
        foreach (var args in new[]
        {
            new[] { "feeds", "import", "debian", Fixture.Path("tracker-excerpt.json") },
            ["product", "add", "gateway", "--release", "1", "--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--debian-release", "bookworm"],
            ["scan", "--product", "gateway", "--quiet"],
            ["triage", "set", "--product", "gateway", "--cve", "CVE-2025-4802", "--component", "glibc", "--state", "not_affected", "--justification", "vulnerable_code_not_in_execute_path", "--author", "alice"],
            ["vex", "export", "--product", "gateway", "--author", "alice", "-o", home.File("gateway.vex.json")],
        })
        {
            var step = await CliRunner.RunAsync(null, home.Path, [.. args, "--data-dir", DataDir]);
            Assert.True(step.ExitCode == 0, step.Error);
        }

        var result = await CliRunner.RunWithInputAsync(File.ReadAllBytes(home.File("gateway.vex.json")), home.Path, "vex", "import", "-", "--product", "gateway", "--data-dir", DataDir);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("imported 1 statements", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_reads_a_clearsigned_file_from_standard_input()
    {
        var created = DateTime.UtcNow.AddDays(-1);
        var key = OpenPgpForge.Ed25519(created);
        const string text = "6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b *image.wic";
        var signature = OpenPgpForge.Sign(key, Encoding.UTF8.GetBytes(text), DateTime.UtcNow, signatureType: PgpSignature.CanonicalTextDocument);
        var keyring = home.Write("key.asc", OpenPgpForge.Keyring(OpenPgpForge.Certified(key, "Release <r@example.org>", created)));
        var message = $"-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n{text}\n{signature}";

        var good = await CliRunner.RunWithInputAsync(Encoding.UTF8.GetBytes(message), home.Path, "verify", "-", "--keyring", keyring);
        var bad = await CliRunner.RunWithInputAsync(Encoding.UTF8.GetBytes(message.Replace("*image.wic", "*evil.wic", StringComparison.Ordinal)), home.Path, "verify", "-", "--keyring", keyring);

        Assert.True(good.ExitCode == 0, good.Out + good.Error);
        Assert.StartsWith("good signature by Release <r@example.org>", good.Out, StringComparison.Ordinal);
        Assert.Equal(1, bad.ExitCode);
        Assert.StartsWith("BAD signature", bad.Out, StringComparison.Ordinal);
    }
}
