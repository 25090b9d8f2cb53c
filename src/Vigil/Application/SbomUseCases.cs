using Vigil.Inventory;
using Vigil.Products;
using Vigil.Sbom;

namespace Vigil.Application;

/// <summary>
/// Whose SBOM: a product's release (its recorded inventory and kernel), or a package list given directly (a kind
/// and a path; this machine with neither). A root filesystem also gives licences; .deb directories give hashes.
/// </summary>
public sealed record SbomRequest
{
    public string? Product { get; init; }

    /// <summary>Which release of <see cref="Product"/>; the newest when null.</summary>
    public string? Release { get; init; }

    public PackageInventoryKind? InventoryKind { get; init; }

    public string? InventoryPath { get; init; }

    /// <summary>The Debian release (codename) for the purls' distro; else the product's, the target's os-release or file name.</summary>
    public string? DebianRelease { get; init; }

    public string? KernelVersion { get; init; }

    /// <summary>A list of the source files the kernel compiled (one per line); else the build the product's release records, if any.</summary>
    public string? KernelCompiledFiles { get; init; }

    /// <summary>Who the SBOM is from: a name with an address or a URL.</summary>
    public string? Author { get; init; }

    public IReadOnlyList<string> DebDirectories { get; init; } = [];

    public SbomFormat Format { get; init; } = SbomFormat.CycloneDx;
}

public enum SbomFormat
{
    /// <summary>CycloneDX 1.6 JSON.</summary>
    CycloneDx,

    /// <summary>SPDX 2.3 JSON.</summary>
    Spdx,

    /// <summary>SPDX 3.0.1 JSON-LD.</summary>
    Spdx3,
}

/// <summary>The SBOM and its document in the asked format.</summary>
public sealed record SbomOutcome(SoftwareBill Bill, byte[] Document);

/// <summary>Software bills of materials of products and systems (CRA Annex I, BSI TR-03183-2).</summary>
public sealed class SbomUseCases(ProductCatalog catalog, ScanUseCases scans, VigilSettings settings, TimeProvider clock)
{
    public async Task<SbomOutcome> BuildAsync(SbomRequest request, CancellationToken cancellation)
    {
        string name;
        string? releaseName = null, kernel = request.KernelVersion, codename = request.DebianRelease;
        var build = request.KernelCompiledFiles is { } compiled ? KernelBuild.FromFileList(compiled) : null;
        ScanTarget target;
        if (request.Product is { } product)
        {
            var release = await catalog.FindReleaseAsync(product, request.Release, cancellation);
            (name, releaseName) = (product, release.Name);
            target = release.PackagesKind is null && request.InventoryKind is null ? new ScanTarget("none", "", [], null)
                : request.InventoryKind is not null ? ScanUseCases.TargetOf(request.InventoryKind, request.InventoryPath)
                : await scans.TargetOfAsync(release, product, cancellation);
            kernel ??= release.KernelVersion;
            build ??= KernelBuild.Of(release.KernelBuildKind, release.KernelBuildPath);
            codename ??= release.DebianRelease;
        }
        else
        {
            target = ScanUseCases.TargetOf(request.InventoryKind, request.InventoryPath);
            name = target.Kind == "system" ? Environment.MachineName : Path.GetFileName(Path.TrimEndingDirectorySeparator(target.Path));
        }
        var sources = new SbomSources(target with { Release = codename ?? target.Release }, kernel, target.Kind is "rootfs" or "system" ? RootOf(target) : null,
            request.DebDirectories, kernel is null ? null : build);
        var bill = SbomBuilder.Build(name, releaseName, sources, request.Author, clock.GetUtcNow(), settings.ToolVersion, Guid.NewGuid());
        using var document = new MemoryStream();
        switch (request.Format)
        {
            case SbomFormat.Spdx:
                SpdxSbom.Write(document, bill);
                break;
            case SbomFormat.Spdx3:
                Spdx3Sbom.Write(document, bill);
                break;
            default:
                CycloneDxSbom.Write(document, bill);
                break;
        }
        return new SbomOutcome(bill, document.ToArray());
    }

    private static string RootOf(ScanTarget target) => target.Kind == "system" ? "/" : target.Path;
}
