using System.Security.Cryptography;
using Vigil.Common;
using Vigil.Inventory;

namespace Vigil.Sbom;

/// <summary>
/// The .deb files behind installed packages: the archive's file name (NAME_VERSION_ARCH.deb, the epoch left out),
/// found in directories such as /var/cache/apt/archives (which writes an epoch as "1%3a") or a build's deploy
/// directory, and hashed with SHA-512 as TR-03183-2 asks.
/// </summary>
public static class DebFiles
{
    public static string NameOf(InstalledPackage package)
    {
        var version = package.Version.Text;
        var colon = version.IndexOf(':', StringComparison.Ordinal);
        return $"{package.Name}_{(colon >= 0 ? version[(colon + 1)..] : version)}_{package.Architecture}.deb";
    }

    /// <summary>Every .deb under the directories by its archive name; the first found wins.</summary>
    public static IReadOnlyDictionary<string, string> Index(IReadOnlyList<string> directories)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var directory in directories)
        {
            if (!Directory.Exists(directory))
            {
                throw new VigilException($"{directory} is not a directory; expected one holding .deb files (an apt cache or a deploy directory)");
            }
            foreach (var path in InputFiles.FilesIn(directory, "*.deb", recursive: true).Order(StringComparer.Ordinal))
            {
                var parts = Path.GetFileName(path).Split('_');
                if (parts.Length == 3)
                {
                    var epoch = parts[1].IndexOf("%3a", StringComparison.OrdinalIgnoreCase);
                    found.TryAdd($"{parts[0]}_{(epoch >= 0 ? parts[1][(epoch + 3)..] : parts[1])}_{parts[2]}", path);
                }
            }
        }
        return found;
    }

    public static string Sha512(string path)
    {
        using var file = InputFiles.OpenRead(path);
        return Convert.ToHexStringLower(SHA512.HashData(file));
    }
}
