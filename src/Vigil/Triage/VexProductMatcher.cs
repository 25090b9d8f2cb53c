using Vigil.Common;
using Vigil.Inventory;
using Vigil.Versions;

namespace Vigil.Triage;

/// <summary>Which finding component a VEX statement's product is, or why it is none.</summary>
public sealed record VexMatch(string? Component, string? Reason)
{
    public static VexMatch To(string component) => new(component, null);

    public static VexMatch None(string reason) => new(null, reason);
}

/// <summary>
/// Finds the component a VEX statement is about. Findings name Debian source packages and <c>linux</c>; statements
/// name whatever their author's SBOM tool wrote, so:
/// <list type="bullet">
/// <item>a source purl (<c>pkg:deb/debian/openssl?arch=source</c>) is that source package;</item>
/// <item>a binary purl with <c>upstream=</c> (syft, Vigil) is the source it names;</item>
/// <item>any other binary purl is the source the inventory says it was built from (<c>libssl3</c> → <c>openssl</c>);</item>
/// <item>a purl naming no installed binary but an installed source package (<c>pkg:deb/debian/glibc</c>) is that source;</item>
/// <item><c>pkg:generic/linux</c> and a <c>cpe:…:linux:linux_kernel:…</c> CPE are the kernel.</item>
/// </list>
/// A version in the purl or CPE must be the one installed (for binaries, the binary's; for the kernel, the
/// product's), since a statement about another version says nothing about this one. Anything else is no match,
/// with the reason, so a statement never changes nothing silently.
/// </summary>
public sealed class VexProductMatcher(IReadOnlyCollection<InstalledPackage> packages, string? kernelVersion)
{
    private readonly ILookup<string, InstalledPackage> binaries = packages.ToLookup(p => p.Name, StringComparer.Ordinal);
    private readonly HashSet<string> sources = packages.Select(p => p.SourceName).ToHashSet(StringComparer.Ordinal);

    public VexMatch Match(string product)
    {
        if (product.StartsWith("cpe:", StringComparison.OrdinalIgnoreCase))
        {
            return MatchCpe(product);
        }
        if (!product.StartsWith("pkg:", StringComparison.OrdinalIgnoreCase))
        {
            return VexMatch.None($"'{product}' is neither a package URL (pkg:) nor a CPE");
        }
        PackageUrl purl;
        try
        {
            purl = PackageUrl.Parse(product);
        }
        catch (VigilException e)
        {
            return VexMatch.None(e.Message);
        }
        return purl switch
        {
            { Type: "generic", Name: "linux" } => KernelOfVersion(purl.Version, product),
            { Type: "deb" } when purl.Qualifier("arch") == "source" => VexMatch.To(purl.Name),
            { Type: "deb" } => MatchBinary(purl, product),
            _ => VexMatch.None($"{product} is a pkg:{purl.Type}, not a Debian package (pkg:deb) or the kernel (pkg:generic/linux)"),
        };
    }

    private VexMatch MatchBinary(PackageUrl purl, string product)
    {
        var installed = binaries[purl.Name].Where(p => purl.Qualifier("arch") is not { } arch || arch == p.Architecture).ToArray();
        if (purl.Version is { } version && installed.Length > 0 && !installed.Any(p => DebianVersion.TryParse(version, out var v) && v == p.Version))
        {
            return VexMatch.None($"{product} is about {purl.Name} {version}; the inventory has {string.Join(", ", installed.Select(p => p.Version.Text).Distinct())}");
        }
        if (purl.Qualifier("upstream") is { } upstream)
        {
            return VexMatch.To(upstream.Split('@')[0]);
        }
        return installed.Length > 0 ? VexMatch.To(installed[0].SourceName)
            : sources.Contains(purl.Name) ? VexMatch.To(purl.Name)
            : VexMatch.None($"binary package {purl.Name} is not in the inventory, so which source package it was built from is unknown "
                + "(name the source with an upstream= qualifier, or as pkg:deb/debian/SOURCE?arch=source)");
    }

    private VexMatch MatchCpe(string cpe)
    {
        // cpe:2.3:part:vendor:product:version:... (formatted string) or cpe:/part:vendor:product:version (URI binding)
        var fields = cpe.StartsWith("cpe:2.3:", StringComparison.OrdinalIgnoreCase) ? cpe[8..].Split(':') : cpe[4..].TrimStart('/').Split(':');
        if (fields.Length < 3 || !fields[1].Equals("linux", StringComparison.OrdinalIgnoreCase) || !fields[2].Equals("linux_kernel", StringComparison.OrdinalIgnoreCase))
        {
            return VexMatch.None($"{cpe} does not name the Linux kernel (linux:linux_kernel); only the kernel is matched by CPE, Debian packages by purl");
        }
        var version = fields.Length > 3 && fields[3] is not ("*" or "-" or "") ? fields[3] : null;
        return KernelOfVersion(version, cpe);
    }

    /// <summary>A stated upstream version (6.1.119) also covers the vendor kernels built on it (6.1.119-cip33).</summary>
    private VexMatch KernelOfVersion(string? version, string product) =>
        version is null || kernelVersion is null || kernelVersion.StartsWith(version + "-", StringComparison.Ordinal)
            || KernelVersion.TryParse(version, out var stated) && KernelVersion.TryParse(kernelVersion, out var running) && stated == running
            ? VexMatch.To("linux")
            : VexMatch.None($"{product} is about linux {version}; the product runs {kernelVersion}");
}
