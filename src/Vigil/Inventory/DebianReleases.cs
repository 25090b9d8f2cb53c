namespace Vigil.Inventory;

/// <summary>Debian release codenames and the distro names purls give them (distro=debian-12), both ways.</summary>
public static class DebianReleases
{
    private static readonly Dictionary<string, string> Distros = new(StringComparer.Ordinal)
    {
        ["buster"] = "debian-10", ["bullseye"] = "debian-11", ["bookworm"] = "debian-12", ["trixie"] = "debian-13", ["forky"] = "debian-14",
    };

    private static readonly string[] Codenames = ["buster", "bullseye", "bookworm", "trixie", "forky", "duke", "sid"];

    /// <summary>Whether a word is a Debian codename, the numbered releases' or sid's.</summary>
    public static bool IsCodename(string word) => Array.IndexOf(Codenames, word) >= 0;

    /// <summary>"bookworm" is "debian-12"; a codename not in the table keeps its name ("debian-duke").</summary>
    public static string DistroOf(string codename) => Distros.TryGetValue(codename, out var distro) ? distro : $"debian-{codename}";

    /// <summary>The codename of a purl's distro qualifier ("debian-12", "debian-12.8", "bookworm"), or null for another distribution.</summary>
    public static string? CodenameOf(string distro)
    {
        var major = distro.Split('.')[0];
        return Distros.FirstOrDefault(d => d.Value == major || d.Key == distro).Key;
    }
}
