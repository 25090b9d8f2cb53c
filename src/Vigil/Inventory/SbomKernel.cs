using System.Text.Json;
using System.Text.RegularExpressions;
using Vigil.Common;
using static Vigil.Common.JsonReading;

namespace Vigil.Inventory;

/// <summary>
/// The Linux kernel an SBOM lists, for a kernel scan: by CPE (<c>cpe:2.3:o:linux:linux_kernel:6.1.119</c>, as Yocto
/// and NVD name it), by purl (<c>pkg:generic/linux@…</c> as Vigil writes it, <c>pkg:generic/linux-kernel@…</c>),
/// by Debian's <c>linux-image-ABI</c> package (the ABI name and the package version, which says the real release),
/// or by a component named linux, linux-yocto, linux-cip… (Yocto's "6.1.38+gitAUTOINC+…" read as 6.1.38). CycloneDX
/// JSON, SPDX 2 JSON and SPDX 3 JSON-LD are read. An SBOM naming no kernel, or several, is an error that says so.
/// </summary>
public static partial class SbomKernel
{
    /// <param name="Version">What a kernel scan takes as --version.</param>
    /// <param name="PackageVersion">For a Debian linux-image package: its version, which carries the real release.</param>
    /// <param name="Component">How the SBOM names it, for messages.</param>
    /// <param name="ListsFiles">Whether the SBOM lists files: a Yocto kernel SBOM's, or Vigil's, compiled sources.</param>
    /// <param name="Files">The files it lists (<see cref="KernelBuild.FilesIn"/>), read with the kernel so the SBOM is read once.</param>
    public sealed record Found(string Version, string? PackageVersion, string Component, bool ListsFiles, IReadOnlyList<string> Files);

    private sealed record Candidate(string Name, string? Version, string? Purl, IReadOnlyList<string> Cpes);

