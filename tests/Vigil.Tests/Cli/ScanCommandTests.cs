using System.Text.Json;
using Vigil.Tests.Support;

namespace Vigil.Tests.Cli;

public sealed class ScanCommandTests : IDisposable
{
    private readonly TempDirectory home = new();

    public ScanCommandTests()
    {
        DataDir = Path.Combine(home.Path, "data");
    }

    private string DataDir { get; }

    public void Dispose() => home.Dispose();

    private async Task ImportExcerptFeed()
    {
        var result = await Vigil("feeds", "import", "debian", Fixture.Path("tracker-excerpt.json.gz"));
        Assert.Equal(0, result.ExitCode);
    }

    private Task<CliResult> Vigil(params string[] args) =>
        CliRunner.RunAsync(new Dictionary<string, string> { ["VIGIL_DEBIAN_TRACKER_URL"] = "http://127.0.0.1:9/unused" }, home.Path,
            [.. args, "--data-dir", DataDir]);

    private Task<CliResult> ScanExcerpt(params string[] args) =>
        Vigil(["scan", "--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--release", "bookworm", .. args]);

    private static JsonElement[] Findings(string json) =>
        [.. JsonDocument.Parse(json).RootElement.GetProperty("findings").EnumerateArray()];

    [Fact]
    public async Task Json_lists_exactly_the_findings_debsecan_rules_give_for_a_real_status_file()
    {
        await ImportExcerptFeed();

        var result = await ScanExcerpt("--format", "json");

        Assert.Equal(0, result.ExitCode);
        var found = Findings(result.Out)
            .Select(f => $"{f.GetProperty("package").GetString()} {f.GetProperty("cve").GetString()} {f.GetProperty("installedVersion").GetString()} {f.GetProperty("fixedVersion").GetString() ?? "-"}")
            .Order(StringComparer.Ordinal);
        Assert.Equal(
        [
            "bash CVE-2019-18276 5.2.15-2 -",
            "glibc CVE-2010-4756 2.36-9+deb12u14 -",
            "glibc CVE-2025-4802 2.36-9+deb12u14 2.36-9+deb12u15",
            "openssl CVE-2010-0928 3.0.19-1~deb12u2 -",
            "openssl CVE-2025-9230 3.0.19-1~deb12u2 3.0.20-1~deb12u1",
            "openssl TEMP-0000000-A1B2C3 3.0.19-1~deb12u2 -",
            "util-linux CVE-2022-0563 2.38.1-5+deb12u3 -",
        ], found);
    }

    [Fact]
    public async Task Json_finding_carries_every_documented_field()
    {
        await ImportExcerptFeed();

        var result = await ScanExcerpt("--format", "json");

        var finding = Findings(result.Out).Single(f => f.GetProperty("cve").GetString() == "CVE-2025-9230");
        Assert.Equal("openssl", finding.GetProperty("package").GetString());
        Assert.Equal(["libssl3", "openssl"], finding.GetProperty("binaries").EnumerateArray().Select(b => b.GetString()));
        Assert.True(finding.GetProperty("fixAvailable").GetBoolean());
        Assert.Equal("not yet assigned", finding.GetProperty("urgency").GetString());
        Assert.Equal("unknown", finding.GetProperty("severity").GetString());
        Assert.Equal("remote", finding.GetProperty("scope").GetString());
        Assert.Equal(JsonValueKind.Null, finding.GetProperty("nodsa").ValueKind);
        Assert.Equal(1117532, finding.GetProperty("debianBug").GetInt64());
        Assert.Equal(JsonValueKind.Null, Findings(result.Out).Single(f => f.GetProperty("cve").GetString() == "CVE-2010-0928").GetProperty("debianBug").ValueKind);
        Assert.StartsWith("Out-of-bounds read", finding.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("https://security-tracker.debian.org/tracker/CVE-2025-9230", finding.GetProperty("link").GetString());
        var summary = JsonDocument.Parse(result.Out).RootElement.GetProperty("summary");
        Assert.Equal(7, summary.GetProperty("findings").GetInt32());
        Assert.Equal(2, summary.GetProperty("fixable").GetInt32());
    }

    [Theory]
    [InlineData("plain text")]
    [InlineData("a \"quoted\" name, a back\\slash and a tab\t")]
    [InlineData("Jérôme's <b>markup</b> & 中文")]
    [InlineData("a line\nbreak and a separator \u2028")]
    public async Task Json_carries_the_tracker_description_as_the_tracker_states_it(string description)
    {
        // Written as a tracker may escape it (every non-ASCII character as \uXXXX) and read back by a JSON parser.
        var tracker = Path.Combine(home.Path, "tracker.json");
        File.WriteAllText(tracker, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["bash"] = new Dictionary<string, object>
            {
                ["CVE-2019-18276"] = new { description, scope = "local", releases = new { bookworm = new { status = "open", urgency = "low" } } },
            },
        }));
        Assert.Equal(0, (await Vigil("feeds", "import", "debian", tracker)).ExitCode);

