using System.Text.Json;
using Vigil.Common;
using Vigil.Versions;

namespace Vigil.Inventory;

/// <summary>
/// The installed Debian packages an SBOM lists, to be scanned as a dpkg status file would be: CycloneDX JSON (its
/// components, nested ones too) and SPDX 2.x JSON (its packages' purl references), as syft, trivy and Vigil write
/// them. A <c>pkg:deb</c> purl gives name, version and architecture; its <c>upstream</c> qualifier gives the source
/// package ("glibc", or "glibc@2.36-9" when the source version differs), as dpkg's Source field would; without
/// one the source is the package itself, as for dpkg. What is not a Debian package is counted, never dropped
/// silently, and a purl that cannot be read is an error naming the component.
/// </summary>
public static class SbomPackages
{
    /// <summary>The Debian packages, the release codename the purls' distro names (if one), and the components that are not Debian packages.</summary>
    public sealed record Read(IReadOnlyList<InstalledPackage> Packages, string? Codename, IReadOnlyList<string> NotDebian);

    public static Read FromFile(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(InputFiles.ReadBytes(path), new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new VigilException($"{path}: not an SBOM in JSON (line {e.LineNumber + 1}): expected CycloneDX or SPDX JSON");
        }
        using (document)
        {
            var root = document.RootElement;
            var purls = root.ValueKind != JsonValueKind.Object ? null
                : root.TryGetProperty("bomFormat", out var format) && format.ValueEquals("CycloneDX") ? CycloneDxPurls(root)
                : root.TryGetProperty("spdxVersion", out _) ? SpdxPurls(root)
                : null;
            return purls is null
                ? throw new VigilException($"{path}: expected a CycloneDX (bomFormat) or SPDX (spdxVersion) JSON document")
                : Packages(path, purls);
        }
    }

    private static Read Packages(string path, IEnumerable<(string Component, string? Purl)> components)
    {
        var packages = new Dictionary<(string, string, string), InstalledPackage>();
        var notDebian = new List<string>();
        var distros = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (component, text) in components)
        {
            if (text is null || !text.StartsWith("pkg:deb/", StringComparison.OrdinalIgnoreCase))
            {
                notDebian.Add(component);
                continue;
            }
            PackageUrl purl;
            try
            {
                purl = PackageUrl.Parse(text);
            }
            catch (VigilException e)
            {
                throw new VigilException($"{path}: component {component}: {e.Message}");
            }
            if (purl.Version is null)
            {
                throw new VigilException($"{path}: component {component}: {text} has no version");
            }
            if (!DebianVersion.TryParse(purl.Version, out var version, out var error))
            {
                throw new VigilException($"{path}: component {component}: {text} has no valid Debian version: {error}");
            }
            var arch = purl.Qualifier("arch") ?? "";
            if (arch == "source")
            {
                continue;
            }
            var (sourceName, sourceVersion) = (purl.Name, version);
            if (purl.Qualifier("upstream") is { } upstream)
            {
                var at = upstream.IndexOf('@', StringComparison.Ordinal);
                sourceName = at < 0 ? upstream : upstream[..at];
                if (at >= 0 && !DebianVersion.TryParse(upstream[(at + 1)..], out sourceVersion, out var sourceError))
                {
                    throw new VigilException($"{path}: component {component}: upstream '{upstream}' has no valid Debian version: {sourceError}");
                }
            }
            if (purl.Qualifier("distro") is { } distro)
            {
                distros.Add(distro);
            }
            packages.TryAdd((purl.Name, arch, version.Text), new InstalledPackage(purl.Name, arch, version, sourceName, sourceVersion));
        }
        var codenames = distros.Select(DebianReleases.CodenameOf).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        return new Read([.. packages.Values], codenames.Length == 1 ? codenames[0] : null, notDebian);
    }

    /// <summary>Every component, nested ones included (JSON depth bounds the nesting), by bom-ref or name.</summary>
    private static IEnumerable<(string, string?)> CycloneDxPurls(JsonElement bom)
    {
        var pending = new Stack<JsonElement>();
        if (bom.TryGetProperty("components", out var top) && top.ValueKind == JsonValueKind.Array)
        {
            pending.Push(top);
        }
        while (pending.TryPop(out var list))
        {
            foreach (var c in list.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.Object))
            {
                yield return (Text(c, "bom-ref") ?? Text(c, "name") ?? "(unnamed)", Text(c, "purl"));
                if (c.TryGetProperty("components", out var nested) && nested.ValueKind == JsonValueKind.Array)
                {
                    pending.Push(nested);
                }
            }
        }
    }

    private static IEnumerable<(string, string?)> SpdxPurls(JsonElement document)
    {
        if (!document.TryGetProperty("packages", out var packages) || packages.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }
        foreach (var p in packages.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.Object))
        {
            var purl = p.TryGetProperty("externalRefs", out var refs) && refs.ValueKind == JsonValueKind.Array
                ? refs.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.Object && Text(r, "referenceType") == "purl").Select(r => Text(r, "referenceLocator")).FirstOrDefault()
                : null;
            yield return (Text(p, "SPDXID") ?? Text(p, "name") ?? "(unnamed)", purl);
        }
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