    public static Found Find(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(InputFiles.ReadBytes(path), new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new VigilException($"{path}: line {e.LineNumber + 1}: not a JSON SBOM: expected CycloneDX, SPDX 2 or SPDX 3 JSON");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new VigilException($"{path}: expected a CycloneDX, SPDX 2 or SPDX 3 JSON document");
            }
            var candidates = new List<Candidate>();
            var listsFiles = false;
            if (root.TryGetProperty("bomFormat", out _))
            {
                listsFiles = CycloneDx(root, candidates);
            }
            else if (root.TryGetProperty("spdxVersion", out _))
            {
                Spdx2(root, candidates);
                listsFiles = root.TryGetProperty("files", out var files) && files.ValueKind == JsonValueKind.Array && files.GetArrayLength() > 0;
            }
            else if (root.TryGetProperty("@graph", out var graph) && graph.ValueKind == JsonValueKind.Array)
            {
                listsFiles = Spdx3(graph, candidates);
            }
            else
            {
                throw new VigilException($"{path}: expected a CycloneDX (bomFormat), SPDX 2 (spdxVersion) or SPDX 3 (@graph) JSON document");
            }
            // One kernel may be named twice (a linux-image package and a CPE): the Debian package's version says more.
            var kernels = candidates.Select(Kernel).OfType<(string Version, string? PackageVersion, string Component)>()
                .GroupBy(k => k.Version, StringComparer.Ordinal).Select(g => g.OrderBy(k => k.PackageVersion is null).First()).ToArray();
            return kernels.Length switch
            {
                1 => new Found(kernels[0].Version, kernels[0].PackageVersion, kernels[0].Component, listsFiles, listsFiles ? KernelBuild.FilesIn(root) : []),
                0 => throw new VigilException(ErrorKind.InvalidInput, ErrorCodes.SbomWithoutKernel,
                    $"{path}: names no Linux kernel (a linux_kernel CPE, pkg:generic/linux, a linux-image package or a component named linux with a version)"),
                _ => throw new VigilException(ErrorKind.InvalidInput, ErrorCodes.SbomKernelsAmbiguous,
                    $"{path}: names {kernels.Length} kernels ({string.Join(", ", kernels.Select(k => $"{k.Component} {k.Version}"))}), so which one to scan is not clear"),
            };
        }
    }

    /// <summary>The kernel a component is, if it is one with a version.</summary>
    private static (string, string?, string)? Kernel(Candidate c)
    {
        foreach (var cpe in c.Cpes)
        {
            var fields = cpe.StartsWith("cpe:2.3:", StringComparison.OrdinalIgnoreCase) ? cpe[8..].Split(':') : cpe[4..].TrimStart('/').Split(':');
            if (fields.Length > 3 && fields[1] == "linux" && fields[2] == "linux_kernel" && Release(fields[3]) is { } fromCpe)
            {
                return (fromCpe, null, cpe);
            }
        }
        if (c.Purl is { } text && text.StartsWith("pkg:", StringComparison.OrdinalIgnoreCase))
        {
            PackageUrl purl;
            try
            {
                purl = PackageUrl.Parse(text);
            }
            catch (VigilException)
            {
                return null;
            }
            if (purl is { Type: "generic", Name: "linux" or "linux-kernel", Version: { } generic } && Release(generic) is { } fromPurl)
            {
                return (fromPurl, null, text);
            }
            if (purl is { Type: "deb", Version: { } packageVersion } && DebianImage().Match(purl.Name) is { Success: true } image)
            {
                return (image.Groups["abi"].Value, packageVersion, text);
            }
            if (purl.Type == "deb")
            {
                return null;
            }
        }
        return KernelName().IsMatch(c.Name) && c.Version is { } version && Release(version) is { } fromName ? (fromName, null, c.Name) : null;
    }

    /// <summary>A release as a kernel scan reads it: "6.1.119-cip33", "6.1.38" from Yocto's "6.1.38+gitAUTOINC+…"; not "*".</summary>
    private static string? Release(string text) => ReleaseText().Match(text) is { Success: true } m ? m.Value : null;

    /// <summary>CycloneDX components, nested ones too; true when some are files (the kernel's compiled sources, as Vigil writes them).</summary>
    private static bool CycloneDx(JsonElement bom, List<Candidate> candidates)
    {
        var files = false;
        var pending = new Stack<JsonElement>();
        if (bom.TryGetProperty("components", out var top) && top.ValueKind == JsonValueKind.Array)
        {
            pending.Push(top);
        }
        if (bom.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object && metadata.TryGetProperty("component", out var root)
            && root.ValueKind == JsonValueKind.Object && root.TryGetProperty("components", out var rootParts) && rootParts.ValueKind == JsonValueKind.Array)
        {
            pending.Push(rootParts);
        }
        while (pending.TryPop(out var list))
        {
            foreach (var c in list.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.Object))
            {
                files |= Text(c, "type") == "file";
                candidates.Add(new Candidate(Text(c, "name") ?? "", Text(c, "version"), Text(c, "purl"), Text(c, "cpe") is { } cpe ? [cpe] : []));
                if (c.TryGetProperty("components", out var nested) && nested.ValueKind == JsonValueKind.Array)
                {
                    pending.Push(nested);
                }
            }
        }
        return files;
    }

    private static void Spdx2(JsonElement document, List<Candidate> candidates)
    {
        if (!document.TryGetProperty("packages", out var packages) || packages.ValueKind != JsonValueKind.Array)
        {
            return;
        }
        foreach (var p in packages.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.Object))
        {
            var refs = p.TryGetProperty("externalRefs", out var r) && r.ValueKind == JsonValueKind.Array
                ? r.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Object).Select(x => (Type: Text(x, "referenceType"), Locator: Text(x, "referenceLocator"))).ToArray()
                : [];
            candidates.Add(new Candidate(Text(p, "name") ?? "", Text(p, "versionInfo"), refs.FirstOrDefault(x => x.Type == "purl").Locator,
                [.. refs.Where(x => x.Type is "cpe23Type" or "cpe22Type" && x.Locator is not null).Select(x => x.Locator!)]));
        }
    }

    /// <summary>SPDX 3's software packages; true when it lists files (a Yocto kernel SBOM's compiled sources).</summary>
    private static bool Spdx3(JsonElement graph, List<Candidate> candidates)
    {
        var files = false;
        foreach (var e in graph.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object))
        {
            var type = Text(e, "type");
            files |= type == "software_File";
            if (type != "software_Package")
            {
                continue;
            }
            var cpes = e.TryGetProperty("externalIdentifier", out var ids) && ids.ValueKind == JsonValueKind.Array
                ? ids.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object && Text(i, "externalIdentifierType") is "cpe23" or "cpe22").Select(i => Text(i, "identifier")).OfType<string>().ToArray()
                : [];
            candidates.Add(new Candidate(Text(e, "name") ?? "", Text(e, "software_packageVersion"), Text(e, "software_packageUrl"), cpes));
        }
        return files;
    }


    [GeneratedRegex(@"^[0-9]+\.[0-9]+(\.[0-9]+)?(-[A-Za-z0-9.]+(-[A-Za-z0-9.]+)*)?(?=$|\+)", RegexOptions.CultureInvariant)]
    private static partial Regex ReleaseText();

    [GeneratedRegex(@"^linux-image-(?!.*-dbg$)(?<abi>[0-9]+\.[0-9]+\.[0-9]+-[0-9]+-[a-z0-9-]+?)(-unsigned)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DebianImage();

    [GeneratedRegex(@"^(linux|linux-kernel|kernel|linux-(yocto|cip|stable|mainline)[a-z0-9.-]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex KernelName();
}
