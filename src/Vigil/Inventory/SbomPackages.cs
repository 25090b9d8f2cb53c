using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Vigil.Common;
using static Vigil.Common.JsonReading;
using Vigil.Versions;

namespace Vigil.Inventory;

/// <summary>
/// The installed Debian packages an SBOM lists, to be scanned as a dpkg status file would be: CycloneDX JSON (its
/// components, nested ones too), SPDX 2.x JSON and tag-value (its packages' purl references) and SPDX 3 JSON-LD
/// (its software packages), as syft, trivy, debsbom, Yocto and Vigil write them. A <c>pkg:deb</c> purl gives name,
/// version and architecture. The source package, which the tracker's verdicts name, comes from, in order:
/// <list type="number">
/// <item>the purl's <c>upstream</c> qualifier ("glibc", or "glibc@2.36-9" when the source version differs; syft, Vigil);</item>
/// <item>the component's own statement of it: SPDX's sourceInfo "built package from: glibc 2.36-9" (trivy, Vigil),
/// CycloneDX properties aquasecurity:trivy:SrcName/SrcEpoch/SrcVersion/SrcRelease (trivy);</item>
/// <item>a source component (<c>?arch=source</c>) the SBOM links the binary to (debsbom): SPDX's GENERATES, or
/// GENERATED_FROM other than Built-Using; CycloneDX's dependsOn, where Built-Using sources are listed too, so the
/// one whose version is the binary's (less a binNMU suffix) is its own;</item>
/// <item>else the package itself, as dpkg has it when a status stanza has no Source field.</item>
/// </list>
/// A binary linked to sources none of which can be its own is named in <see cref="Read.SourceUnclear"/>; what is
/// not a Debian package in <see cref="Read.NotDebian"/>: nothing drops out unsaid. A purl that cannot be read is an
/// error naming the component.
/// </summary>
public static partial class SbomPackages
{
    /// <summary>The Debian packages, the release codename the purls' distro names (if one), the components that are
    /// not Debian packages, and the binaries scanned under their own name because the SBOM's source links were unclear.</summary>
    public sealed record Read(IReadOnlyList<InstalledPackage> Packages, string? Codename, IReadOnlyList<string> NotDebian)
    {
        public IReadOnlyList<string> SourceUnclear { get; init; } = [];
    }

    /// <summary>Whether content is an SBOM rather than a dpkg status file: JSON, or SPDX tag-value (a status file starts with a field such as Package:).</summary>
    public static bool LooksLikeSbom(ReadOnlySpan<byte> content)
    {
        var start = content.TrimStart("\uFEFF"u8).TrimStart(" \t\r\n"u8);
        return start.StartsWith("{"u8) || start.StartsWith("SPDXVersion:"u8);
    }

    /// <summary>One component as the SBOM names it (bom-ref, SPDXID or spdxId) with its purl, if it has one, and its source where the SBOM states it outside the purl.</summary>
    private sealed record Entry(string Id, string? Purl, string? SourceName = null, string? SourceVersion = null);

    /// <summary>A binary's link to a source component; <paramref name="Own"/> when the SBOM says it is the binary's own source.</summary>
    private sealed record SourceLink(string Binary, string Source, bool Own);

    public static Read FromFile(string path) => FromBytes(InputFiles.ReadBytes(path), path);

    /// <summary>An SBOM's bytes from elsewhere (an upload), named <paramref name="path"/> in messages.</summary>
    public static Read FromBytes(byte[] bytes, string path)
    {
        var text = Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF');
        if (text.TrimStart().StartsWith("SPDXVersion:", StringComparison.Ordinal))
        {
            var (entries, links) = SpdxTagValue(text, path);
            return Packages(path, entries, links);
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new VigilException($"{path}: not an SBOM in JSON (line {e.LineNumber + 1}): expected CycloneDX or SPDX JSON, or SPDX tag-value");
        }
        using (document)
        {
            var root = document.RootElement;
            var read = root.ValueKind != JsonValueKind.Object ? null
                : root.TryGetProperty("bomFormat", out var format) && format.ValueEquals("CycloneDX") ? CycloneDx(root)
                : root.TryGetProperty("spdxVersion", out _) ? Spdx2(root)
                : root.TryGetProperty("@graph", out var graph) && graph.ValueKind == JsonValueKind.Array ? Spdx3(graph)
                : ((IReadOnlyList<Entry>, IReadOnlyList<SourceLink>)?)null;
            return read is { } found
                ? Packages(path, found.Item1, found.Item2)
                : throw new VigilException($"{path}: expected a CycloneDX (bomFormat), SPDX 2 (spdxVersion) or SPDX 3 (@graph) JSON document");
        }
    }

