using System.Formats.Tar;
using System.Text.Json;
using Vigil.Tests.Support;

namespace Vigil.Tests.Cli;

/// <summary>
/// The whole kernel CNA snapshot in ../shared, scanned through the CLI for kernels of several branches and compared
/// with a small, separately written statement of the rules that reads the records with JsonDocument.
/// </summary>
public sealed class KernelSnapshotAgreementTests : IDisposable
{
    private readonly TempDirectory home = new();

    public void Dispose() => home.Dispose();

    [RequiresSharedDataFact]
    public async Task Affected_sets_agree_with_the_rules_on_the_full_snapshot_for_five_branches()
    {
        var snapshot = SharedData.Path("data/kernel-vulns-2026-08-21.tar.xz");
        var data = Path.Combine(home.Path, "data");
        var import = await CliRunner.RunAsync(null, home.Path, "feeds", "import", "kernel", snapshot, "--data-dir", data);
        Assert.True(import.ExitCode == 0, import.Error);
        var records = ReadRecords(snapshot);
        Assert.Equal(14_626, records.Count);

        foreach (var version in new[] { "4.19.325", "5.10.240", "6.1.119", "6.6.60", "6.12.30", "6.4.8" })
        {
            var scan = await CliRunner.RunAsync(null, home.Path, "kernel", "scan", "--version", version, "--format", "json", "--data-dir", data);
            Assert.True(scan.ExitCode == 0, scan.Error);
            var reported = JsonDocument.Parse(scan.Out).RootElement.GetProperty("findings").EnumerateArray()
                .ToDictionary(f => f.GetProperty("cve").GetString()!, f => f.GetProperty("status").GetString()!);
            var expected = records.Where(r => RulesSayAffected(r.Value, version)).Select(r => r.Key).ToHashSet();

            var needsReview = reported.Where(r => r.Value == "needs-review").Select(r => r.Key).ToHashSet();
            var affected = reported.Where(r => r.Value == "affected").Select(r => r.Key).ToHashSet();
            Assert.Empty(affected.Except(expected));
            Assert.Empty(expected.Except(affected).Except(needsReview));
            Assert.True(expected.Count > 100, $"{version}: only {expected.Count} affected");
            Assert.True(needsReview.Count < expected.Count / 20, $"{version}: {needsReview.Count} needs-review of {expected.Count}");
        }
    }

    [RequiresSharedDataFact]
    public async Task Cve_2024_26581_edge_cases_hold_on_the_full_snapshot()
    {
        var data = Path.Combine(home.Path, "data");
        await CliRunner.RunAsync(null, home.Path, "feeds", "import", "kernel", SharedData.Path("data/kernel-vulns-2026-08-21.tar.xz"), "--data-dir", data);
        foreach (var (version, status) in new[] { ("6.4.8", "affected"), ("6.4.7", null), ("6.6.16", "affected"), ("6.6.17", null), ("6.1.43", "affected"), ("6.1.42", null), ("4.19.316", null) })
        {
            var scan = await CliRunner.RunAsync(null, home.Path, "kernel", "scan", "--version", version, "--format", "json", "--data-dir", data);
            var finding = JsonDocument.Parse(scan.Out).RootElement.GetProperty("findings").EnumerateArray()
                .Where(f => f.GetProperty("cve").GetString() == "CVE-2024-26581").Select(f => f.GetProperty("status").GetString()).SingleOrDefault();
            Assert.True(status == finding, $"{version}: expected {status ?? "not listed"}, got {finding ?? "not listed"}");
        }
    }

    private static Dictionary<string, JsonDocument> ReadRecords(string archive)
    {
        var records = new Dictionary<string, JsonDocument>();
        using var stream = Vigil.Feeds.CompressedInput.Decompress(File.OpenRead(archive), archive);
        using var tar = new TarReader(stream);
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.Name.Contains("cve/published/", StringComparison.Ordinal) && entry.Name.EndsWith(".json", StringComparison.Ordinal) && entry.DataStream is { } data)
            {
                records[Path.GetFileNameWithoutExtension(entry.Name)] = JsonDocument.Parse(data);
            }
        }
        return records;
    }

    /// <summary>
    /// The rules, plainly: the default-unaffected block's semver affected ranges (a range ending at a stable release,
    /// or starting at one, speaks only for that release's branch) or the default-affected block with no unaffected
    /// range covering the version.
    /// </summary>
    private static bool RulesSayAffected(JsonDocument record, string versionText)
    {
        var version = Numbers(versionText);
        if (!record.RootElement.GetProperty("containers").GetProperty("cna").TryGetProperty("affected", out var blocks))
        {
            return false;
        }
        foreach (var block in blocks.EnumerateArray())
        {
            var defaultAffected = block.TryGetProperty("defaultStatus", out var status) && status.GetString() == "affected";
            var covered = false;
            var versions = block.TryGetProperty("versions", out var list) ? list.EnumerateArray().ToArray() : [];
            foreach (var v in versions)
            {
                if (v.TryGetProperty("versionType", out var type) && type.GetString() == "git")
                {
                    continue;
                }
                var start = Numbers(v.GetProperty("version").GetString()!);
                var affected = v.GetProperty("status").GetString() == "affected";
                bool inRange;
                if (v.TryGetProperty("lessThan", out var lt))
                {
                    var end = Numbers(lt.GetString()!);
                    var scope = !IsMainline(end) ? Branch(end) : start.Length > 1 && !IsMainline(start) ? Branch(start) : null;
                    inRange = Compare(start, version) <= 0 && Compare(version, end) < 0 && (scope is null || Compare(Branch(version), scope) == 0);
                }
                else if (v.TryGetProperty("lessThanOrEqual", out var lte))
                {
                    var text = lte.GetString()!;
                    inRange = Compare(start, version) <= 0
                        && (text == "*" || (text.EndsWith(".*", StringComparison.Ordinal) ? Compare(Branch(version), Numbers(text[..^2])) == 0 : Compare(version, Numbers(text)) <= 0));
                }
                else
                {
                    inRange = Compare(start, version) == 0;
                }
                if (inRange && affected && !defaultAffected)
                {
                    return true;
                }
                covered |= inRange && !affected;
            }
            if (defaultAffected && !covered)
            {
                return true;
            }
        }
        return false;
    }

    private static int[] Numbers(string text) => [.. text.Split('.').Select(int.Parse)];

    private static bool IsMainline(int[] v) => v.Length <= (v[0] == 2 && v.Length > 1 && v[1] == 6 ? 3 : 2);

    private static int[] Branch(int[] v) => v.Take(v[0] == 2 && v.Length > 1 && v[1] == 6 ? 3 : 2).ToArray();

    private static int Compare(int[] a, int[] b)
    {
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var x = i < a.Length ? a[i] : 0;
            var y = i < b.Length ? b[i] : 0;
            if (x != y)
            {
                return x.CompareTo(y);
            }
        }
        return 0;
    }
}
