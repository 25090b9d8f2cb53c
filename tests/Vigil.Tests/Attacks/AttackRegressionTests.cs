using System.Diagnostics;
using System.Text;
using Vigil.Tests.Support;

namespace Vigil.Tests.Attacks;

/// <summary>
/// The crashes, hangs, silent misses and raw messages an attack run found (issue 9, items 9-20), each as the
/// attacker did it, through the command line. Signatures and databases have their own files.
/// </summary>
public sealed class AttackRegressionTests : IDisposable
{
    private static readonly TimeSpan NoHang = TimeSpan.FromSeconds(60);
    private readonly TempDirectory home = new();

    public void Dispose() => home.Dispose();

    private string DataDir => Path.Combine(home.Path, "data");

    private async Task<CliResult> Vigil(params string[] args)
    {
        var run = CliRunner.RunAsync(new Dictionary<string, string> { ["VIGIL_PASSPHRASE"] = "correct horse battery" }, home.Path, [.. args, "--data-dir", DataDir]);
        Assert.True(await Task.WhenAny(run, Task.Delay(NoHang)) == run, $"vigil {string.Join(' ', args)} did not finish within {NoHang.TotalSeconds} s");
        return await run;
    }

    private static void AssertOneLineError(CliResult result, string expected)
    {
        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.Error.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("vigil: error: ", result.Error, StringComparison.Ordinal);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", result.Error, StringComparison.Ordinal);
    }

    private static string Nested(string open, string close, int depth) => string.Concat(Enumerable.Repeat(open, depth)) + string.Concat(Enumerable.Repeat(close, depth));