    private static Read Packages(string path, IReadOnlyList<Entry> entries, IReadOnlyList<SourceLink> links)
    {
        var parsed = new List<(Entry Entry, PackageUrl Purl, DebianVersion Version)>();
        var notDebian = new List<string>();
        foreach (var entry in entries)
        {
            if (entry.Purl is not { } text || !text.StartsWith("pkg:deb/", StringComparison.OrdinalIgnoreCase))
            {
                notDebian.Add(entry.Id);
                continue;
            }
            PackageUrl purl;
            try
            {
                purl = PackageUrl.Parse(text);
            }
            catch (VigilException e)
            {
                throw new VigilException($"{path}: component {entry.Id}: {e.Message}");
            }
            if (purl.Version is null)
            {
                throw new VigilException($"{path}: component {entry.Id}: {text} has no version");
            }
            if (!DebianVersion.TryParse(purl.Version, out var version, out var error))
            {
                throw new VigilException($"{path}: component {entry.Id}: {text} has no valid Debian version: {error}");
            }
            parsed.Add((entry, purl, version));
        }
        var sources = parsed.Where(p => p.Purl.Qualifier("arch") == "source").GroupBy(p => p.Entry.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (g.First().Purl.Name, g.First().Version), StringComparer.Ordinal);
        var linked = links.Where(l => sources.ContainsKey(l.Source)).ToLookup(l => l.Binary, StringComparer.Ordinal);

        var packages = new Dictionary<(string, string, string), InstalledPackage>();
        var distros = new HashSet<string>(StringComparer.Ordinal);
        var unclear = new List<string>();
        foreach (var (entry, purl, version) in parsed.Where(p => p.Purl.Qualifier("arch") != "source"))
        {
            var arch = purl.Qualifier("arch") ?? "";
            var (sourceName, sourceVersion) = (purl.Name, version);
            if (purl.Qualifier("upstream") is { } upstream)
            {
                var at = upstream.IndexOf('@', StringComparison.Ordinal);
                sourceName = at < 0 ? upstream : upstream[..at];
                if (at >= 0 && !DebianVersion.TryParse(upstream[(at + 1)..], out sourceVersion, out var sourceError))
                {
                    throw new VigilException($"{path}: component {entry.Id}: upstream '{upstream}' has no valid Debian version: {sourceError}");
                }
            }
            else if (entry.SourceName is { } stated)
            {
                sourceName = stated;
                if (entry.SourceVersion is { } statedVersion && !DebianVersion.TryParse(statedVersion, out sourceVersion, out var statedError))
                {
                    throw new VigilException($"{path}: component {entry.Id}: source version '{statedVersion}' is no valid Debian version: {statedError}");
                }
            }
            else if (linked[entry.Id].ToArray() is { Length: > 0 } candidates)
            {
                if (OwnSource(candidates, sources, purl.Name, version) is { } own)
                {
                    (sourceName, sourceVersion) = own;
                }
                else
                {
                    unclear.Add(entry.Id);
                }
            }
            if (purl.Qualifier("distro") is { } distro)
            {
                distros.Add(distro);
            }
            packages.TryAdd((purl.Name, arch, version.Text), new InstalledPackage(purl.Name, arch, version, sourceName, sourceVersion));
        }
        var codenames = distros.Select(DebianReleases.CodenameOf).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        return new Read([.. packages.Values], codenames.Length == 1 ? codenames[0] : null, notDebian) { SourceUnclear = unclear };
    }

    /// <summary>The one linked source that is the binary's own: said so, or the only one, else of the binary's version (binNMU suffix aside), else of its name.</summary>
    private static (string, DebianVersion)? OwnSource(SourceLink[] candidates, Dictionary<string, (string Name, DebianVersion Version)> sources, string binary, DebianVersion version)
    {
        var all = candidates.Select(c => sources[c.Source]).Distinct().ToArray();
        var said = candidates.Where(c => c.Own).Select(c => sources[c.Source]).Distinct().ToArray();
        if (said.Length == 1 || all.Length == 1)
        {
            return said.Length == 1 ? said[0] : all[0];
        }
        var withoutBinNmu = BinNmu().Replace(version.Text, "");
        var sameVersion = all.Where(s => s.Version == version || s.Version.Text == withoutBinNmu).ToArray();
        if (sameVersion.Length == 1)
        {
            return sameVersion[0];
        }
        var sameName = all.Where(s => s.Name == binary).ToArray();
        return sameName.Length == 1 ? sameName[0] : null;
    }