        var result = await ScanExcerpt("--format", "json");

        Assert.Equal(description, Findings(result.Out).Single().GetProperty("description").GetString());
    }

    [Fact]
    public async Task Json_ignores_the_table_filters()
    {
        await ImportExcerptFeed();

        var result = await ScanExcerpt("--format", "json", "--only-fixed", "--hide-unimportant", "--severity", "high");

        Assert.Equal(7, Findings(result.Out).Length);
    }

    [Fact]
    public async Task Table_groups_by_package_with_fixable_and_high_urgency_first()
    {
        await ImportExcerptFeed();

        var result = await ScanExcerpt();

        Assert.Equal(0, result.ExitCode);
        var lines = result.Out.Split('\n');
        int Row(string text) => Array.FindIndex(lines, l => l.Contains(text, StringComparison.Ordinal));
        Assert.True(Row("glibc") < Row("openssl"), result.Out);
        Assert.True(Row("CVE-2025-4802") < Row("CVE-2010-4756"), result.Out);
        Assert.True(Row("openssl") < Row("util-linux"), result.Out);
        Assert.True(Row("CVE-2025-9230") < Row("TEMP-0000000-A1B2C3"), result.Out);
        Assert.True(Row("TEMP-0000000-A1B2C3") < Row("CVE-2010-0928"), result.Out);
        Assert.Single(lines, l => l.Contains("openssl", StringComparison.Ordinal));
        Assert.Contains("7 findings in 4 source packages", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_fixed_shows_only_findings_with_a_fixed_version()
    {
        await ImportExcerptFeed();

        var result = await ScanExcerpt("--only-fixed", "--format", "csv");

        var rows = result.Out.TrimEnd('\n').Split('\n').Skip(1).Select(r => r.Split(',')[0]).Order(StringComparer.Ordinal);
        Assert.Equal(["CVE-2025-4802", "CVE-2025-9230"], rows);
    }

    [Fact]
    public async Task Hide_unimportant_drops_unimportant_findings()
    {
        await ImportExcerptFeed();

        var result = await ScanExcerpt("--hide-unimportant", "--format", "csv");

        Assert.DoesNotContain("CVE-2010-0928", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("CVE-2010-4756", result.Out, StringComparison.Ordinal);
        Assert.Contains("CVE-2019-18276", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Severity_list_keeps_only_the_named_urgencies()
    {
        await ImportExcerptFeed();

        var result = await ScanExcerpt("--severity", "high,unknown", "--format", "csv");

        var rows = result.Out.TrimEnd('\n').Split('\n').Skip(1).Select(r => r.Split(',')[0]).Order(StringComparer.Ordinal);
        Assert.Equal(["CVE-2025-4802", "CVE-2025-9230", "TEMP-0000000-A1B2C3"], rows);
    }

    [Fact]
    public async Task Fail_on_high_exits_2_and_says_unknown_urgency_counts_as_failing()
    {
        await ImportExcerptFeed();

        var result = await ScanExcerpt("--fail-on", "high");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("3 finding(s) at or above 'high' (1 high, 2 unknown; 2 with unknown urgency count as failing)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fail_on_passes_when_the_filters_leave_nothing_at_that_level()
    {
        await ImportExcerptFeed();

        var result = await ScanExcerpt("--fail-on", "medium", "--severity", "low,unimportant");

        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task Markdown_report_links_every_shown_finding()
    {
        await ImportExcerptFeed();

        var result = await ScanExcerpt("--format", "markdown");

        Assert.Contains("| Package | CVE | Urgency | Installed | Fixed in | Scope | Note |", result.Out, StringComparison.Ordinal);
        Assert.Contains("[CVE-2019-18276](https://security-tracker.debian.org/tracker/CVE-2019-18276)", result.Out, StringComparison.Ordinal);
        Assert.Contains("Minor issue; postponed", result.Out, StringComparison.Ordinal);
        Assert.Equal(7, result.Out.Split('\n').Count(l => l.StartsWith("| ", StringComparison.Ordinal) && l.Contains("tracker/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Output_option_writes_the_report_to_a_file_and_nothing_to_stdout()
    {
        await ImportExcerptFeed();
        var path = Path.Combine(home.Path, "out", "..", "report.json");

        var result = await ScanExcerpt("--format", "json", "--output", path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.Equal(7, Findings(File.ReadAllText(path)).Length);
    }

    [Fact]
    public async Task Output_to_a_pipe_is_written_into_and_the_pipe_stays_a_pipe()
    {
        // As --output /dev/stdout or /dev/null: renaming a finished file over them would replace the pipe or device.
        await ImportExcerptFeed();
        var fifo = Path.Combine(home.Path, "report.fifo");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo))
        {
            await mkfifo.WaitForExitAsync();
        }
        var reading = Task.Run(() => File.ReadAllText(fifo));

        var result = await ScanExcerpt("--format", "json", "--output", fifo);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(7, Findings(await reading.WaitAsync(TimeSpan.FromSeconds(30))).Length);
        Assert.Equal("FIFO", global::Vigil.Common.InputFiles.KindOf(fifo));
    }

    [Fact]
    public async Task Output_over_a_symbolic_link_replaces_the_link_and_leaves_the_file_it_led_to()
    {
        // A link planted where a privileged run writes must not lead the report onto another file.
        await ImportExcerptFeed();
        var file = Path.Combine(home.Path, "elsewhere", "passwd");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, "root:x:0:0");
        var link = Path.Combine(home.Path, "report.json");
        File.CreateSymbolicLink(link, file);

        var result = await ScanExcerpt("--format", "json", "--output", link);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("regular file", global::Vigil.Common.InputFiles.KindOf(link));
        Assert.Equal(7, Findings(File.ReadAllText(link)).Length);
        Assert.Equal("root:x:0:0", File.ReadAllText(file));
    }

    [Fact]
    public async Task Output_to_a_socket_is_refused_before_scanning()
    {
        var socketPath = Path.Combine(home.Path, "report.sock");
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        socket.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(socketPath));

        var result = await ScanExcerpt("--format", "json", "--output", socketPath, "--offline");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"vigil: error: cannot write {socketPath}: it is a socket, not a file, a device or a pipe", result.Error.Trim());
    }

    [Fact]
    public async Task Rootfs_scan_takes_the_release_from_its_os_release()
    {
        await ImportExcerptFeed();
        home.Write("root/etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_CODENAME=bookworm\n");
        File.Copy(Fixture.Path("status-bookworm-excerpt"), home.Write("root/var/lib/dpkg/status", ""), overwrite: true);

        var result = await Vigil("scan", "--rootfs", Path.Combine(home.Path, "root"), "--format", "json");

        Assert.Equal(0, result.ExitCode);
        var target = JsonDocument.Parse(result.Out).RootElement.GetProperty("target");
        Assert.Equal("bookworm", target.GetProperty("release").GetString());
        Assert.Equal("rootfs", target.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Isar_deploy_directory_scan_finds_the_image_manifest_and_its_release()
    {
        await ImportExcerptFeed();
        var deploy = Path.Combine(home.Path, "deploy", "images", "qemu-amd64");
        Directory.CreateDirectory(deploy);
        File.Copy(Fixture.Path("status-bookworm-excerpt"), Path.Combine(deploy, "cip-core-image-cip-core-bookworm-qemu-amd64.dpkg_status"));

        var result = await Vigil("scan", "--isar-deploy", deploy, "--format", "json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(7, Findings(result.Out).Length);
    }

    [Fact]
    public async Task Status_file_of_unknown_release_asks_for_release()
    {
        await ImportExcerptFeed();
        var status = Path.Combine(home.Path, "status");
        File.Copy(Fixture.Path("status-bookworm-excerpt"), status);

        var result = await Vigil("scan", "--dpkg-status", status);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("pass --release", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_status_file_is_one_line_naming_file_and_line_with_exit_1()
    {
        await ImportExcerptFeed();
        var status = home.Write("status", "Package: foo\nStatus: install ok installed\nVersion: 1.0\n\nPackage: bar\nStatus: install ok installed\nVersion: 1.0 beta\n");

        var result = await Vigil("scan", "--dpkg-status", status, "--release", "bookworm");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"vigil: error: {status}:7: package bar: invalid Debian version '1.0 beta': version string has embedded spaces\n", result.Error);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task Two_scan_targets_at_once_are_refused()
    {
        var result = await Vigil("scan", "--dpkg-status", "a", "--rootfs", "b");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("choose one of --dpkg-status, --rootfs", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stale_feed_gives_a_warning_but_quiet_silences_it()
    {
        var copy = Path.Combine(home.Path, "old.json");
        File.Copy(Fixture.Path("tracker-excerpt.json"), copy);
        File.SetLastWriteTimeUtc(copy, DateTime.UtcNow.AddDays(-10));
        Assert.Equal(0, (await Vigil("feeds", "import", "debian", copy)).ExitCode);

        var noisy = await ScanExcerpt("--format", "json");
        var quiet = await ScanExcerpt("--format", "json", "--quiet");

        Assert.Contains("vigil: warning: the Debian tracker feed is 10 days old", noisy.Error, StringComparison.Ordinal);
        Assert.True(JsonDocument.Parse(noisy.Out).RootElement.GetProperty("feed").GetProperty("stale").GetBoolean());
        Assert.Equal("", quiet.Error);
    }

    [Fact]
    public async Task Without_feed_and_offline_flag_it_says_what_to_import()
    {
        var result = await ScanExcerpt("--offline");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("vigil feeds import debian FILE", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_feed_and_without_network_it_says_in_one_line_what_to_run_instead()
    {
        var result = await ScanExcerpt();

        Assert.Equal(1, result.ExitCode);
        var lines = result.Error.TrimEnd('\n').Split('\n');
        Assert.StartsWith("vigil: error: no Debian tracker feed is cached and cannot reach http://127.0.0.1:9/unused", lines[^1], StringComparison.Ordinal);
        Assert.Contains("run 'vigil feeds import debian FILE'", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_feed_the_first_scan_fetches_it_then_scans()
    {
        await using var server = await LoopbackFeedServer.StartAsync(File.ReadAllBytes(Fixture.Path("tracker-excerpt.json")));

        var result = await CliRunner.RunAsync(new Dictionary<string, string> { ["VIGIL_DEBIAN_TRACKER_URL"] = server.FeedUrl }, home.Path,
            "scan", "--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--release", "bookworm", "--format", "json", "--data-dir", DataDir);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"No Debian tracker feed cached yet: fetching {server.FeedUrl}", result.Error, StringComparison.Ordinal);
        Assert.Equal(7, Findings(result.Out).Length);
        Assert.Equal(1, server.FullResponses);
    }

    [Fact]
    public async Task Unknown_format_is_refused_by_the_parser()
    {
        var result = await Vigil("scan", "--format", "xml");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("xml", result.Error, StringComparison.Ordinal);
    }
}