    private string Fifo(string name)
    {
        var path = home.File(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Assert.Equal(0, Tool.Run(home.Path, "mkfifo", path).ExitCode);
        return path;
    }

    private async Task Product()
    {
        Assert.Equal(0, (await Vigil("feeds", "import", "debian", Fixture.Path("tracker-excerpt.json"))).ExitCode);
        Assert.Equal(0, (await Vigil("product", "add", "gateway", "--release", "1", "--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--debian-release", "bookworm")).ExitCode);
        Assert.Equal(0, (await Vigil("scan", "--product", "gateway", "--quiet")).ExitCode);
    }

    private string CipKernelSecCopy() => home.CopyTree(Fixture.Path("cip-kernel-sec"), "cip-kernel-sec");

    private string KernelTreeCopy() => home.CopyTree(KernelFixture.Root, "vulns");

    // Item 9: 200 KB of nested YAML overflowed the stack in every YAML loader.
    [Fact]
    public async Task Deeply_nested_yaml_in_a_risk_policy_is_one_line_not_a_stack_overflow()
    {
        await Product();
        var policy = home.Write("policy.yml", "cvss: " + Nested("[", "]", 100_000) + "\n");

        AssertOneLineError(await Vigil("triage", "list", "--product", "gateway", "--policy", policy), $"{policy}:1: nested more than 64 levels deep");
    }

    [Fact]
    public async Task Deeply_nested_yaml_in_process_records_is_one_line_not_a_stack_overflow()
    {
        Assert.Equal(0, (await Vigil("process", "init", "security")).ExitCode);
        home.Write("security/reviews.yml", "reviews: " + Nested("[", "]", 100_000) + "\n");

        AssertOneLineError(await Vigil("process", "check", "security"), "security/reviews.yml:1: nested more than 64 levels deep");
    }

    [Fact]
    public async Task Deeply_nested_yaml_in_a_cip_kernel_sec_issue_is_one_line_not_a_stack_overflow()
    {
        var root = CipKernelSecCopy();
        File.WriteAllText(Path.Combine(root, "issues", "CVE-2015-7566.yml"), "fixed-by: " + Nested("{a: ", "}", 50_000) + "\n");

        AssertOneLineError(await Vigil("feeds", "import", "cip-kernel-sec", root), "issues/CVE-2015-7566.yml:1: nested more than 64 levels deep");
    }

    [Fact]
    public async Task Thousands_of_yaml_aliases_are_refused()
    {
        Assert.Equal(0, (await Vigil("process", "init", "security")).ExitCode);
        var text = new StringBuilder("a: &a [x]\nreviews:\n");
        for (var i = 0; i < 1000; i++)
        {
            text.Append("  - *a\n");
        }
        home.Write("security/reviews.yml", text.ToString());

        AssertOneLineError(await Vigil("process", "check", "security"), "more than 256 aliases");
    }

    // Item 10: a JUnit file of 100,000 nested elements took 17.6 s.
    [Fact]
    public async Task Deeply_nested_junit_evidence_is_refused_at_once()
    {
        Assert.Equal(0, (await Vigil("process", "init", "security")).ExitCode);
        home.Write("security/results/junit.xml", "<testsuites>" + Nested("<a>", "</a>", 100_000) + "</testsuites>");
        var path = home.File("security/threat-model.yml");
        File.WriteAllText(path, File.ReadAllText(path).Replace("    result: pass\n", "    results: results/junit.xml\n", StringComparison.Ordinal));
        var clock = Stopwatch.StartNew();

        var result = await Vigil("process", "check", "security");

        AssertOneLineError(result, "security/results/junit.xml:1: nested more than 32 levels deep; not JUnit XML");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Junit_evidence_with_a_dtd_is_refused()
    {
        Assert.Equal(0, (await Vigil("process", "init", "security")).ExitCode);
        home.Write("security/results/junit.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n<testsuite tests=\"1\">&e;</testsuite>\n");
        var path = home.File("security/threat-model.yml");
        File.WriteAllText(path, File.ReadAllText(path).Replace("    result: pass\n", "    results: results/junit.xml\n", StringComparison.Ordinal));

        AssertOneLineError(await Vigil("process", "check", "security"), "security/results/junit.xml:1: not JUnit XML (not well-formed, or it has a DTD)");
    }

    // Item 11: a FIFO blocked forever.
    [Fact]
    public async Task A_fifo_given_as_a_dpkg_status_file_is_refused_not_waited_on()
    {
        Assert.Equal(0, (await Vigil("feeds", "import", "debian", Fixture.Path("tracker-excerpt.json"))).ExitCode);
        var fifo = Fifo("status");

        AssertOneLineError(await Vigil("scan", "--dpkg-status", fifo, "--release", "bookworm"), $"{fifo} is a FIFO, not a regular file");
    }

    [Fact]
    public async Task A_fifo_as_a_cip_kernel_sec_issue_file_is_refused_not_waited_on()
    {
        var root = CipKernelSecCopy();
        File.Delete(Path.Combine(root, "issues", "CVE-2015-7566.yml"));
        Fifo("cip-kernel-sec/issues/CVE-2015-7566.yml");

        AssertOneLineError(await Vigil("feeds", "import", "cip-kernel-sec", root), "CVE-2015-7566.yml is a FIFO, not a regular file");
    }

    [Fact]
    public async Task A_fifo_in_a_release_directory_is_reported_never_read()
    {
        home.Write("release/image.wic", "image");
        var release = home.File("release");
        Assert.Equal(0, (await Vigil("release", "manifest", release)).ExitCode);
        Fifo("release/planted");

        var verify = await Vigil("release", "verify", release, "--manifest", Path.Combine(release, "SHA256SUMS"));
        var manifest = await Vigil("release", "manifest", release, "--out", home.File("other.sums"));

        Assert.Equal(1, verify.ExitCode);
        Assert.Contains("SPECIAL  planted (FIFO)", verify.Out, StringComparison.Ordinal);
        AssertOneLineError(manifest, "holds planted (FIFO): a release manifest lists regular files only");
    }

    // Item 12: Ctrl-C (and SIGTERM) during an import stop it and keep the old feed.
    [Theory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public async Task A_signal_during_an_import_stops_it_keeps_the_old_feed_and_leaves_no_temporary_file(string signal, int exitCode)
    {
        Assert.Equal(0, (await Vigil("feeds", "import", "debian", Fixture.Path("tracker-excerpt.json"))).ExitCode);
        var feed = Path.Combine(DataDir, "feeds", "debian-tracker.vdb");
        var before = File.ReadAllBytes(feed);
        var big = LargeTrackerFeed();
        using var import = StartVigil("feeds", "import", "debian", big);

        // While it reads the feed (seconds), not in the last milliseconds of writing: a busy machine must not let it finish first.
        await WaitUntilReading(import, big);
        // Sent from here, not by starting kill(1): on a loaded machine starting a process can take longer than the import.
        Assert.Equal(0, Signals.Send(import.Id, signal == "INT" ? Signals.Interrupt : Signals.Terminate));
        Assert.True(import.WaitForExit(NoHang), "the import did not stop");

        Assert.Equal(exitCode, import.ExitCode);
        Assert.Equal("vigil: interrupted; nothing stored was changed\n", await import.StandardError.ReadToEndAsync());
        Assert.Equal(before, File.ReadAllBytes(feed));
        Assert.Empty(Directory.GetFiles(Path.Combine(DataDir, "feeds"), "*.tmp"));
    }

    // Item 13: temporary files of killed imports pile up.
    [Fact]
    public async Task Temporary_files_of_a_killed_import_are_removed_by_the_next_one()
    {
        var big = LargeTrackerFeed();
        using var import = StartVigil("feeds", "import", "debian", big);
        await WaitForTemporaryFile();
        import.Kill();
        await import.WaitForExitAsync();
        var left = Directory.GetFiles(Path.Combine(DataDir, "feeds"), "*.tmp");

        var next = await Vigil("feeds", "import", "debian", Fixture.Path("tracker-excerpt.json"));

        Assert.NotEmpty(left);
        Assert.Equal(0, next.ExitCode);
        Assert.Empty(Directory.GetFiles(Path.Combine(DataDir, "feeds"), "*.tmp"));
    }

    /// <summary>A tracker feed big enough that importing it takes a while (about 60 MB): 300,000 source packages.</summary>
    private string LargeTrackerFeed()
    {
        var path = home.File("large.json");
        using var writer = new StreamWriter(path);
        writer.Write('{');
        for (var i = 0; i < 300_000; i++)
        {
            writer.Write($"{(i == 0 ? "" : ",")}\"package{i}\":{{\"CVE-2024-{10000 + i % 50000}\":{{\"description\":\"synthetic entry for an interrupted import\",\"scope\":\"local\",\"releases\":{{\"bookworm\":{{\"status\":\"resolved\",\"fixed_version\":\"1.{i}-1\",\"urgency\":\"low\",\"repositories\":{{\"bookworm\":\"1.{i}-1\"}}}}}}}}}}");
        }
        writer.Write('}');
        return path;
    }

    private Process StartVigil(params string[] args)
    {
        // Through python3, which sets SIGINT back to its default before exec: a test run started in the background
        // by a non-interactive shell inherits SIGINT ignored, and an ignored signal stays ignored across exec.
        var info = new ProcessStartInfo("python3") { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = home.Path };
        foreach (var arg in new[] { "-c", "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])", "dotnet" })
        {
            info.ArgumentList.Add(arg);
        }
        info.ArgumentList.Add(VigilProcess.Dll);
        foreach (var arg in args.Concat(["--data-dir", DataDir]))
        {
            info.ArgumentList.Add(arg);
        }
        return Process.Start(info)!;
    }

    /// <summary>Waits until the process has <paramref name="file"/> open, as /proc shows its descriptors.</summary>
    private static async Task WaitUntilReading(Process process, string file)
    {
        var clock = Stopwatch.StartNew();
        while (!Directory.GetFiles($"/proc/{process.Id}/fd").Any(fd => new FileInfo(fd).LinkTarget == file))
        {
            Assert.True(clock.Elapsed < NoHang && !process.HasExited, "the import never opened the feed");
            await Task.Delay(10);
        }
    }

    private async Task WaitForTemporaryFile()
    {
        var feeds = Path.Combine(DataDir, "feeds");
        var clock = Stopwatch.StartNew();
        while (!(Directory.Exists(feeds) && Directory.GetFiles(feeds, "*.tmp").Length > 0))
        {
            Assert.True(clock.Elapsed < NoHang, "the import never started writing");
            await Task.Delay(20);
        }
    }

    // Item 14: a build list that is not a kernel build's turned most findings into not-built.
    [Theory]
    [InlineData("")]
    [InlineData("net/netfilter/nf_tables_api.c\n")]
    public async Task A_compiled_files_list_that_is_not_a_kernel_build_is_an_error(string list)
    {
        Assert.Equal(0, (await Vigil("feeds", "import", "kernel", KernelFixture.Root)).ExitCode);
        var path = home.Write("compiled.txt", list);

        var result = await Vigil("kernel", "scan", "--version", "6.6.10", "--compiled-files", path, "--fail-on", "high");

        AssertOneLineError(result, "which every kernel build compiles: not a kernel build's list of compiled files, so nothing is judged not built");
    }

    [Fact]
    public async Task A_binary_given_as_compiled_files_is_an_error()
    {
        Assert.Equal(0, (await Vigil("feeds", "import", "kernel", KernelFixture.Root)).ExitCode);

        AssertOneLineError(await Vigil("kernel", "scan", "--version", "6.6.10", "--compiled-files", "/bin/ls"), "not init/main.c, kernel/fork.c, mm/memory.c");
    }

    [Fact]
    public async Task An_sbom_naming_one_unrelated_file_is_an_error()
    {
        Assert.Equal(0, (await Vigil("feeds", "import", "kernel", KernelFixture.Root)).ExitCode);
        var sbom = home.Write("other.spdx.json", """{"spdxVersion":"SPDX-2.3","files":[{"fileName":"./src/main.rs"}]}""");

        AssertOneLineError(await Vigil("kernel", "scan", "--version", "6.6.10", "--spdx", sbom), $"SBOM {sbom}: 1 files read, but not init/main.c");
    }

    [Fact]
    public async Task A_real_build_list_says_how_many_files_it_read()
    {
        Assert.Equal(0, (await Vigil("feeds", "import", "kernel", KernelFixture.Root)).ExitCode);
        var path = home.Write("compiled.txt", "init/main.c\nkernel/fork.c\nmm/memory.c\nnet/netfilter/nf_tables_api.c\n");

        var result = await Vigil("kernel", "scan", "--version", "6.6.10", "--compiled-files", path, "--format", "json");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"file list {path}, 4 files read", result.Out, StringComparison.Ordinal);
    }

    // Item 15: a record with a wrong type imported with exit 0 and its CVE vanished.
    [Theory]
    [InlineData("\"affected\": [", "\"affected\": \"x\", \"was\": [", "expected containers.cna.affected to be a list, found a string")]
    [InlineData("\"programFiles\": [", "\"programFiles\": {\"a\": 1}, \"was\": [", "expected affected[].programFiles to be a list, found an object")]
    [InlineData("\"versions\": [", "\"versions\": 7, \"was\": [", "expected affected[].versions to be a list, found a number")]
    public async Task A_kernel_record_with_a_field_of_the_wrong_type_is_refused_naming_the_file(string field, string replacement, string expected)
    {
        Assert.Equal(0, (await Vigil("feeds", "import", "kernel", KernelFixture.Root)).ExitCode);
        var feed = Path.Combine(DataDir, "feeds", "kernel-cna.vdb");
        var before = File.ReadAllBytes(feed);
        var root = KernelTreeCopy();
        var record = Path.Combine(root, "cve", "published", "2024", "CVE-2024-26581.json");
        var json = File.ReadAllText(record);
        Assert.Contains(field, json, StringComparison.Ordinal);
        File.WriteAllText(record, json.Replace(field, replacement, StringComparison.Ordinal));

        var result = await Vigil("feeds", "import", "kernel", root);

        AssertOneLineError(result, $"cve/published/2024/CVE-2024-26581.json: CVE-2024-26581: {expected}");
        Assert.Equal(before, File.ReadAllBytes(feed));
    }

    // Item 16: any text without commas read as all-zero EPSS scores.
    [Theory]
    [InlineData("root:$6$salt$hash:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n", ":1: expected the EPSS header 'cve,epss,percentile'")]
    [InlineData("#model_version:v2025.03.14\ncve,epss,percentile\nCVE-2024-1086,high,0.99\n", ":3: expected 'CVE-YYYY-NNNN,score[,percentile]'")]
    [InlineData("#model_version:v2025.03.14\ncve,epss,percentile\n", ": holds no EPSS scores")]
    public async Task An_epss_file_that_is_not_firsts_csv_is_refused(string content, string expected)
    {
        await Product();
        var epss = home.Write("epss.csv", content);
        var policy = home.Write("policy.yml", $"epss: {{ file: {epss}, high: 0.1 }}\n");

        AssertOneLineError(await Vigil("triage", "list", "--product", "gateway", "--policy", policy), $"{epss}{expected}");
    }

    // Item 17: a symlink added to a release went unreported; a release name wrote outside the records folder.
    [Fact]
    public async Task A_symlink_added_to_a_release_directory_is_reported()
    {
        home.Write("release/image.wic", "image");
        var release = home.File("release");
        Assert.Equal(0, (await Vigil("release", "manifest", release)).ExitCode);
        File.CreateSymbolicLink(Path.Combine(release, "boot.img"), "/etc/passwd");

        var result = await Vigil("release", "verify", release, "--manifest", Path.Combine(release, "SHA256SUMS"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("SPECIAL  boot.img (symbolic link)", result.Out, StringComparison.Ordinal);
        Assert.Contains("1 not regular files", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../../../../tmp/x")]
    [InlineData("/tmp/x")]
    [InlineData(".hidden")]
    public async Task A_checklist_release_name_cannot_lead_out_of_the_records_folder(string release)
    {
        Assert.Equal(0, (await Vigil("process", "init", "security")).ExitCode);

        AssertOneLineError(await Vigil("process", "checklist", "security", "--release", release), $"release '{release}' is not a release name");
        Assert.False(File.Exists("/tmp/x.yml"));
    }

    [Fact]
    public async Task A_checklists_folder_that_is_a_symlink_is_not_written_through()
    {
        Assert.Equal(0, (await Vigil("process", "init", "security")).ExitCode);
        var outside = home.File("outside");
        Directory.CreateDirectory(outside);
        Directory.Delete(home.File("security/checklists"), recursive: true);
        Directory.CreateSymbolicLink(home.File("security/checklists"), outside);

        AssertOneLineError(await Vigil("process", "checklist", "security", "--release", "2.0"), "would be written through the symbolic link");
        Assert.Empty(Directory.GetFiles(outside));
    }

    // Item 18: internal errors and resource keys.
    [Fact]
    public async Task Output_into_a_missing_directory_is_one_line_for_every_command_that_writes()
    {
        await Product();
        home.Write("release/image.wic", "image");
        var missing = home.File("no/such/dir/out");
        var key = home.File("keys/k.secret.asc");
        Assert.Equal(0, (await Vigil("triage", "set", "--product", "gateway", "--cve", "CVE-2025-4802", "--component", "glibc", "--state", "in_triage", "--author", "a")).ExitCode);

        AssertOneLineError(await Vigil("scan", "--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--release", "bookworm", "--format", "json", "-o", missing), "the directory");
        AssertOneLineError(await Vigil("vex", "export", "--product", "gateway", "--author", "a", "-o", missing), "the directory");
        AssertOneLineError(await Vigil("release", "manifest", home.File("release"), "--out", missing), "the directory");
        Assert.Equal(0, (await Vigil("key", "generate", "--name", "R", "--email", "r@example.org", "--out-dir", home.File("keys"))).ExitCode);
        var secret = Directory.GetFiles(home.File("keys"), "*.secret.asc").Single();
        AssertOneLineError(await Vigil("sign", home.File("release/image.wic"), "--key", secret, "--out", missing), "the directory");
        Assert.False(File.Exists(key));
    }

    [Theory]
    [InlineData("xz")]
    [InlineData("zst")]
    [InlineData("gz")]
    public async Task A_truncated_compressed_kernel_snapshot_is_one_line_and_keeps_the_feed(string format)
    {
        Assert.Equal(0, (await Vigil("feeds", "import", "kernel", KernelFixture.Root)).ExitCode);
        var feed = Path.Combine(DataDir, "feeds", "kernel-cna.vdb");
        var before = File.ReadAllBytes(feed);
        var tar = home.File("vulns.tar");
        Assert.Equal(0, Tool.Run(KernelFixture.Root, "tar", "-cf", tar, ".").ExitCode);
        var compressor = format switch { "xz" => "xz", "zst" => "zstd", _ => "gzip" };
        if (Tool.Run(home.Path, "sh", "-c", $"command -v {compressor}").ExitCode != 0)
        {
            Assert.Fail($"{compressor} is not installed; .ci/run installs it");
        }
        Assert.Equal(0, Tool.Run(home.Path, compressor, "-k", "-f", tar).ExitCode);
        var packed = File.ReadAllBytes($"{tar}.{format}");
        var truncated = home.File($"cut.tar.{format}");

        // Every cut, not one: a cut at an entry boundary once imported part of the records with exit 0.
        for (var cut = 16; cut < packed.Length - 8; cut += Math.Max(1, packed.Length / 40))
        {
            File.WriteAllBytes(truncated, packed[..cut]);

            var result = await Vigil("feeds", "import", "kernel", truncated);

            Assert.True(result.ExitCode == 1, $"cut at {cut} of {packed.Length} bytes was accepted: {result.Error}");
            AssertOneLineError(result, truncated);
            Assert.Equal(before, File.ReadAllBytes(feed));
        }
    }

    [Fact]
    public async Task A_duplicate_person_id_is_a_file_and_line_error()
    {
        Assert.Equal(0, (await Vigil("process", "init", "security")).ExitCode);
        var people = home.File("security/people.yml");
        var text = File.ReadAllText(people);
        var firstPerson = text[text.IndexOf("  - id:", StringComparison.Ordinal)..];
        firstPerson = firstPerson[..(firstPerson.IndexOf("\n  - id:", 1, StringComparison.Ordinal) + 1)];
        File.WriteAllText(people, text.Replace(firstPerson, firstPerson + firstPerson, StringComparison.Ordinal));

        AssertOneLineError(await Vigil("process", "check", "security"), "security/people.yml:");
        Assert.Contains("is used twice (first at line", (await Vigil("process", "check", "security")).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_garbage_secret_key_file_is_one_line()
    {
        home.Write("data.txt", "data");
        var key = home.Write("garbage.secret.asc", "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nAAAA////garbage\n-----END PGP PRIVATE KEY BLOCK-----\n");
        File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var binary = home.File("random.key");
        File.WriteAllBytes(binary, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251))]);
        File.SetUnixFileMode(binary, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        AssertOneLineError(await Vigil("sign", home.File("data.txt"), "--key", key), "cannot read an OpenPGP secret key");
        AssertOneLineError(await Vigil("sign", home.File("data.txt"), "--key", binary), $"{binary} holds no secret key that can sign");
    }

    [Fact]
    public void Writing_keys_or_records_on_a_read_only_file_system_is_one_line()
    {
        var target = home.File("ro");
        Directory.CreateDirectory(target);
        const string passphrase = "VIGIL_PASSPHRASE='correct horse battery'";

        var key = VigilProcess.RunWithReadOnly(target, $"key generate --name R --email r@example.org --out-dir '{target}/keys'", passphrase);
        var init = VigilProcess.RunWithReadOnly(target, $"process init '{target}/security'");

        Assert.Equal(1, key.ExitCode);
        Assert.Matches($"^vigil: error: cannot write the key files to {target}/keys: .*\n$", key.Error);
        Assert.Equal(1, init.ExitCode);
        Assert.Matches($"^vigil: error: cannot write {target}/security/.*: .*\n$", init.Error);
    }

    [Fact]
    public async Task A_missing_keyring_or_signature_file_is_a_sentence_not_a_resource_key()
    {
        var data = home.Write("SHA256SUMS", "x");

        var keyring = await Vigil("verify", data + ".asc", "--keyring", home.File("nope.asc"));
        home.Write("SHA256SUMS.asc", "x");
        var signature = await Vigil("verify", home.File("missing.asc"), "--data", data, "--keyring", home.File("SHA256SUMS.asc"));

        AssertOneLineError(keyring, $"{home.File("nope.asc")} does not exist");
        Assert.Equal(1, signature.ExitCode);
        Assert.DoesNotMatch("[A-Z][a-z]+_[A-Z][A-Za-z]+_[A-Za-z]+", keyring.Error + signature.Error);
    }

    // Item 20: VEX written with no author could not be read back.
    [Fact]
    public async Task Vex_exported_without_user_has_an_author_and_imports_again()
    {
        await Product();
        Assert.Equal(0, (await Vigil("triage", "set", "--product", "gateway", "--cve", "CVE-2025-4802", "--component", "glibc", "--state", "not_affected",
            "--justification", "vulnerable_code_not_in_execute_path", "--author", "alice")).ExitCode);
        var vex = home.File("gateway.vex.json");

        var export = await CliRunner.RunAsync(new Dictionary<string, string>(), home.Path, "vex", "export", "--product", "gateway", "-o", vex, "--data-dir", DataDir);
        var import = await Vigil("vex", "import", vex, "--product", "gateway");

        Assert.True(export.ExitCode == 0, export.Error);
        Assert.DoesNotContain("\"author\": \"\"", File.ReadAllText(vex), StringComparison.Ordinal);
        Assert.True(import.ExitCode == 0, import.Error);
    }
}