    /// <summary>Every component, nested ones included (JSON depth bounds the nesting), by bom-ref or name; dependsOn as source links.</summary>
    private static (IReadOnlyList<Entry>, IReadOnlyList<SourceLink>) CycloneDx(JsonElement bom)
    {
        var entries = new List<Entry>();
        var pending = new Stack<JsonElement>();
        if (bom.TryGetProperty("components", out var top) && top.ValueKind == JsonValueKind.Array)
        {
            pending.Push(top);
        }
        while (pending.TryPop(out var list))
        {
            foreach (var c in list.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.Object))
            {
                entries.Add(TrivySource(new Entry(Text(c, "bom-ref") ?? Text(c, "name") ?? "(unnamed)", Text(c, "purl")), c));
                if (c.TryGetProperty("components", out var nested) && nested.ValueKind == JsonValueKind.Array)
                {
                    pending.Push(nested);
                }
            }
        }
        var links = new List<SourceLink>();
        if (bom.TryGetProperty("dependencies", out var dependencies) && dependencies.ValueKind == JsonValueKind.Array)
        {
            foreach (var d in dependencies.EnumerateArray().Where(d => d.ValueKind == JsonValueKind.Object))
            {
                if (Text(d, "ref") is { } from && d.TryGetProperty("dependsOn", out var on) && on.ValueKind == JsonValueKind.Array)
                {
                    links.AddRange(on.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => new SourceLink(from, t.GetString()!, Own: false)));
                }
            }
        }
        return (entries, links);
    }

    private static (IReadOnlyList<Entry>, IReadOnlyList<SourceLink>) Spdx2(JsonElement document)
    {
        var entries = new List<Entry>();
        if (document.TryGetProperty("packages", out var packages) && packages.ValueKind == JsonValueKind.Array)
        {
            foreach (var p in packages.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.Object))
            {
                var purl = p.TryGetProperty("externalRefs", out var refs) && refs.ValueKind == JsonValueKind.Array
                    ? refs.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.Object && Text(r, "referenceType") == "purl").Select(r => Text(r, "referenceLocator")).FirstOrDefault()
                    : null;
                entries.Add(WithSourceInfo(new Entry(Text(p, "SPDXID") ?? Text(p, "name") ?? "(unnamed)", purl), Text(p, "sourceInfo")));
            }
        }
        var links = new List<SourceLink>();
        if (document.TryGetProperty("relationships", out var relationships) && relationships.ValueKind == JsonValueKind.Array)
        {
            foreach (var r in relationships.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.Object))
            {
                if (SpdxLink(Text(r, "spdxElementId"), Text(r, "relationshipType"), Text(r, "relatedSpdxElement"), Text(r, "comment")) is { } link)
                {
                    links.Add(link);
                }
            }
        }
        return (entries, links);
    }

    /// <summary>SPDX 3 JSON-LD: software packages by spdxId with software_packageUrl; "generates" relationships as own-source links.</summary>
    private static (IReadOnlyList<Entry>, IReadOnlyList<SourceLink>) Spdx3(JsonElement graph)
    {
        var entries = new List<Entry>();
        var links = new List<SourceLink>();
        foreach (var e in graph.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object))
        {
            switch (Text(e, "type"))
            {
                case "software_Package":
                    entries.Add(WithSourceInfo(new Entry(Text(e, "spdxId") ?? Text(e, "name") ?? "(unnamed)", Text(e, "software_packageUrl")), Text(e, "software_sourceInfo")));
                    break;
                case "Relationship" when Text(e, "from") is { } from && e.TryGetProperty("to", out var to) && to.ValueKind == JsonValueKind.Array:
                    foreach (var target in to.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String))
                    {
                        if (SpdxLink(from, Text(e, "relationshipType"), target.GetString(), Text(e, "comment")) is { } link)
                        {
                            links.Add(link);
                        }
                    }
                    break;
            }
        }
        return (entries, links);
    }

    /// <summary>
    /// SPDX 2 tag-value: each package's SPDXID and purl ExternalRef, and the Relationship lines. Multi-line
    /// &lt;text&gt; values are skipped whole, so a tag inside one is never read as a field.
    /// </summary>
    private static (IReadOnlyList<Entry>, IReadOnlyList<SourceLink>) SpdxTagValue(string text, string path)
    {
        var entries = new List<Entry>();
        var links = new List<SourceLink>();
        string? id = null, purl = null, name = null, sourceInfo = null;
        var inPackage = false;
        void Finish()
        {
            if (inPackage)
            {
                entries.Add(WithSourceInfo(new Entry(id ?? name ?? "(unnamed)", purl), sourceInfo));
            }
            (id, purl, name, sourceInfo, inPackage) = (null, null, null, null, false);
        }
        var lineNumber = 0;
        var inText = false;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            if (inText)
            {
                inText = !line.Contains("</text>", StringComparison.Ordinal);
                continue;
            }
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#'))
            {
                continue;
            }
            var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new VigilException($"{path}: line {lineNumber}: expected 'Tag: value' as SPDX tag-value has it, got '{(trimmed.Length > 60 ? trimmed[..60] + "…" : trimmed)}'");
            }
            var (tag, value) = (trimmed[..colon], trimmed[(colon + 1)..].Trim());
            if (value.StartsWith("<text>", StringComparison.Ordinal))
            {
                inText = !value.Contains("</text>", StringComparison.Ordinal);
                continue;
            }
            switch (tag)
            {
                case "PackageName":
                    Finish();
                    (inPackage, name) = (true, value);
                    break;
                case "FileName" or "SnippetSPDXID" or "LicenseID":
                    Finish();
                    break;
                case "SPDXID" when inPackage:
                    id = value;
                    break;
                case "PackageSourceInfo" when inPackage:
                    sourceInfo = value;
                    break;
                case "ExternalRef" when inPackage && value.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, "purl", var locator, ..]:
                    purl ??= locator;
                    break;
                case "Relationship" when value.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var from, var type, var to, ..]:
                    if (SpdxLink(from, type, to, null) is { } link)
                    {
                        links.Add(link);
                    }
                    break;
            }
        }
        Finish();
        return (entries, links);
    }

    /// <summary>A relationship as a binary-to-source link: "SRC GENERATES BIN" says BIN's own source; "BIN GENERATED_FROM SRC" too, unless it is Built-Using.</summary>
    private static SourceLink? SpdxLink(string? from, string? type, string? to, string? comment) => (from, type?.ToUpperInvariant(), to) switch
    {
        ({ } source, "GENERATES", { } binary) => new SourceLink(binary, source, Own: true),
        ({ } binary, "GENERATED_FROM" or "GENERATEDFROM", { } source) => new SourceLink(binary, source, Own: comment?.Contains("built-using", StringComparison.OrdinalIgnoreCase) != true),
        _ => null,
    };

    /// <summary>SPDX's sourceInfo as trivy and Vigil write it for Debian packages: "built package from: NAME [VERSION]".</summary>
    private static Entry WithSourceInfo(Entry entry, string? sourceInfo) =>
        sourceInfo is not null && SourceInfo().Match(sourceInfo) is { Success: true } match
            ? entry with { SourceName = match.Groups["name"].Value, SourceVersion = match.Groups["version"].Success ? match.Groups["version"].Value : null }
            : entry;

    /// <summary>trivy's CycloneDX source properties: SrcName, and the version as [SrcEpoch:]SrcVersion[-SrcRelease].</summary>
    private static Entry TrivySource(Entry entry, JsonElement component)
    {
        if (!component.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Array)
        {
            return entry;
        }
        var values = properties.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.Object && Text(p, "name")?.StartsWith("aquasecurity:trivy:Src", StringComparison.Ordinal) == true)
            .GroupBy(p => Text(p, "name")!["aquasecurity:trivy:Src".Length..], StringComparer.Ordinal).ToDictionary(g => g.Key, g => Text(g.First(), "value"), StringComparer.Ordinal);
        if (values.GetValueOrDefault("Name") is not { } name)
        {
            return entry;
        }
        var version = values.GetValueOrDefault("Version") is { } upstream
            ? (values.GetValueOrDefault("Epoch") is { } epoch && epoch != "0" ? epoch + ":" : "") + upstream + (values.GetValueOrDefault("Release") is { } release ? "-" + release : "")
            : null;
        return entry with { SourceName = name, SourceVersion = version };
    }


    [GeneratedRegex(@"\+b[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex BinNmu();

    [GeneratedRegex(@"^built package from: (?<name>[a-z0-9][a-z0-9+.-]*)(?: (?<version>\S+))?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex SourceInfo();
}
