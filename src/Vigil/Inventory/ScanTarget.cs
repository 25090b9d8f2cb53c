using Vigil.Common;

namespace Vigil.Inventory;

/// <summary>What a scan looks at: the installed packages of a system, an image root or a status file, and the
/// Debian release it was built from when that can be told.</summary>
public sealed record ScanTarget(string Kind, string Path, IReadOnlyList<InstalledPackage> Packages, string? Release)
{
    /// <summary>What the inventory lists that is not a Debian package (an SBOM's other components), so nothing drops out unsaid.</summary>
    public IReadOnlyList<string> NotDebian { get; init; } = [];

    /// <summary>SBOM binaries linked to source packages none of which is clearly their own: scanned under their own name, and said so.</summary>
    public IReadOnlyList<string> SourceUnclear { get; init; } = [];

    /// <summary>The file the packages were read from: a root filesystem's or this machine's dpkg status file, else the path itself.</summary>
    public string InventoryFile => Kind is "rootfs" or "system" ? System.IO.Path.Combine(Path, "var/lib/dpkg/status") : Path;

    /// <summary>The Debian packages an SBOM lists by purl (CycloneDX JSON, SPDX 2 JSON or tag-value, SPDX 3 JSON-LD).</summary>
    public static ScanTarget FromSbom(string path)
    {
        if (!File.Exists(path))
        {
            throw new VigilException($"SBOM {path} does not exist");
        }
        var read = SbomPackages.FromFile(path);
        return new ScanTarget("sbom", path, read.Packages, read.Codename) { NotDebian = read.NotDebian, SourceUnclear = read.SourceUnclear };
    }

    /// <summary>This machine: /var/lib/dpkg/status and /etc/os-release.</summary>
    public static ScanTarget FromThisSystem() => FromRoot("/", "system");

    /// <summary>A root filesystem (debootstrap, an unpacked image): DIR/var/lib/dpkg/status and DIR/etc/os-release.</summary>
    public static ScanTarget FromRootFilesystem(string root)
    {
        if (!Directory.Exists(root))
        {
            throw new VigilException($"root filesystem {root} is not a directory");
        }
        return FromRoot(root, "rootfs");
    }

    /// <summary>A dpkg status file on its own, such as an Isar/CIP image's *.dpkg_status.</summary>
    public static ScanTarget FromStatusFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new VigilException($"dpkg status file {path} does not exist");
        }
        return new ScanTarget("dpkg-status", path, DpkgStatusReader.ReadFile(path), CodenameInFileName(path));
    }

    /// <summary>
    /// A package list's content from elsewhere (standard input, an upload), named <paramref name="name"/> in messages:
    /// a dpkg status file, or an SBOM (JSON or SPDX tag-value), told apart by how it starts.
    /// </summary>
    public static ScanTarget FromContent(byte[] content, string name)
    {
        if (!SbomPackages.LooksLikeSbom(content))
        {
            return FromStatusContent(content, name);
        }
        var read = SbomPackages.FromBytes(content, name);
        return new ScanTarget("sbom", name, read.Packages, read.Codename) { NotDebian = read.NotDebian, SourceUnclear = read.SourceUnclear };
    }

    /// <summary>A dpkg status file's content from elsewhere (standard input), named <paramref name="name"/> in messages.</summary>
    public static ScanTarget FromStatusContent(byte[] content, string name)
    {
        using var reader = new StreamReader(new MemoryStream(content, writable: false), new System.Text.UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: false);
        return new ScanTarget("dpkg-status", name, DpkgStatusReader.Read(reader, name), null);
    }

    /// <summary>An Isar/CIP deploy directory (build/tmp/deploy/images/MACHINE): its one *.dpkg_status file.</summary>
    public static ScanTarget FromIsarDeployDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new VigilException($"Isar deploy directory {directory} is not a directory");
        }
        var candidates = Directory.GetFiles(directory, "*.dpkg_status").Order(StringComparer.Ordinal).ToArray();
        return candidates.Length switch
        {
            0 => throw new VigilException($"no *.dpkg_status file in {directory}; Isar writes one per image into its deploy directory"),
            1 => FromStatusFile(candidates[0]) with { Kind = "isar-image" },
            _ => throw new VigilException(ErrorKind.InvalidInput, ErrorCodes.IsarImageAmbiguous,
                $"{directory} holds {candidates.Length} images ({string.Join(", ", candidates.Select(System.IO.Path.GetFileName))}), not one"),
        };
    }

    private static ScanTarget FromRoot(string root, string kind)
    {
        var status = System.IO.Path.Combine(root, "var/lib/dpkg/status");
        if (!File.Exists(status))
        {
            throw new VigilException(ErrorKind.NotFound, ErrorCodes.TargetNotDebian, $"{status} does not exist: {(kind == "system" ? "this is not a Debian system" : $"{root} is not a Debian root filesystem")}");
        }
        return new ScanTarget(kind, root, DpkgStatusReader.ReadFile(status), OsRelease.ReadFromRoot(root)?.VersionCodename);
    }

    /// <summary>
    /// The one codename among the words of a file name (Isar names images after the distro, e.g.
    /// cip-core-image-cip-core-bookworm-qemu-amd64.dpkg_status); null for none or two. Split by hand: building a regular
    /// expression for it was 3% of a 10,000-package scan.
    /// </summary>
    private static string? CodenameInFileName(string path)
    {
        string? found = null;
        foreach (var word in System.IO.Path.GetFileName(path).Split(['-', '_', '.']))
        {
            if (DebianReleases.IsCodename(word))
            {
                if (found is not null && found != word)
                {
                    return null;
                }
                found = word;
            }
        }
        return found;
    }
}
