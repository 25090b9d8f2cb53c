using Vigil.Inventory;

namespace Vigil.Sbom;

public enum SbomComponentKind
{
    /// <summary>An installed Debian binary package.</summary>
    Package,

    /// <summary>The Linux kernel the product runs.</summary>
    Kernel,
}

/// <summary>One component of a product's SBOM, with what BSI TR-03183-2 asks of it where it is known.</summary>
/// <param name="Ref">Unique within the document: the purl for packages.</param>
public sealed record SbomComponent(string Ref, SbomComponentKind Kind, string Name, string Version)
{
    public PackageUrl? Purl { get; init; }

    /// <summary>Who made it (a Debian package's maintainer: name and address).</summary>
    public string? Creator { get; init; }

    public string? SourceName { get; init; }

    public string? SourceVersion { get; init; }

    /// <summary>The declared licence as an SPDX expression, where a machine-readable copyright file says.</summary>
    public string? Licence { get; init; }

    /// <summary>The deployable file's name (a .deb as the archive names it).</summary>
    public string? FileName { get; init; }

    /// <summary>SHA-512 of the deployable file, lower-case hex, where a copy was found.</summary>
    public string? Sha512 { get; init; }

    /// <summary>For the kernel: the source files it compiled (tree-relative, ordinal order), when the build is known.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>The refs of the components it depends on, sorted.</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = [];

    /// <summary>The TR-03183-2 component fields this component lacks (creator, licence, hash), in that order.</summary>
    public IReadOnlyList<string> MissingFields =>
        [.. new[] { ("creator", Creator), ("licence", Licence), ("SHA-512 hash", Sha512) }.Where(f => f.Item2 is null).Select(f => f.Item1)];
}

/// <summary>
/// A product release's software bill of materials: the product as the root, depending on every component, the
/// components in a stable order (packages by name and architecture, then the kernel), so the same inventory always
/// gives the same document apart from its time and serial number.
/// </summary>
/// <param name="Author">Who the SBOM is from (TR-03183-2's creator of the SBOM: a name with an address or a URL), if given.</param>
public sealed record SoftwareBill(string Product, string? Release, string? Distro, IReadOnlyList<SbomComponent> Components, string? Author, DateTimeOffset Created,
    string ToolVersion, Guid Serial)
{
    public const string RootRef = "product";

    /// <summary>"Name &lt;address&gt;" split into its parts; text without an address is all name.</summary>
    public static (string Name, string? Email) Contact(string text)
    {
        var open = text.LastIndexOf('<');
        return open > 0 && text.EndsWith('>') ? (text[..open].Trim(), text[(open + 1)..^1].Trim()) : (text.Trim(), null);
    }
}
