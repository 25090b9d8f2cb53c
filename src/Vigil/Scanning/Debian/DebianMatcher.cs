using Vigil.Common;
using Vigil.Feeds.Debian;
using Vigil.Inventory;

namespace Vigil.Scanning.Debian;

/// <summary>
/// debsecan's rules, for one release: an entry that is resolved with fixed_version 0 never affected it; a
/// resolved entry affects an installed source version lower than the fixed version; open and undetermined
/// entries affect every installed version, with no fix yet; an entry that does not list the release says nothing.
/// </summary>
public static class DebianMatcher
{
    public static IReadOnlyList<DebianFinding> Match(IReadOnlyList<InstalledPackage> installed, DebianFeed feed, string release)
    {
        if (!feed.Metadata.Releases.Contains(release))
        {
            throw new VigilException(ErrorKind.InvalidInput, ErrorCodes.DebianReleaseUnknown,
                $"release '{release}' is not in the Debian tracker feed, which knows {string.Join(", ", feed.Metadata.Releases)}");
        }
        var findings = new List<DebianFinding>();
        // Binaries of one source at one version are scanned once; two versions (a half-upgraded multi-arch pair) twice.
        var groups = installed
            .GroupBy(p => (p.SourceName, p.SourceVersion))
            .OrderBy(g => g.Key.SourceName, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var binaries = BinaryNames(group);
            var installedVersion = group.Key.SourceVersion;
            foreach (var entry in feed.EntriesFor(group.Key.SourceName, release, status => Affects(status, installedVersion)))
            {
                var status = entry.Releases[0];
                var fixedVersion = status.Status == TrackerStatus.Resolved ? status.FixedVersion : null;
                findings.Add(new DebianFinding(entry.Id, group.Key.SourceName, binaries, group.Key.SourceVersion, fixedVersion,
                    status.Urgency, DebianFinding.SeverityOf(status.Urgency), entry.Scope, status.NoDsa, status.NoDsaReason,
                    entry.DebianBug, entry.Description));
            }
        }
        return findings;
    }

    /// <summary>The group's binary package names, distinct, in ordinal order. Most sources have one binary installed;
    /// LINQ's distinct-and-order cost 500 bytes a group (17 MB at 44,376 packages).</summary>
    private static string[] BinaryNames(IEnumerable<InstalledPackage> group)
    {
        var names = new List<string>(1);
        foreach (var package in group)
        {
            names.Add(package.Name);
        }
        if (names.Count == 1)
        {
            return [names[0]];
        }
        names.Sort(StringComparer.Ordinal);
        var distinct = new List<string>(names.Count);
        foreach (var name in names)
        {
            if (distinct.Count == 0 || distinct[^1] != name)
            {
                distinct.Add(name);
            }
        }
        return [.. distinct];
    }

    private static bool Affects(TrackerRelease status, Versions.DebianVersion installed) =>
        !status.NeverAffected && !(status.Status == TrackerStatus.Resolved && installed >= status.FixedVersion);
}
