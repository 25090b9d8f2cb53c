using System.Text.Json;

namespace Vigil.Tests.Support;

/// <summary>
/// An independent statement of debsecan's rules, for checking the scanner from outside: the feed is read with
/// JsonDocument (not Vigil's reader) and every version comparison is asked of dpkg itself.
/// Returns "source cve installed fixed" lines, fixed being "-" when there is no fix.
/// </summary>
public static class ExpectedFindings
{
    public static SortedSet<string> For(string trackerJson, IEnumerable<(string Source, string SourceVersion)> installed, string release)
    {
        using var feed = JsonDocument.Parse(File.ReadAllBytes(trackerJson));
        var candidates = new List<(string Source, string Cve, string Installed, string Fixed)>();
        var comparisons = new List<(string A, string B)>();
        foreach (var (source, version) in installed.Distinct())
        {
            if (!feed.RootElement.TryGetProperty(source, out var entries))
            {
                continue;
            }
            foreach (var entry in entries.EnumerateObject())
            {
                if (!entry.Value.GetProperty("releases").TryGetProperty(release, out var verdict))
                {
                    continue;
                }
                var status = verdict.GetProperty("status").GetString();
                if (status == "resolved")
                {
                    var fixedVersion = verdict.GetProperty("fixed_version").GetString()!;
                    if (fixedVersion == "0")
                    {
                        continue;
                    }
                    candidates.Add((source, entry.Name, version, fixedVersion));
                    comparisons.Add((version, fixedVersion));
                }
                else
                {
                    candidates.Add((source, entry.Name, version, "-"));
                }
            }
        }
        var lessThan = DpkgOracle.LessThan(comparisons);
        var result = new SortedSet<string>(StringComparer.Ordinal);
        var next = 0;
        foreach (var c in candidates)
        {
            if (c.Fixed == "-" || lessThan[next++])
            {
                result.Add($"{c.Source} {c.Cve} {c.Installed} {c.Fixed}");
            }
        }
        return result;
    }

    public static SortedSet<string> FromReport(string reportJson)
    {
        using var report = JsonDocument.Parse(reportJson);
        return new SortedSet<string>(
            report.RootElement.GetProperty("findings").EnumerateArray().Select(f =>
                $"{f.GetProperty("package").GetString()} {f.GetProperty("cve").GetString()} {f.GetProperty("installedVersion").GetString()} {f.GetProperty("fixedVersion").GetString() ?? "-"}"),
            StringComparer.Ordinal);
    }
}
