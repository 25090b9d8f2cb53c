using System.Text.Json;
using Vigil.Tests.Support;

namespace Vigil.Tests.Cli;

public sealed class FeedsCommandTests : IDisposable
{
    private readonly TempDirectory home = new();

    public void Dispose() => home.Dispose();

    private string DataDir => Path.Combine(home.Path, "data");

    private Task<CliResult> Vigil(params string[] args) => CliRunner.RunAsync(null, home.Path, [.. args, "--data-dir", DataDir]);

    [Theory]
    [InlineData("tracker-excerpt.json")]
    [InlineData("tracker-excerpt.json.gz")]
    [InlineData("tracker-excerpt.json.xz")]
    [InlineData("tracker-excerpt.json.zst")]
    public async Task Import_accepts_plain_and_compressed_copies(string name)
    {
        var result = await Vigil("feeds", "import", "debian", Fixture.Path(name));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("5 source packages, 13 entries, releases bookworm, bullseye, sid, trixie", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_of_a_broken_file_exits_1_names_the_record_and_keeps_the_cached_feed()
    {
        await Vigil("feeds", "import", "debian", Fixture.Path("tracker-excerpt.json"));
        var cache = Path.Combine(DataDir, "feeds", "debian-tracker.vdb");
        var before = File.ReadAllBytes(cache);
        var broken = home.Write("broken.json", """{"openssl":{"CVE-2025-9230":{"releases":{"bookworm":{"status":"resolved","fixed_version":"3.0 beta"}}}}}""");

        var result = await Vigil("feeds", "import", "debian", broken);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            $"vigil: error: {broken}: byte 89 (package 'openssl', CVE-2025-9230, release bookworm): expected fixed_version to be a Debian version, found '3.0 beta' (version string has embedded spaces)\n",
            result.Error);
        Assert.Equal(before, File.ReadAllBytes(cache));
    }

    [Fact]
    public async Task Import_of_a_missing_file_says_so()
    {
        var result = await Vigil("feeds", "import", "debian", "nope.json");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("vigil: error: feed file nope.json does not exist\n", result.Error.Replace(home.Path + "/", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Status_before_any_import_says_nothing_is_cached_and_what_to_run()
    {
        var result = await Vigil("feeds", "status");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("debian-tracker: not cached", result.Out, StringComparison.Ordinal);
        Assert.Contains("vigil feeds update", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_shows_source_age_and_checksum_of_the_cached_feed()
    {
        await Vigil("feeds", "import", "debian", Fixture.Path("tracker-excerpt.json"));

        var table = await Vigil("feeds", "status");
        var json = await Vigil("feeds", "status", "--format", "json");

        Assert.Contains($"source:     {Fixture.Path("tracker-excerpt.json")} (import)", table.Out, StringComparison.Ordinal);
        var feed = JsonDocument.Parse(json.Out).RootElement.GetProperty("feeds")[0];
        Assert.True(feed.GetProperty("cached").GetBoolean());
        Assert.Equal(13, feed.GetProperty("entries").GetInt32());
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Fixture.Path("tracker-excerpt.json"))));
        Assert.Equal(sha, feed.GetProperty("sha256").GetString());
        Assert.Contains(sha, table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_from_a_loopback_server_then_again_reports_up_to_date()
    {
        await using var server = await LoopbackFeedServer.StartAsync(File.ReadAllBytes(Fixture.Path("tracker-excerpt.json")));

        var first = await Vigil("feeds", "update", "--url", server.FeedUrl);
        var second = await Vigil("feeds", "update", "--url", server.FeedUrl);
        var status = await Vigil("feeds", "status", "--format", "json");

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("Debian tracker feed updated", first.Error, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("Debian tracker feed is up to date", second.Error, StringComparison.Ordinal);
        Assert.Equal(server.FeedUrl, JsonDocument.Parse(status.Out).RootElement.GetProperty("feeds")[0].GetProperty("source").GetString());
    }

    [Fact]
    public async Task Update_with_a_non_http_url_is_refused()
    {
        var result = await Vigil("feeds", "update", "--url", "file:///etc/passwd");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("expected an http:// or https:// URL", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("scan", "--help")]
    [InlineData("feeds", "--help")]
    [InlineData("feeds", "update", "--help")]
    [InlineData("feeds", "import", "debian", "--help")]
    [InlineData("feeds", "status", "--help")]
    public async Task Every_command_has_help(params string[] args)
    {
        var result = await CliRunner.RunAsync(null, home.Path, args);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:", result.Out, StringComparison.Ordinal);
        Assert.Contains("--data-dir", result.Out, StringComparison.Ordinal);
    }
}
