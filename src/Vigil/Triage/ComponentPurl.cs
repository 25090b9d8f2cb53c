using Vigil.Common;

namespace Vigil.Triage;

/// <summary>Package URLs for what Vigil tracks: pkg:deb/debian/SOURCE@VERSION?arch=source, pkg:generic/linux@VERSION.</summary>
public static class ComponentPurl
{
    public static string For(string component, string? version)
    {
        var at = version is null ? "" : "@" + Uri.EscapeDataString(version);
        return component == "linux" ? $"pkg:generic/linux{at}" : $"pkg:deb/debian/{component}{at}?arch=source";
    }

    /// <summary>The component a package URL names; <paramref name="where"/> prefixes the error for anything else.</summary>
    public static string Component(string purl, string where)
    {
        var name = purl.Split('?', '#')[0].Split('@')[0];
        if (name.StartsWith("pkg:deb/debian/", StringComparison.Ordinal) && name.Length > "pkg:deb/debian/".Length)
        {
            return Uri.UnescapeDataString(name["pkg:deb/debian/".Length..]);
        }
        return name == "pkg:generic/linux"
            ? "linux"
            : throw new VigilException($"{where}: product '{purl}' is neither a Debian package (pkg:deb/debian/NAME) nor the kernel (pkg:generic/linux)");
    }
}
