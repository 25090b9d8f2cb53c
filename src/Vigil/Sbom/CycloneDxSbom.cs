using System.Text.Json;

namespace Vigil.Sbom;

/// <summary>
/// An SBOM as CycloneDX 1.6 JSON: the product as metadata.component, each package as a library with its purl,
/// supplier (the maintainer), licence expression, SHA-512 and TR-03183-2's <c>bsi:component:filename</c> property,
/// the kernel as the operating system (with the files it compiled, when known), and the dependency graph rooted at the product.
/// </summary>
public static class CycloneDxSbom
{
    public static void Write(Stream output, SoftwareBill bill)
    {
        using var json = new Utf8JsonWriter(output, Common.ReadableJsonEncoder.Indented);
        json.WriteStartObject();
        json.WriteString("bomFormat", "CycloneDX");
        json.WriteString("specVersion", "1.6");
        json.WriteString("serialNumber", $"urn:uuid:{bill.Serial:D}");
        json.WriteNumber("version", 1);
        json.WriteStartObject("metadata");
        json.WriteString("timestamp", bill.Created.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteStartObject("tools");
        json.WriteStartArray("components");
        json.WriteStartObject();
        json.WriteString("type", "application");
        json.WriteString("name", "vigil");
        json.WriteString("version", bill.ToolVersion);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        if (bill.Author is { } author)
        {
            json.WriteStartArray("authors");
            Contact(json, author);
            json.WriteEndArray();
        }
        json.WriteStartObject("component");
        json.WriteString("type", "firmware");
        json.WriteString("bom-ref", SoftwareBill.RootRef);
        json.WriteString("name", bill.Product);
        if (bill.Release is { } release)
        {
            json.WriteString("version", release);
        }
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartArray("components");
        foreach (var c in bill.Components)
        {
            json.WriteStartObject();
            json.WriteString("type", c.Kind == SbomComponentKind.Kernel ? "operating-system" : "library");
            json.WriteString("bom-ref", c.Ref);
            if (c.Creator is { } creator)
            {
                var (name, email) = SoftwareBill.Contact(creator);
                json.WriteStartObject("supplier");
                json.WriteString("name", name);
                if (email is not null)
                {
                    json.WriteStartArray("contact");
                    Contact(json, creator);
                    json.WriteEndArray();
                }
                json.WriteEndObject();
            }
            json.WriteString("name", c.Name);
            json.WriteString("version", c.Version);
            if (c.Sha512 is { } sha512)
            {
                json.WriteStartArray("hashes");
                json.WriteStartObject();
                json.WriteString("alg", "SHA-512");
                json.WriteString("content", sha512);
                json.WriteEndObject();
                json.WriteEndArray();
            }
            if (c.Licence is { } licence)
            {
                json.WriteStartArray("licenses");
                json.WriteStartObject();
                json.WriteString("expression", licence);
                json.WriteEndObject();
                json.WriteEndArray();
            }
            if (c.Purl is { } purl)
            {
                json.WriteString("purl", purl.ToString());
            }
            var properties = new List<(string, string)>();
            if (c.FileName is { } file)
            {
                properties.Add(("bsi:component:filename", file));
            }
            if (c.SourceName is { } source)
            {
                properties.Add(("vigil:source-package", source));
                properties.Add(("vigil:source-version", c.SourceVersion ?? c.Version));
            }
            if (properties.Count > 0)
            {
                json.WriteStartArray("properties");
                foreach (var (name, value) in properties)
                {
                    json.WriteStartObject();
                    json.WriteString("name", name);
                    json.WriteString("value", value);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }
            if (c.Files.Count > 0)
            {
                // The kernel's compiled sources, so that a scan of this SBOM knows what is built.
                json.WriteStartArray("components");
                foreach (var compiled in c.Files)
                {
                    json.WriteStartObject();
                    json.WriteString("type", "file");
                    json.WriteString("bom-ref", $"{c.Ref}:file:{compiled}");
                    json.WriteString("name", compiled);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();

        json.WriteStartArray("dependencies");
        Dependency(json, SoftwareBill.RootRef, bill.Components.Select(c => c.Ref));
        foreach (var c in bill.Components)
        {
            Dependency(json, c.Ref, c.DependsOn);
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>An organizational contact: the name, and the address as its email when there is one.</summary>
    private static void Contact(Utf8JsonWriter json, string text)
    {
        var (name, email) = SoftwareBill.Contact(text);
        json.WriteStartObject();
        json.WriteString("name", name);
        if (email is not null)
        {
            json.WriteString("email", email);
        }
        json.WriteEndObject();
    }

    private static void Dependency(Utf8JsonWriter json, string reference, IEnumerable<string> dependsOn)
    {
        json.WriteStartObject();
        json.WriteString("ref", reference);
        json.WriteStartArray("dependsOn");
        foreach (var d in dependsOn)
        {
            json.WriteStringValue(d);
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
