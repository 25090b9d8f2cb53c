using Vigil.Inventory;

namespace Vigil.Sbom;

/// <summary>What an SBOM is made from: the installed packages and, where known, the kernel, licences and .deb files.</summary>
/// <param name="Rootfs">A root filesystem whose /usr/share/doc/PACKAGE/copyright files give licences.</param>
/// <param name="DebDirectories">Directories (an apt cache, a deploy directory) searched for the packages' .deb files to hash.</param>
/// <param name="KernelBuild">What the kernel compiled, where the release records it or a file list was given.</param>
public sealed record SbomSources(ScanTarget Target, string? KernelVersion = null, string? Rootfs = null, IReadOnlyList<string>? DebDirectories = null,
    KernelBuild? KernelBuild = null);

/// <summary>
/// Builds the SBOM of an inventory: every installed binary package with its purl (source package in the
/// <c>upstream</c> qualifier when its name or version differs, as syft writes it), maintainer, licence, .deb name and hash, and its
/// dependencies among the installed packages (a virtual package resolves to the installed packages providing it);
/// the kernel as a component of its own, with the files it compiled when known.
/// </summary>
public static class SbomBuilder
{
    /// <summary>The source package as syft writes it in <c>upstream</c>: its name when that differs, with "@VERSION" when the version differs (a binNMU).</summary>
    private static string? Upstream(InstalledPackage p) =>
        p.SourceVersion.Text != p.Version.Text ? $"{p.SourceName}@{p.SourceVersion.Text}"
        : p.SourceName != p.Name ? p.SourceName
        : null;

    public static SoftwareBill Build(string product, string? release, SbomSources sources, string? author, DateTimeOffset now, string toolVersion, Guid serial)
    {
        var codename = sources.Target.Release;
        var distro = codename is null ? null : DebianReleases.DistroOf(codename);
        var packages = sources.Target.Packages.OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Architecture, StringComparer.Ordinal).ToArray();
        var refs = packages.ToDictionary(p => p, p => PackageUrl.ForDeb(p.Name, p.Version.Text, p.Architecture, Upstream(p), distro ?? "debian").ToString());
        // A dependency names a package or a virtual package; either may be installed for several architectures.
        var providers = packages.SelectMany(p => p.Provides.Prepend(p.Name).Select(name => (name, p)))
            .ToLookup(x => x.name, x => refs[x.p], StringComparer.Ordinal);
        var debs = DebFiles.Index(sources.DebDirectories ?? []);
        var components = new List<SbomComponent>();
        foreach (var package in packages)
        {
            var fileName = DebFiles.NameOf(package);
            components.Add(new SbomComponent(refs[package], SbomComponentKind.Package, package.Name, package.Version.Text)
            {
                Purl = PackageUrl.Parse(refs[package]),
                Creator = package.Maintainer,
                SourceName = package.SourceName,
                SourceVersion = package.SourceVersion.Text,
                Licence = sources.Rootfs is null ? null : DebianCopyright.LicenceOf(sources.Rootfs, package.Name),
                FileName = fileName,
                Sha512 = debs.TryGetValue(fileName, out var path) ? DebFiles.Sha512(path) : null,
                DependsOn = [.. package.Depends.SelectMany(name => providers[name]).Where(r => r != refs[package]).Distinct().Order(StringComparer.Ordinal)],
            });
        }
        if (sources.KernelVersion is { } kernel)
        {
            components.Add(new SbomComponent("kernel", SbomComponentKind.Kernel, "linux", kernel)
            {
                Purl = new PackageUrl("generic", null, "linux", kernel, new SortedDictionary<string, string>(StringComparer.Ordinal)),
                Creator = "The Linux kernel developers <linux-kernel@vger.kernel.org>",
                Licence = "GPL-2.0-only WITH Linux-syscall-note",
                Files = [.. sources.KernelBuild?.Files ?? []],
            });
        }
        return new SoftwareBill(product, release, distro, components, author, now, toolVersion, serial);
    }
}
