using System.Text.Json;
using Vigil.Common;

namespace Vigil.Sbom;

/// <summary>
/// An SBOM as SPDX 3.0.1 JSON-LD (core, software and simpleLicensing profiles), the version TR-03183-2 names: one
/// <c>software_Sbom</c> (type deployed) rooted at the product package, which dependsOn every component; each package
/// with its purl, version, supplier (an agent with the maintainer's address as an email identifier), declared
/// licence (a licence expression), its source as sourceInfo and its .deb as a distribution artifact carrying the
/// SHA-512; the kernel contains the source files it compiled, when known (as Yocto's kernel SBOM lists them).
/// Element ids are the document namespace plus the SPDX 2 ids, so both formats name things alike.
/// </summary>
public static class Spdx3Sbom
{
    private const string CreationInfo = "_:creationinfo";

    public static void Write(Stream output, SoftwareBill bill)
    {
        var ns = SpdxSbom.Namespace(bill) + "#";
        var ids = SpdxSbom.Identifiers(bill).ToDictionary(kv => kv.Key, kv => ns + kv.Value, StringComparer.Ordinal);
        var elements = new List<string>();
        using var json = new Utf8JsonWriter(output, Common.ReadableJsonEncoder.Indented);
        json.WriteStartObject();
        json.WriteString("@context", "https://spdx.org/rdf/3.0.1/spdx-context.jsonld");
        json.WriteStartArray("@graph");

        var tool = ns + "SPDXRef-tool-vigil";
        // A tool is no agent in SPDX 3: without an author, vigil signs as a software agent.
        var author = ns + (bill.Author is null ? "SPDXRef-agent-vigil" : "SPDXRef-author");
        json.WriteStartObject();
        json.WriteString("type", "CreationInfo");
        json.WriteString("@id", CreationInfo);
        json.WriteString("specVersion", "3.0.1");
        json.WriteString("created", SpdxSbom.Timestamp(bill));
        json.WriteStringArray("createdBy", [author]);
        json.WriteStringArray("createdUsing", [tool]);
        json.WriteEndObject();

        Element(json, "Tool", tool, $"vigil {bill.ToolVersion}", elements);
        json.WriteEndObject();
        Agent(json, bill.Author is null ? "SoftwareAgent" : "Organization", author, bill.Author ?? "vigil", elements);

        var agents = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var creator in bill.Components.Select(c => c.Creator).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            agents[creator] = $"{ns}SPDXRef-supplier-{agents.Count + 1}";
            Agent(json, "Agent", agents[creator], creator, elements);
        }
        var licences = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var expression in bill.Components.Select(c => c.Licence).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            licences[expression] = $"{ns}SPDXRef-licence-{licences.Count + 1}";
            Element(json, "simplelicensing_LicenseExpression", licences[expression], null, elements);
            json.WriteString("simplelicensing_licenseExpression", expression);
            json.WriteEndObject();
        }

        Element(json, "software_Package", ids[SoftwareBill.RootRef], bill.Product, elements);
        if (bill.Release is { } release)
        {
            json.WriteString("software_packageVersion", release);
        }
        json.WriteString("software_primaryPurpose", "firmware");
        json.WriteEndObject();
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var c in bill.Components)
        {
            Element(json, "software_Package", ids[c.Ref], c.Name, elements);
            json.WriteString("software_packageVersion", c.Version);
            if (c.Purl is { } purl)
            {
                json.WriteString("software_packageUrl", purl.ToString());
            }
            if (c.Creator is { } creator)
            {
                json.WriteString("suppliedBy", agents[creator]);
            }
            if (c.SourceName is { } source)
            {
                json.WriteString("software_sourceInfo", $"built package from: {source} {c.SourceVersion ?? c.Version}");
            }
            json.WriteString("software_primaryPurpose", c.Kind == SbomComponentKind.Kernel ? "operatingSystem" : "library");
            json.WriteEndObject();
            for (var n = 0; n < c.Files.Count; n++)
            {
                Element(json, "software_File", $"{ids[c.Ref]}-file-{n + 1}", c.Files[n], elements);
                json.WriteString("software_primaryPurpose", "source");
                json.WriteEndObject();
            }
            if (c.FileName is { } fileName)
            {
                files[c.Ref] = ids[c.Ref] + "-deb";
                Element(json, "software_File", files[c.Ref], fileName, elements);
                if (c.Sha512 is { } sha512)
                {
                    json.WriteStartArray("verifiedUsing");
                    json.WriteStartObject();
                    json.WriteString("type", "Hash");
                    json.WriteString("algorithm", "sha512");
                    json.WriteString("hashValue", sha512);
                    json.WriteEndObject();
                    json.WriteEndArray();
                }
                json.WriteString("software_primaryPurpose", "install");
                json.WriteEndObject();
            }
        }

        var relationships = 0;
        void Relationship(string from, string type, IEnumerable<string> to)
        {
            Element(json, "Relationship", $"{ns}SPDXRef-relationship-{++relationships}", null, elements);
            json.WriteString("from", from);
            json.WriteString("relationshipType", type);
            json.WriteStringArray("to", to);
            json.WriteEndObject();
        }
        if (bill.Components.Count > 0)
        {
            Relationship(ids[SoftwareBill.RootRef], "dependsOn", bill.Components.Select(c => ids[c.Ref]));
        }
        foreach (var c in bill.Components)
        {
            if (c.DependsOn.Count > 0)
            {
                Relationship(ids[c.Ref], "dependsOn", c.DependsOn.Select(d => ids[d]));
            }
            if (c.Licence is { } licence)
            {
                Relationship(ids[c.Ref], "hasDeclaredLicense", [licences[licence]]);
            }
            if (files.TryGetValue(c.Ref, out var file))
            {
                Relationship(ids[c.Ref], "hasDistributionArtifact", [file]);
            }
            if (c.Files.Count > 0)
            {
                Relationship(ids[c.Ref], "contains", c.Files.Select((_, n) => $"{ids[c.Ref]}-file-{n + 1}"));
            }
        }

        var sbom = ns + "SPDXRef-sbom";
        json.WriteStartObject();
        json.WriteString("type", "software_Sbom");
        json.WriteString("spdxId", sbom);
        json.WriteString("creationInfo", CreationInfo);
        json.WriteStringArray("software_sbomType", ["deployed"]);
        json.WriteStringArray("rootElement", [ids[SoftwareBill.RootRef]]);
        json.WriteStringArray("element", elements);
        json.WriteEndObject();

        json.WriteStartObject();
        json.WriteString("type", "SpdxDocument");
        json.WriteString("spdxId", ns + "SPDXRef-DOCUMENT");
        json.WriteString("creationInfo", CreationInfo);
        json.WriteString("name", bill.Release is null ? bill.Product : $"{bill.Product} {bill.Release}");
        json.WriteString("dataLicense", "https://spdx.org/licenses/CC0-1.0");
        json.WriteStringArray("profileConformance", ["core", "software", "simpleLicensing"]);
        json.WriteStringArray("rootElement", [sbom]);
        json.WriteStringArray("element", [sbom, .. elements]);
        json.WriteEndObject();

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>Opens an element with its type, id, creation info and name; the caller adds the rest and closes it.</summary>
    private static void Element(Utf8JsonWriter json, string type, string id, string? name, List<string> elements)
    {
        elements.Add(id);
        json.WriteStartObject();
        json.WriteString("type", type);
        json.WriteString("spdxId", id);
        json.WriteString("creationInfo", CreationInfo);
        if (name is not null)
        {
            json.WriteString("name", name);
        }
    }

    /// <summary>A person or organisation as "Name &lt;address&gt;" says: the name, and the address as an email identifier.</summary>
    private static void Agent(Utf8JsonWriter json, string type, string id, string text, List<string> elements)
    {
        var (name, email) = SoftwareBill.Contact(text);
        Element(json, type, id, name, elements);
        if (email is not null)
        {
            json.WriteStartArray("externalIdentifier");
            json.WriteStartObject();
            json.WriteString("type", "ExternalIdentifier");
            json.WriteString("externalIdentifierType", "email");
            json.WriteString("identifier", email);
            json.WriteEndObject();
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

}
