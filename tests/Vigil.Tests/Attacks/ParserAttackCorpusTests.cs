using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Vigil.Tests.Support;

namespace Vigil.Tests.Attacks;

/// <summary>
/// A product, its feeds, keys and records, made once for the attack corpus: each attack gets its own copy of what it
/// damages, and reads the rest.
/// </summary>
public sealed class AttackWorld : IDisposable
{
    public const string Passphrase = "correct horse battery";

    public AttackWorld()
    {
        Directory = new TempDirectory();
        DataDir = Directory.File("data");
        Run("feeds", "import", "debian", Fixture.Path("tracker-excerpt.json"));
        Run("feeds", "import", "kernel", KernelFixture.Root);
        Run("product", "add", "gateway", "--release", "1", "--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--debian-release", "bookworm");
        Run("scan", "--product", "gateway", "--quiet");
        Run("triage", "set", "--product", "gateway", "--cve", "CVE-2025-4802", "--component", "glibc", "--state", "not_affected",
            "--justification", "vulnerable_code_not_in_execute_path", "--author", "alice");
        Run("vex", "export", "--product", "gateway", "-o", Directory.File("gateway.vex.json"));
        Run("vex", "export", "--product", "gateway", "--format", "cyclonedx", "-o", Directory.File("gateway.cdx.json"));
        Run("key", "generate", "--name", "Release", "--email", "release@example.org", "--out-dir", Directory.File("keys"));
        SecretKey = System.IO.Directory.GetFiles(Directory.File("keys"), "*.secret.asc").Single();
        PublicKey = System.IO.Directory.GetFiles(Directory.File("keys"), "*.public.asc").Single();
        Data = Directory.Write("SHA256SUMS", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef *image.wic\n");
        Run("sign", Data, "--key", SecretKey);
        Run("process", "init", Directory.File("security"));
        Run("db", "migrate", "--database", Directory.File("team.db"));
        KernelSource = Directory.File("linux");
        foreach (var (dir, obj) in new[] { ("", "obj-y += init/ kernel/ mm/ net/\n"), ("init", "obj-y := main.o\n"), ("kernel", "obj-y := fork.o\n"), ("mm", "obj-y := memory.o\n"), ("net", "obj-$(CONFIG_NET) += core.o\n") })
        {
            Directory.Write(Path.Combine("linux", dir, dir.Length == 0 ? "Kbuild" : "Makefile"), obj);
        }
        foreach (var source in new[] { "init/main.c", "kernel/fork.c", "mm/memory.c", "net/core.c" })
        {
            Directory.Write(Path.Combine("linux", source), "");
        }
    }

    public TempDirectory Directory { get; }

    public string DataDir { get; }

    public string SecretKey { get; }

    public string PublicKey { get; }

    public string Data { get; }

    public string KernelSource { get; }

    public void Run(params string[] args)
    {
        var result = CliRunner.RunAsync(new Dictionary<string, string> { ["VIGIL_PASSPHRASE"] = Passphrase }, Directory.Path, [.. args, "--data-dir", DataDir]).GetAwaiter().GetResult();
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"vigil {string.Join(' ', args)}: {result.Error}");
        }
    }

    public void Dispose() => Directory.Dispose();
}

/// <summary>
/// Every parser Vigil has, fed the whole attack corpus (<see cref="AttackCorpus"/>) through the command line: each
/// input is read or refused in one line, never a crash, a hang, raw exception text or a resource key; special files
/// and deep nesting are always refused; and a refused import leaves the stored feed as it was.
/// </summary>
public sealed partial class ParserAttackCorpusTests(AttackWorld world) : IClassFixture<AttackWorld>, IDisposable
{
    private readonly AttackWorld world = world;
    private static readonly TimeSpan NoHang = TimeSpan.FromSeconds(60);
    private readonly TempDirectory work = new();

    public void Dispose() => work.Dispose();

    /// <summary>A parser: a valid input to derive attacks from, and how the command line hands a file to it.</summary>
    private sealed record Target(InputShape Shape, Func<AttackWorld, byte[]> Valid, Func<ParserAttackCorpusTests, string, string[]> Command,
        string FileName = "input", Func<ParserAttackCorpusTests, string>? PlaceIn = null, string? StoredFeed = null);

