using Vigil.Common;
using Vigil.Feeds.Debian;
using Vigil.Inventory;

namespace Vigil.Scanning.Debian;

/// <summary>
/// debsecan's rules, for one release: an entry that is resolved with fixed_version 0 never affected it; a
/// resolved entry affects an installed source version lower than the fixed version; open and undetermined
/// entries affect every installed version, with no fix yet; an entry that does not list the release says nothing.
/// Findings come out in the order reports list them: by source package (ordinal), then id, then installed version.
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
        // Binaries of one source at one version are scanned once; two versions (a half-upgraded multi-arch pair) twice,
        // the lower first. Sorted into runs rather than grouped by LINQ: its lookup keyed by a tuple ran as code
        // compiled at run time.
        var order = BySourceThenVersion.Sort(installed, feed);
        var sourceStart = 0;
        for (var start = 0; start < order.Length;)
        {
            var first = installed[order[start]];
            if (start > 0 && installed[order[start - 1]].SourceName != first.SourceName)
            {
                ById.Order(findings, sourceStart);
                sourceStart = findings.Count;
            }
            var end = start + 1;
            while (end < order.Length && installed[order[end]].SourceName == first.SourceName && installed[order[end]].SourceVersion == first.SourceVersion)
            {
                end++;
            }
            var binaries = BinaryNames(installed, order.AsSpan(start, end - start));
            var installedVersion = first.SourceVersion;
            foreach (var view in feed.ViewsIn(first.SourceName, release))
            {
                if (!Affects(view, installedVersion))
                {
                    continue;
                }
                var fixedVersion = view.Status == TrackerStatus.Resolved ? view.FixedVersion : null;
                var urgency = view.Urgency;
                findings.Add(new DebianFinding(view.Id, first.SourceName, binaries, installedVersion, fixedVersion,
                    urgency, DebianFinding.SeverityOf(urgency), view.Scope, view.NoDsa, view.NoDsaReason,
                    view.DebianBug, view.Description));
            }
            start = end;
        }
        ById.Order(findings, sourceStart);
        return findings;
    }

    /// <summary>A run's binary package names, distinct, in ordinal order (most runs have one).</summary>
    private static string[] BinaryNames(IReadOnlyList<InstalledPackage> installed, ReadOnlySpan<int> run)
    {
        var names = new string[run.Length];
        for (var i = 0; i < run.Length; i++)
        {
            names[i] = installed[run[i]].Name;
        }
        if (names.Length == 1)
        {
            return names;
        }
        Array.Sort(names, StringComparer.Ordinal);
        var distinct = new List<string>(names.Length);
        foreach (var name in names)
        {
            if (distinct.Count == 0 || distinct[^1] != name)
            {
                distinct.Add(name);
            }
        }
        return [.. distinct];
    }

    /// <summary>
    /// Positions of the installed packages whose source the feed knows, by source name (ordinal), then source version,
    /// then position. Most installed sources have no entry at all (25,169 of 34,169 at 44,376 packages): they are
    /// left out before sorting, which was a seventh of matching.
    /// </summary>
    private sealed class BySourceThenVersion(InstalledPackage[] packages) : IComparer<int>
    {
        public static int[] Sort(IReadOnlyList<InstalledPackage> installed, DebianFeed feed)
        {
            var packages = new InstalledPackage[installed.Count];
            var order = new List<int>();
            for (var i = 0; i < packages.Length; i++)
            {
                packages[i] = installed[i];
                if (feed.Knows(packages[i].SourceName))
                {
                    order.Add(i);
                }
            }
            var sorted = order.ToArray();
            Array.Sort(sorted, new BySourceThenVersion(packages));
            return sorted;
        }

        public int Compare(int x, int y)
        {
            var (a, b) = (packages[x], packages[y]);
            var byName = string.CompareOrdinal(a.SourceName, b.SourceName);
            if (byName != 0)
            {
                return byName;
            }
            var byVersion = a.SourceVersion.CompareTo(b.SourceVersion);
            return byVersion != 0 ? byVersion : x.CompareTo(y);
        }
    }

    /// <summary>
    /// Puts one source's findings in id order, the lower installed version first for an id found in two (a source's
    /// runs come lowest version first, and one run finds an id once). The feed stores each package's entries in id
    /// order, so this is a check except for a source installed at two versions.
    /// </summary>
    private sealed class ById : IComparer<DebianFinding>
    {
        private static readonly ById Instance = new();

        public static void Order(List<DebianFinding> findings, int from)
        {
            for (var i = from + 1; i < findings.Count; i++)
            {
                if (Instance.Compare(findings[i - 1], findings[i]) > 0)
                {
                    findings.Sort(from, findings.Count - from, Instance);
                    return;
                }
            }
        }

        public int Compare(DebianFinding? x, DebianFinding? y)
        {
            var byId = x!.Id.CompareTo(y!.Id);
            return byId != 0 ? byId : x.InstalledVersion.CompareTo(y.InstalledVersion);
        }
    }

    private static bool Affects(TrackerView view, Versions.DebianVersion installed) =>
        !view.NeverAffected && !(view.Status == TrackerStatus.Resolved && installed >= view.FixedVersion);
}
