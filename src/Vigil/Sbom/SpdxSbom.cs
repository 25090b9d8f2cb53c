using System.Text.Json;
using System.Text.RegularExpressions;

namespace Vigil.Sbom;

/// <summary>
/// An SBOM as SPDX 2.3 JSON: the document DESCRIBES the product package, which DEPENDS_ON every component; each
/// package carries its purl (an external reference), supplier, declared licence, .deb file name and SHA-512, and its
/// own DEPENDS_ON relationships. Fields nothing tells are NOASSERTION, as the specification asks.
/// </summary>
public static partial class SpdxSbom
{
    public static void Write(Stream output, SoftwareBill bill)
    {
        var ids = Identifiers(bill);
        using var json = new Utf8JsonWriter(output, Common.ReadableJsonEncoder.Indented);
        json.WriteStartObject();
        json.WriteString("spdxVersion", "SPDX-2.3");
        json.WriteString("dataLicense", "CC0-1.0");
        json.WriteString("SPDXID", "SPDXRef-DOCUMENT");
        json.WriteString("name", bill.Release is null ? bill.Product : $"{bill.Product} {bill.Release}");
        json.WriteString("documentNamespace", Namespace(bill));
        json.WriteStartObject("creationInfo");
        json.WriteString("created", Timestamp(bill));
        json.WriteStartArray("creators");
        json.WriteStringValue($"Tool: vigil-{bill.ToolVersion}");
        if (bill.Author is { } author)
        {
            json.WriteStringValue(Actor("Organization", author));
        }
        json.WriteEndArray();
        json.WriteEndObject();

        json.WriteStartArray("packages");
        json.WriteStartObject();
        json.WriteString("SPDXID", ids[SoftwareBill.RootRef]);
        json.WriteString("name", bill.Product);
        if (bill.Release is { } release)
        {
            json.WriteString("versionInfo", release);
        }
        json.WriteString("downloadLocation", "NOASSERTION");
        json.WriteBoolean("filesAnalyzed", false);
        json.WriteString("primaryPackagePurpose", "FIRMWARE");
        json.WriteEndObject();
        foreach (var c in bill.Components)
        {
            json.WriteStartObject();
            json.WriteString("SPDXID", ids[c.Ref]);
            json.WriteString("name", c.Name);
            json.WriteString("versionInfo", c.Version);
            if (c.FileName is { } file)
            {
                json.WriteString("packageFileName", file);
            }
            json.WriteString("supplier", c.Creator is { } creator ? Actor("Person", creator) : "NOASSERTION");
            json.WriteString("downloadLocation", "NOASSERTION");
            json.WriteBoolean("filesAnalyzed", false);
            if (c.Sha512 is { } sha512)
            {
                json.WriteStartArray("checksums");
                json.WriteStartObject();
                json.WriteString("algorithm", "SHA512");
                json.WriteString("checksumValue", sha512);
                json.WriteEndObject();
                json.WriteEndArray();
            }
            if (c.SourceName is { } source)
            {
                json.WriteString("sourceInfo", $"built package from: {source} {c.SourceVersion ?? c.Version}");
            }
            json.WriteString("licenseConcluded", "NOASSERTION");
            json.WriteString("licenseDeclared", c.Licence ?? "NOASSERTION");
            json.WriteString("copyrightText", "NOASSERTION");
            if (c.Purl is { } purl)
            {
                json.WriteStartArray("externalRefs");
                json.WriteStartObject();
                json.WriteString("referenceCategory", "PACKAGE-MANAGER");
                json.WriteString("referenceType", "purl");
                json.WriteString("referenceLocator", purl.ToString());
                json.WriteEndObject();
                json.WriteEndArray();
            }
            json.WriteString("primaryPackagePurpose", c.Kind == SbomComponentKind.Kernel ? "OPERATING_SYSTEM" : "LIBRARY");
            json.WriteEndObject();
        }
        json.WriteEndArray();

        json.WriteStartArray("relationships");
        Relationship(json, "SPDXRef-DOCUMENT", "DESCRIBES", ids[SoftwareBill.RootRef]);
        foreach (var c in bill.Components)
        {
            Relationship(json, ids[SoftwareBill.RootRef], "DEPENDS_ON", ids[c.Ref]);
        }
        foreach (var c in bill.Components)
        {
            foreach (var d in c.DependsOn)
            {
                Relationship(json, ids[c.Ref], "DEPENDS_ON", ids[d]);
            }
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>SPDX element ids from the refs: SPDXRef-NAME-ARCH in SPDX's alphabet, numbered on the rare clash (SPDX 2 and 3 alike).</summary>
    internal static Dictionary<string, string> Identifiers(SoftwareBill bill)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal) { [SoftwareBill.RootRef] = "SPDXRef-product" };
        var taken = new HashSet<string>(ids.Values, StringComparer.Ordinal);
        foreach (var c in bill.Components)
        {
            var stem = "SPDXRef-" + NotIdentifier().Replace(c.Kind == SbomComponentKind.Kernel ? "kernel" : $"deb-{c.Name}-{c.Purl?.Qualifier("arch")}", "-").TrimEnd('-');
            var id = stem;
            for (var n = 2; !taken.Add(id); n++)
            {
                id = $"{stem}-{n}";
            }
            ids[c.Ref] = id;
        }
        return ids;
    }

    /// <summary>Where the document's names live: unique per document, as SPDX asks.</summary>
    internal static string Namespace(SoftwareBill bill) => $"https://spdx.org/spdxdocs/vigil/{Uri.EscapeDataString(bill.Product)}/{bill.Serial:D}";

    internal static string Timestamp(SoftwareBill bill) =>
        bill.Created.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>"Person: Name (address)", the form SPDX gives suppliers and creators.</summary>
    private static string Actor(string kind, string text)
    {
        var (name, email) = SoftwareBill.Contact(text);
        return email is null ? $"{kind}: {name}" : $"{kind}: {name} ({email})";
    }

    private static void Relationship(Utf8JsonWriter json, string from, string type, string to)
    {
        json.WriteStartObject();
        json.WriteString("spdxElementId", from);
        json.WriteString("relationshipType", type);
        json.WriteString("relatedSpdxElement", to);
        json.WriteEndObject();
    }

    [GeneratedRegex(@"[^A-Za-z0-9.\-]+", RegexOptions.CultureInvariant)]
    private static partial Regex NotIdentifier();
}
