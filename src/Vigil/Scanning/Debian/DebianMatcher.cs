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
        // Binaries of one source at one version are scanned once; two versions (a half-upgraded multi-arch pair) twice,
        // the lower first. Sorted into runs rather than grouped by LINQ: its lookup keyed by a tuple ran as code
        // compiled at run time.
        var order = BySourceThenVersion.Sort(installed);
        for (var start = 0; start < order.Length;)
        {
            var first = installed[order[start]];
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

    /// <summary>Positions of the installed packages by source name (ordinal), then source version, then position.</summary>
    private sealed class BySourceThenVersion(IReadOnlyList<InstalledPackage> installed) : IComparer<int>
    {
        public static int[] Sort(IReadOnlyList<InstalledPackage> installed)
        {
            var order = new int[installed.Count];
            for (var i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }
            Array.Sort(order, new BySourceThenVersion(installed));
            return order;
        }

        public int Compare(int x, int y)
        {
            var (a, b) = (installed[x], installed[y]);
            var byName = string.CompareOrdinal(a.SourceName, b.SourceName);
            if (byName != 0)
            {
                return byName;
            }
            var byVersion = a.SourceVersion.CompareTo(b.SourceVersion);
            return byVersion != 0 ? byVersion : x.CompareTo(y);
        }
    }

    private static bool Affects(TrackerView view, Versions.DebianVersion installed) =>
        !view.NeverAffected && !(view.Status == TrackerStatus.Resolved && installed >= view.FixedVersion);
}