    private const string CsafVexSample = """
        {"document": {"category": "csaf_vex", "csaf_version": "2.0", "publisher": {"category": "vendor", "name": "ACME", "namespace": "https://acme.example"},
          "title": "t", "tracking": {"id": "A-1", "version": "1", "status": "final"}},
         "product_tree": {"branches": [{"category": "vendor", "name": "Debian", "branches": [{"category": "product_name", "name": "glibc", "branches": [
           {"category": "product_version", "name": "2.36-9+deb12u14", "product": {"name": "glibc", "product_id": "P1",
             "product_identification_helper": {"purl": "pkg:deb/debian/glibc@2.36-9%2Bdeb12u14?arch=source"}}}]}]}]},
         "vulnerabilities": [{"cve": "CVE-2025-4802", "product_status": {"known_not_affected": ["P1"]}, "flags": [{"label": "vulnerable_code_not_present", "product_ids": ["P1"]}]}]}
        """;

    /// <summary>Each stored feed file, with the import that makes a good one of it.</summary>
    private static readonly Dictionary<string, (string Name, Func<string> Source)> GoodFeeds = new()
    {
        ["debian-tracker.vdb"] = ("debian", () => Fixture.Path("tracker-excerpt.json")),
        ["kernel-cna.vdb"] = ("kernel", () => KernelFixture.Root),
        ["cip-kernel-sec.json"] = ("cip-kernel-sec", () => Fixture.Path("cip-kernel-sec")),
        ["cisa-kev.vdb"] = ("kev", () => Fixture.Path("kev-excerpt.json")),
        ["first-epss.vdb"] = ("epss", () => Fixture.Path("epss-excerpt.csv.gz")),
    };

