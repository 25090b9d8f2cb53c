using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Vigil.Common;

namespace Vigil.Advisories;

/// <summary>
/// A CSAF trusted provider's directory tree under a web root (CSAF 2.0 section 7): <c>.well-known/csaf/</c> with
/// provider-metadata.json, <c>white/YEAR/ID.json</c> with its .sha256 and .sha512 (and .asc when signed),
/// index.txt and changes.csv, and the public keys under <c>openpgp/</c>. Served as files by any static web server.
/// </summary>
public sealed class CsafProvider(string root, string baseUrl)
{
    private string Csaf => Path.Combine(root, ".well-known", "csaf");

    private string White => Path.Combine(Csaf, "white");

    /// <summary>
    /// The tracking of the document with this id, and where it goes. A draft is version 0 (CSAF 6.1.17) until it is
    /// issued final as version 1, its draft revision dropped (6.1.18); a final document issued again gets the next
    /// version (same first release, one more revision); a published one cannot go back to draft.
    /// </summary>
    public (AdvisoryTracking Tracking, string Path) Next(string id, DateTimeOffset now, bool draft)
    {
        var fileName = CsafAdvisory.FileName(id);
        var previous = Directory.Exists(White) ? Directory.GetFiles(White, fileName, SearchOption.AllDirectories).SingleOrDefault() : null;
        var before = previous is null ? null : Reissue(previous, now);
        var tracking = draft
            ? before is { Draft: false }
                ? throw new VigilException(ErrorKind.Conflict, ErrorCodes.AdvisoryPublished, $"{id} was published as version {before.Version - 1}; a published advisory is revised by issuing it again, not as a draft")
                : new AdvisoryTracking(id, 0, [new AdvisoryRevision(0, now, "Draft.")], now, now)
            : before is null or { Draft: true } ? new AdvisoryTracking(id, 1, [new AdvisoryRevision(1, now, "Initial version.")], now, now)
            : before;
        var folder = Path.Combine(White, tracking.InitialRelease.Year.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        return (tracking, Path.Combine(folder, fileName));
    }

    /// <summary>DOC.sha256 and DOC.sha512 in the format sha256sum -c reads.</summary>
    public static void WriteHashes(string document)
    {
        var bytes = File.ReadAllBytes(document);
        var name = Path.GetFileName(document);
        File.WriteAllText(document + ".sha256", $"{Convert.ToHexStringLower(SHA256.HashData(bytes))}  {name}\n");
        File.WriteAllText(document + ".sha512", $"{Convert.ToHexStringLower(SHA512.HashData(bytes))}  {name}\n");
    }

    public void AddPublicKey(string fingerprint, string armored)
    {
        var keys = Path.Combine(Csaf, "openpgp");
        Directory.CreateDirectory(keys);
        File.WriteAllText(Path.Combine(keys, $"{fingerprint}.asc"), armored);
    }

    /// <summary>index.txt lists every advisory; changes.csv every advisory with its last change, newest first (CSAF 7.1.13, 7.1.14).</summary>
    public void WriteIndexes()
    {
        var documents = Directory.GetFiles(White, "*.json", SearchOption.AllDirectories)
            .Select(path => (Relative: Path.GetRelativePath(White, path).Replace('\\', '/'), Changed: CurrentRelease(path)))
            .OrderBy(d => d.Relative, StringComparer.Ordinal).ToArray();
        File.WriteAllText(Path.Combine(White, "index.txt"), string.Concat(documents.Select(d => d.Relative + "\n")));
        File.WriteAllText(Path.Combine(White, "changes.csv"),
            string.Concat(documents.OrderByDescending(d => d.Changed, StringComparer.Ordinal).ThenBy(d => d.Relative, StringComparer.Ordinal).Select(d => $"\"{d.Relative}\",\"{d.Changed}\"\n")));
    }

    /// <summary>provider-metadata.json: where the documents are, who publishes them, and the key that signs them (a trusted provider's role needs one).</summary>
    public void WriteMetadata(AdvisoryPublisher publisher, DateTimeOffset now, string? signer)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("canonical_url", $"{baseUrl}/.well-known/csaf/provider-metadata.json");
            json.WriteStartArray("distributions");
            json.WriteStartObject();
            json.WriteString("directory_url", $"{baseUrl}/.well-known/csaf/white/");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteString("last_updated", now.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            json.WriteBoolean("list_on_CSAF_aggregators", true);
            json.WriteString("metadata_version", "2.0");
            json.WriteBoolean("mirror_on_CSAF_aggregators", true);
            json.WriteStartArray("public_openpgp_keys");
            if (signer is not null)
            {
                json.WriteStartObject();
                json.WriteString("fingerprint", signer);
                json.WriteString("url", $"{baseUrl}/.well-known/csaf/openpgp/{signer}.asc");
                json.WriteEndObject();
            }
            json.WriteEndArray();
            CsafAdvisory.WritePublisher(json, publisher);
            json.WriteString("role", signer is null ? "csaf_publisher" : "csaf_trusted_provider");
            json.WriteEndObject();
        }
        File.WriteAllBytes(Path.Combine(Csaf, "provider-metadata.json"), buffer.ToArray());
    }

    private static AdvisoryTracking Reissue(string path, DateTimeOffset now)
    {
        try
        {
            using var old = JsonDocument.Parse(InputFiles.ReadBytes(path), new JsonDocumentOptions { MaxDepth = 64 });
            var tracking = old.RootElement.GetProperty("document").GetProperty("tracking");
            var version = int.Parse(tracking.GetProperty("version").GetString()!, CultureInfo.InvariantCulture) + 1;
            if (tracking.GetProperty("status").GetString() == "draft")
            {
                return new AdvisoryTracking(tracking.GetProperty("id").GetString()!, 0, [], now, now);
            }
            var revisions = tracking.GetProperty("revision_history").EnumerateArray().Select(r => new AdvisoryRevision(
                int.Parse(r.GetProperty("number").GetString()!, CultureInfo.InvariantCulture), DateTimeOffset.Parse(r.GetProperty("date").GetString()!, CultureInfo.InvariantCulture),
                r.GetProperty("summary").GetString()!)).ToList();
            revisions.Add(new AdvisoryRevision(version, now, "Updated with the current scans and triage decisions."));
            return new AdvisoryTracking(tracking.GetProperty("id").GetString()!, version, revisions,
                DateTimeOffset.Parse(tracking.GetProperty("initial_release_date").GetString()!, CultureInfo.InvariantCulture), now);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or OverflowException or ArgumentNullException)
        {
            throw new VigilException($"{path}: the advisory issued before cannot be read ({e.Message}), so its next version is unknown; move it away to start again at version 1");
        }
    }

    private static string CurrentRelease(string path)
    {
        using var document = JsonDocument.Parse(InputFiles.ReadBytes(path), new JsonDocumentOptions { MaxDepth = 64 });
        return document.RootElement.GetProperty("document").GetProperty("tracking").GetProperty("current_release_date").GetString()!;
    }
}
