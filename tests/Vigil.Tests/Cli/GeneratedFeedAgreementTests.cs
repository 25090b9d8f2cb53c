using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Vigil.Tests.Support;

namespace Vigil.Tests.Cli;

/// <summary>
/// End to end through the CLI on generated feeds: `vigil scan --format json` must list exactly the
/// (source, CVE, installed, fixed) set that debsecan's rules give, computed independently with dpkg.
/// </summary>
public sealed class GeneratedFeedAgreementTests : IDisposable
{
    private readonly TempDirectory work = new();

    public void Dispose() => work.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Scan_of_a_randomly_generated_feed_agrees_with_the_rules_and_dpkg(int seed)
    {
        var (feed, status) = GenerateFeed(seed);

        var expected = ExpectedFindings.For(feed, InstalledSources(status), "bookworm");
        var actual = await ScanJson(feed, status);

        Assert.True(expected.Count > 100, $"only {expected.Count} expected findings: the generator is too tame");
        Assert.Equal(expected, actual);
    }

    [RequiresSharedDataFact]
    public async Task Scan_of_the_shared_generators_feed_agrees_with_the_rules_and_dpkg()
    {
        var output = Path.Combine(work.Path, "generated");
        var info = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { SharedData.Path("tools/make-debian-feed.py"), "--out", output, "--seed", "7", "--sources", "1200", "--installed", "600" })
        {
            info.ArgumentList.Add(arg);
        }
        using (var generator = Process.Start(info)!)
        {
            var stderr = generator.StandardError.ReadToEndAsync();
            await generator.StandardOutput.ReadToEndAsync();
            await generator.WaitForExitAsync();
            Assert.True(generator.ExitCode == 0, await stderr);
        }
        var feed = Path.Combine(output, "tracker.json");
        var status = Path.Combine(output, "status");

        var expected = ExpectedFindings.For(feed, InstalledSources(status), "bookworm");
        var actual = await ScanJson(feed, status);

        Assert.True(expected.Count > 100);
        Assert.Equal(expected, actual);
    }

    private async Task<SortedSet<string>> ScanJson(string feed, string status)
    {
        var data = Path.Combine(work.Path, "data");
        var import = await CliRunner.RunAsync(null, work.Path, "feeds", "import", "debian", feed, "--data-dir", data);
        Assert.True(import.ExitCode == 0, import.Error);
        var scan = await CliRunner.RunAsync(null, work.Path, "scan", "--dpkg-status", status, "--release", "bookworm", "--format", "json", "--data-dir", data);
        Assert.True(scan.ExitCode == 0, scan.Error);
        return ExpectedFindings.FromReport(scan.Out);
    }

    /// <summary>(source, source version) of every installed package, read with a deliberately naive parser.</summary>
    private static IEnumerable<(string, string)> InstalledSources(string statusPath)
    {
        foreach (var stanza in File.ReadAllText(statusPath).Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = stanza.Split('\n').Where(l => l.Contains(':') && !l.StartsWith(' ')).ToDictionary(l => l[..l.IndexOf(':')], l => l[(l.IndexOf(':') + 1)..].Trim());
            if (!fields.TryGetValue("Status", out var state) || !state.EndsWith(" installed", StringComparison.Ordinal))
            {
                continue;
            }
            var source = fields.GetValueOrDefault("Source", fields["Package"]);
            var version = fields["Version"];
            if (source.Contains('(', StringComparison.Ordinal))
            {
                version = source[(source.IndexOf('(') + 1)..source.IndexOf(')')];
                source = source[..source.IndexOf(' ')];
            }
            yield return (source, version);
        }
    }

    /// <summary>
    /// A feed over real bookworm versions: per source, entries resolved at a random real version (lower, equal or
    /// higher than installed), resolved at "0", open, undetermined, or silent about bookworm; a status file with
    /// binNMU'd and renamed binaries and removed packages.
    /// </summary>
    private (string Feed, string Status) GenerateFeed(int seed)
    {
        var random = new Random(seed);
        var versions = File.ReadLines(Fixture.Path("debian-version-pairs.txt")).Where(l => !l.StartsWith('#'))
            .SelectMany(l => l.Split(' ')).Distinct().Order(StringComparer.Ordinal).ToArray();
        var feed = new Dictionary<string, Dictionary<string, object>>();
        var status = new StringBuilder();
        var cve = 1000;
        for (var p = 0; p < 300; p++)
        {
            var source = $"src{p}";
            var installedAt = random.Next(versions.Length);
            var installed = versions[installedAt];
            var entries = new Dictionary<string, object>();
            for (var e = random.Next(0, 12); e > 0; e--)
            {
                object bookworm = random.Next(10) switch
                {
                    0 => new { status = "resolved", fixed_version = "0", urgency = "unimportant" },
                    1 => new { status = "open", urgency = "not yet assigned" },
                    2 => new { status = "undetermined", urgency = "high" },
                    3 => new { status = "resolved", fixed_version = installed, urgency = "low" },
                    // Neighbours in sort order: close calls (tilde, +debNuM, epochs) where ordering bugs hide.
                    _ => new { status = "resolved", fixed_version = versions[Math.Clamp(installedAt + random.Next(-3, 4), 0, versions.Length - 1)], urgency = "medium" },
                };
                var releases = random.Next(8) == 0
                    ? new Dictionary<string, object> { ["trixie"] = new { status = "open" } }
                    : new Dictionary<string, object> { ["bookworm"] = bookworm, ["sid"] = new { status = "open" } };
                entries[$"CVE-20{random.Next(10, 27)}-{cve++}"] = new { description = "generated", scope = "remote", releases };
            }
            if (entries.Count > 0)
            {
                feed[source] = entries;
            }
            switch (random.Next(4))
            {
                case 0:
                    status.Append($"Package: {source}\nStatus: install ok installed\nArchitecture: amd64\nVersion: {installed}\n\n");
                    break;
                case 1:
                    status.Append($"Package: lib{source}\nStatus: install ok installed\nArchitecture: amd64\nSource: {source} ({installed})\nVersion: {installed}+b1\n\n");
                    break;
                case 2:
                    status.Append($"Package: {source}-bin\nStatus: install ok installed\nArchitecture: amd64\nSource: {source}\nVersion: {installed}\n\n");
                    break;
                default:
                    status.Append($"Package: {source}\nStatus: deinstall ok config-files\nArchitecture: amd64\nVersion: {installed}\n\n");
                    break;
            }
        }
        var feedPath = work.Write($"feed-{seed}.json", JsonSerializer.Serialize(feed));
        var statusPath = work.Write($"status-{seed}", status.ToString());
        return (feedPath, statusPath);
    }
}