    private static readonly Dictionary<string, Target> Targets = new()
    {
        ["dpkg-status"] = new(InputShape.Text, _ => File.ReadAllBytes(Fixture.Path("status-bookworm-excerpt")),
            (t, path) => ["scan", "--dpkg-status", path, "--release", "bookworm"]),
        ["debian-tracker-json"] = new(InputShape.Json, _ => File.ReadAllBytes(Fixture.Path("tracker-excerpt.json")),
            (t, path) => ["feeds", "import", "debian", path], StoredFeed: "debian-tracker.vdb"),
        ["kernel-cve-record"] = new(InputShape.Json, _ => File.ReadAllBytes(Path.Combine(KernelFixture.Root, "cve/published/2024/CVE-2024-26581.json")),
            (t, path) => ["feeds", "import", "kernel", t.work.File("vulns")], "CVE-2024-26581.json", t => t.KernelTree(), "kernel-cna.vdb"),
        ["kernel-dyad"] = new(InputShape.Text, _ => File.ReadAllBytes(Path.Combine(KernelFixture.Root, "cve/published/2024/CVE-2024-26581.dyad")),
            (t, path) => ["feeds", "import", "kernel", t.work.File("vulns")], "CVE-2024-26581.dyad", t => t.KernelTree(), "kernel-cna.vdb"),
        ["cip-kernel-sec-issue"] = new(InputShape.Yaml, _ => File.ReadAllBytes(Fixture.Path("cip-kernel-sec/issues/CVE-2015-7566.yml")),
            (t, path) => ["feeds", "import", "cip-kernel-sec", t.work.File("cip")], "CVE-2015-7566.yml", t => t.CipTree(), "cip-kernel-sec.json"),
        ["risk-policy"] = new(InputShape.Yaml, _ => Encoding.UTF8.GetBytes("cvss: { high: 7.0, medium: 4.0 }\nunrated: medium\nremote-raises: true\nexposed-packages: [openssl, openssh]\nexposed-kernel-paths: [net/]\nknown-exploited: [CVE-2024-1086]\n"),
            (t, path) => ["triage", "list", "--product", "gateway", "--policy", path]),
        ["epss-csv"] = new(InputShape.Text, _ => Encoding.UTF8.GetBytes("#model_version:v2025.03.14,score_date:2026-11-26T00:00:00+0000\ncve,epss,percentile\nCVE-2025-4802,0.00043,0.11\nCVE-2024-1086,0.85,0.99\n"),
            (t, path) => ["triage", "list", "--product", "gateway", "--policy", t.work.Write("policy.yml", $"epss: {{ file: \"{path}\", high: 0.1 }}\n")]),
        ["process-requirements"] = new(InputShape.Yaml, w => File.ReadAllBytes(w.Directory.File("security/requirements.yml")),
            (t, path) => ["process", "check", t.work.File("security")], "requirements.yml", t => t.Records()),
        ["process-people"] = new(InputShape.Yaml, w => File.ReadAllBytes(w.Directory.File("security/people.yml")),
            (t, path) => ["process", "check", t.work.File("security")], "people.yml", t => t.Records()),
        ["junit-results"] = new(InputShape.Xml, _ => Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?>\n<testsuites><testsuite name=\"s\" tests=\"3\" failures=\"0\" errors=\"0\" skipped=\"1\"><testcase name=\"a\"/></testsuite></testsuites>\n"),
            (t, path) => ["process", "check", t.work.File("security")], "junit.xml", t => t.Records(results: "results/junit.xml")),
        ["sarif-results"] = new(InputShape.Json, _ => Encoding.UTF8.GetBytes("""{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"cppcheck"}},"results":[{"level":"warning","message":{"text":"x"}}]}]}"""),
            (t, path) => ["process", "check", t.work.File("security")], "results.sarif", t => t.Records(results: "results/results.sarif")),
        ["openvex-import"] = new(InputShape.Json, w => File.ReadAllBytes(w.Directory.File("gateway.vex.json")),
            (t, path) => ["vex", "import", path, "--product", "gateway"]),
        ["cyclonedx-vex-import"] = new(InputShape.Json, w => File.ReadAllBytes(w.Directory.File("gateway.cdx.json")),
            (t, path) => ["vex", "import", path, "--product", "gateway"]),
        ["checksum-manifest"] = new(InputShape.Text, _ => Encoding.ASCII.GetBytes("6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b *image.wic\n"),
            (t, path) => ["release", "verify", t.Release(), "--manifest", path]),
        ["keyring"] = new(InputShape.Binary, w => File.ReadAllBytes(w.PublicKey),
            (t, path) => ["verify", t.world.Data + ".asc", "--data", t.world.Data, "--keyring", path]),
        ["detached-signature"] = new(InputShape.Binary, w => File.ReadAllBytes(w.Data + ".asc"),
            (t, path) => ["verify", path, "--data", t.world.Data, "--keyring", t.world.PublicKey]),
        ["clearsigned-file"] = new(InputShape.Text, ClearSigned,
            (t, path) => ["verify", path, "--keyring", t.work.Write("clear.asc", ClearSignKeyring)]),
        ["secret-key"] = new(InputShape.Binary, w => File.ReadAllBytes(w.SecretKey),
            (t, path) => ["sign", t.work.Write("data.txt", "data"), "--key", Private(path), "--out", t.work.File("data.txt.asc")]),
        ["passphrase-file"] = new(InputShape.Text, _ => Encoding.UTF8.GetBytes(AttackWorld.Passphrase + "\n"),
            (t, path) => ["sign", t.work.Write("data.txt", "data"), "--key", t.world.SecretKey, "--passphrase-file", Private(path), "--out", t.work.File("data.txt.asc")]),
        ["compiled-files"] = new(InputShape.Text, _ => Encoding.ASCII.GetBytes("init/main.c\nkernel/fork.c\nmm/memory.c\nnet/netfilter/nf_tables_api.c\n"),
            (t, path) => ["kernel", "scan", "--version", "6.6.10", "--compiled-files", path]),
        ["spdx-sbom"] = new(InputShape.Json, _ => Encoding.UTF8.GetBytes("""{"spdxVersion":"SPDX-2.3","files":[{"fileName":"./init/main.c"},{"fileName":"./kernel/fork.c"},{"fileName":"./mm/memory.c"}]}"""),
            (t, path) => ["kernel", "scan", "--version", "6.6.10", "--spdx", path]),
        ["cyclonedx-package-sbom"] = new(InputShape.Json, _ => File.ReadAllBytes(Fixture.Path("sbom-syft-excerpt.cdx.json")),
            (t, path) => ["scan", "--sbom", path, "--offline"]),
        ["spdx-package-sbom"] = new(InputShape.Json, _ => File.ReadAllBytes(Fixture.Path("sbom-syft-excerpt.spdx.json")),
            (t, path) => ["scan", "--sbom", path, "--offline"]),
        ["csaf-vex"] = new(InputShape.Json, _ => Encoding.UTF8.GetBytes(CsafVexSample),
            (t, path) => ["scan", "--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--release", "bookworm", "--vex", path, "--offline"]),
        ["kev-catalog"] = new(InputShape.Json, _ => File.ReadAllBytes(Fixture.Path("kev-excerpt.json")),
            (t, path) => ["feeds", "import", "kev", path], StoredFeed: "cisa-kev.vdb"),
        ["epss-feed"] = new(InputShape.Text, _ => Encoding.UTF8.GetBytes("#model_version:v2025.03.14,score_date:2026-11-26T00:00:00+0000\ncve,epss,percentile\nCVE-2025-4802,0.00043,0.11\nCVE-2024-1086,0.85,0.99\n"),
            (t, path) => ["feeds", "import", "epss", path], StoredFeed: "first-epss.vdb"),
        ["kernel-in-sbom"] = new(InputShape.Json, _ => Encoding.UTF8.GetBytes("""{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"operating-system","name":"linux","version":"6.6.10","cpe":"cpe:2.3:o:linux:linux_kernel:6.6.10:*:*:*:*:*:*:*"}]}"""),
            (t, path) => ["kernel", "scan", "--sbom", path]),
        ["spdx-tag-value-package-sbom"] = new(InputShape.Text, _ => File.ReadAllBytes(Fixture.Path("sbom-trivy-excerpt.spdx")),
            (t, path) => ["scan", "--sbom", path, "--offline"]),
        ["debsbom-cyclonedx-sbom"] = new(InputShape.Json, _ => File.ReadAllBytes(Fixture.Path("sbom-debsbom-excerpt.cdx.json")),
            (t, path) => ["scan", "--sbom", path, "--release", "bookworm", "--offline"]),
        ["kernel-config"] = new(InputShape.Text, _ => Encoding.ASCII.GetBytes("CONFIG_X86=y\nCONFIG_NET=y\n# CONFIG_SOUND is not set\n"),
            (t, path) => ["kernel", "scan", "--version", "6.6.10", "--kconfig", path, "--source", t.world.KernelSource]),
        ["o-cmd-file"] = new(InputShape.Text, _ => Encoding.ASCII.GetBytes("source_net/core.o := /src/net/core.c\ndeps_net/core.o := \\\n  include/linux/x.h \\\n\n"),
            (t, path) => ["kernel", "scan", "--version", "6.6.10", "--build-dir", t.work.File("build")], ".core.o.cmd", t => t.BuildDirectory()),
        ["os-release"] = new(InputShape.Text, _ => Encoding.ASCII.GetBytes("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_CODENAME=bookworm\n"),
            (t, path) => ["scan", "--rootfs", t.work.File("rootfs")], "os-release", t => t.Rootfs()),
        ["sqlite-database"] = new(InputShape.Binary, w => File.ReadAllBytes(w.Directory.File("team.db")),
            (t, path) => ["product", "list", "--database", path], "team.db"),
    };

    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var (name, target) in Targets)
        {
            foreach (var attack in AttackCorpus.Against(Encoding.UTF8.GetBytes("x"), target.Shape))
            {
                // Names only: the attacks themselves are derived from the real valid input in the test.
                if (!attack.Name.StartsWith("truncated", StringComparison.Ordinal) && !attack.Name.StartsWith("wrong-type", StringComparison.Ordinal))
                {
                    cases.Add(name, attack.Name);
                }
            }
            cases.Add(name, "truncations");
            if (target.Shape is InputShape.Json or InputShape.Yaml)
            {
                cases.Add(name, "wrong-types");
            }
        }
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_parser_reads_or_refuses_each_attack_in_one_line(string targetName, string attackName)
    {
        var target = Targets[targetName];
        var attacks = AttackCorpus.Against(target.Valid(world), target.Shape)
            .Where(a => attackName switch
            {
                "truncations" => a.Name.StartsWith("truncated", StringComparison.Ordinal),
                "wrong-types" => a.Name.StartsWith("wrong-type", StringComparison.Ordinal),
                _ => a.Name == attackName,
            })
            .ToArray();
        Assert.NotEmpty(attacks);
        foreach (var attack in attacks)
        {
            await Attack(targetName, target, attack);
        }
    }

    private async Task Attack(string targetName, Target target, Attack attack)
    {
        var directory = target.PlaceIn?.Invoke(this) ?? work.Path;
        var path = Path.Combine(directory, target.FileName);
        if (File.Exists(path))
        {
            File.Delete(path);
        }
        attack.Plant(path);
        var dataDir = world.DataDir;
        byte[]? storedBefore = null;
        if (target.StoredFeed is { } feed)
        {
            // Imports get a data directory of their own, holding a good feed the attack must not damage.
            dataDir = work.File("data");
            var (name, source) = GoodFeeds[feed];
            await CliRunner.RunAsync(null, work.Path, "feeds", "import", name, source(), "--data-dir", dataDir);
            storedBefore = SHA256.HashData(File.ReadAllBytes(Path.Combine(dataDir, "feeds", feed)));
        }
        var args = target.Command(this, path);
        var run = CliRunner.RunAsync(new Dictionary<string, string> { ["VIGIL_PASSPHRASE"] = AttackWorld.Passphrase }, work.Path, [.. args, "--data-dir", dataDir]);
        var what = $"{targetName} / {attack.Name}: vigil {string.Join(' ', args)}";
        Assert.True(await Task.WhenAny(run, Task.Delay(NoHang)) == run, $"{what} did not finish within {NoHang.TotalSeconds} s");
        var result = await run;

        Assert.True(result.ExitCode is 0 or 1 or 2, $"{what} exited {result.ExitCode}: {result.Error}");
        Assert.DoesNotContain("internal error", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.False(ResourceKey().IsMatch(result.Error + result.Out), $"{what} printed a resource key: {result.Error}");
        var errors = result.Error.Split('\n').Where(l => l.StartsWith("vigil: error: ", StringComparison.Ordinal)).ToArray();
        Assert.True(errors.Length <= 1, $"{what} printed {errors.Length} errors: {result.Error}");
        if (result.ExitCode == 1)
        {
            Assert.True(errors.Length == 1 || result.Out.Length > 0, $"{what} failed without saying why: {result.Error}");
        }
        if (attack.MustBeRefused || attack.Name == "deep-nesting")
        {
            Assert.True(result.ExitCode != 0, $"{what} accepted it: {result.Out}");
        }
        if (storedBefore is not null && result.ExitCode != 0)
        {
            Assert.Equal(storedBefore, SHA256.HashData(File.ReadAllBytes(Path.Combine(dataDir, "feeds", target.StoredFeed!))));
            Assert.Empty(Directory.GetFiles(Path.Combine(dataDir, "feeds"), "*.tmp"));
        }
    }

    [GeneratedRegex(@"\b(?:IO|Arg|Argument|Xml|Format|InvalidOperation|Serialization|Overflow|Security|Net|Cryptography|Collections|Globalization|NotSupported)_[A-Za-z_]+")]
    private static partial Regex ResourceKey();

    private static string Private(string path)
    {
        if (File.Exists(path) && InputKind(path) == "file")
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return path;
    }

    private static string InputKind(string path) => (File.GetAttributes(path) & FileAttributes.ReparsePoint) != 0 ? "link" : "file";

    private string KernelTree() => Path.Combine(work.CopyTree(KernelFixture.Root, "vulns"), "cve", "published", "2024");

    private string CipTree() => Path.Combine(work.CopyTree(Fixture.Path("cip-kernel-sec"), "cip"), "issues");

    private string Records(string? results = null)
    {
        var folder = work.CopyTree(world.Directory.File("security"), "security");
        if (results is null)
        {
            return folder;
        }
        var threats = Path.Combine(folder, "threat-model.yml");
        File.WriteAllText(threats, File.ReadAllText(threats).Replace("    result: pass\n", $"    results: {results}\n", StringComparison.Ordinal));
        Directory.CreateDirectory(Path.Combine(folder, "results"));
        return Path.Combine(folder, "results");
    }

    private string Release()
    {
        work.Write("release/image.wic", "1");
        return work.File("release");
    }

    private string BuildDirectory()
    {
        foreach (var always in new[] { "init/main", "kernel/fork", "mm/memory" })
        {
            work.Write($"build/{Path.GetDirectoryName(always)}/.{Path.GetFileName(always)}.o.cmd", $"source_{always}.o := /src/{always}.c\n");
        }
        Directory.CreateDirectory(work.File("build/net"));
        return work.File("build/net");
    }

    private string Rootfs()
    {
        work.Write("rootfs/var/lib/dpkg/status", File.ReadAllText(Fixture.Path("status-bookworm-excerpt")));
        Directory.CreateDirectory(work.File("rootfs/etc"));
        return work.File("rootfs/etc");
    }

    /// <summary>A clearsigned manifest and the key that signed it, made with the forge (a text signature, as gpg --clearsign makes).</summary>
    private static readonly (byte[] Text, string Keyring) ClearSignedMaterial = MakeClearSigned();

    private static string ClearSignKeyring => ClearSignedMaterial.Keyring;

    private static byte[] ClearSigned(AttackWorld world) => ClearSignedMaterial.Text;

    private static (byte[] Text, string Keyring) MakeClearSigned()
    {
        var created = DateTime.UtcNow.AddDays(-1);
        var key = OpenPgpForge.Ed25519(created);
        const string text = "6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b *image.wic";
        var signature = OpenPgpForge.Sign(key, Encoding.UTF8.GetBytes(text), DateTime.UtcNow, signatureType: PgpSignature.CanonicalTextDocument);
        var message = $"-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n{text}\n{signature}";
        return (Encoding.UTF8.GetBytes(message), OpenPgpForge.Keyring(OpenPgpForge.Certified(key, "Clear <clear@example.org>", created)));
    }
}
