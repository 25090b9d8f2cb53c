using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Vigil.Feeds;

/// <summary>
/// <see cref="FeedMetadata"/> as stored at the end of every feed file: one indented JSON object with camelCase names,
/// optional values written as null. Read and written with the bare JSON reader and writer: every scan opens a feed,
/// and deserializing this one record through the serializer compiled 132 methods at run time, about 20 ms of a
/// kernel scan (measured in-process).
/// </summary>
internal static class FeedMetadataJson
{
    public static byte[] Write(FeedMetadata metadata)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("kind", FeedWords.Kinds[metadata.Kind]);
            json.WriteString("source", metadata.Source);
            json.WriteString("origin", FeedWords.Origins[metadata.Origin]);
            json.WriteString("importedAt", metadata.ImportedAt);
            json.WriteString("dataAsOf", metadata.DataAsOf);
            json.WriteString("eTag", metadata.ETag);
            json.WriteString("lastModified", metadata.LastModified);
            json.WriteString("sha256", metadata.Sha256);
            json.WriteNumber("bytes", metadata.Bytes);
            json.WriteNumber("sourcePackages", metadata.SourcePackages);
            json.WriteNumber("entries", metadata.Entries);
            json.WriteNumber("rejected", metadata.Rejected);
            json.WriteStartArray("releases");
            foreach (var release in metadata.Releases)
            {
                json.WriteStringValue(release);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads what <see cref="Write"/> wrote; unknown names are skipped. Throws <see cref="JsonException"/>
    /// saying what is missing or wrong.</summary>
    public static FeedMetadata Read(ReadOnlySpan<byte> utf8)
    {
        try
        {
            return ReadObject(utf8);
        }
        catch (InvalidOperationException e) when (e.InnerException is DecoderFallbackException)
        {
            throw new JsonException("its metadata holds text that is not UTF-8");
        }
    }

    private static FeedMetadata ReadObject(ReadOnlySpan<byte> utf8)
    {
        var json = new Utf8JsonReader(utf8);
        if (!json.Read() || json.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("its metadata is not a JSON object");
        }
        string? kind = null, source = null, origin = null, eTag = null, lastModified = null, sha256 = null;
        DateTimeOffset? importedAt = null, dataAsOf = null;
        long? bytes = null, sourcePackages = null, entries = null, rejected = null;
        List<string>? releases = null;
        while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
        {
            var name = json.GetString()!;
            json.Read();
            switch (name)
            {
                case "kind": kind = Text(ref json, name); break;
                case "source": source = Text(ref json, name); break;
                case "origin": origin = Text(ref json, name); break;
                case "importedAt": importedAt = Time(ref json, name); break;
                case "dataAsOf": dataAsOf = Time(ref json, name); break;
                case "eTag": eTag = Text(ref json, name); break;
                case "lastModified": lastModified = Text(ref json, name); break;
                case "sha256": sha256 = Text(ref json, name); break;
                case "bytes": bytes = Number(ref json, name, long.MaxValue); break;
                case "sourcePackages": sourcePackages = Number(ref json, name, int.MaxValue); break;
                case "entries": entries = Number(ref json, name, int.MaxValue); break;
                case "rejected": rejected = Number(ref json, name, int.MaxValue); break;
                case "releases": releases = Texts(ref json, name); break;
                default: json.Skip(); break;
            }
        }
        if (json.TokenType != JsonTokenType.EndObject)
        {
            throw new JsonException("its metadata does not end its object");
        }
        return new FeedMetadata
        {
            Kind = FeedWords.Kinds.TryParse(kind ?? throw Lacks("kind"), out var k) ? k : throw new JsonException($"feed kind '{kind}' is not one of {string.Join(", ", FeedWords.Kinds.All)}"),
            Source = source ?? throw Lacks("source"),
            Origin = FeedWords.Origins.TryParse(origin ?? throw Lacks("origin"), out var o) ? o : throw new JsonException($"feed origin '{origin}' is not one of {string.Join(", ", FeedWords.Origins.All)}"),
            ImportedAt = importedAt ?? throw Lacks("importedAt"),
            DataAsOf = dataAsOf ?? throw Lacks("dataAsOf"),
            ETag = eTag,
            LastModified = lastModified,
            Sha256 = sha256 ?? throw Lacks("sha256"),
            Bytes = bytes ?? throw Lacks("bytes"),
            SourcePackages = (int)(sourcePackages ?? throw Lacks("sourcePackages")),
            Entries = (int)(entries ?? throw Lacks("entries")),
            Rejected = (int)(rejected ?? 0),
            Releases = releases ?? throw Lacks("releases"),
        };
    }

    private static JsonException Lacks(string name) => new($"its metadata lacks '{name}'");

    /// <summary>A string, or null for JSON null.</summary>
    private static string? Text(ref Utf8JsonReader json, string name) => json.TokenType switch
    {
        JsonTokenType.String => json.GetString(),
        JsonTokenType.Null => null,
        _ => throw new JsonException($"its metadata's '{name}' is not a string"),
    };

    private static DateTimeOffset Time(ref Utf8JsonReader json, string name) =>
        json.TokenType == JsonTokenType.String && json.TryGetDateTimeOffset(out var time)
            ? time : throw new JsonException($"its metadata's '{name}' is not a date and time");

    private static long Number(ref Utf8JsonReader json, string name, long max) =>
        json.TokenType == JsonTokenType.Number && json.TryGetInt64(out var number) && number >= 0 && number <= max
            ? number : throw new JsonException($"its metadata's '{name}' is not a count");

    private static List<string> Texts(ref Utf8JsonReader json, string name)
    {
        if (json.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"its metadata's '{name}' is not a list");
        }
        var texts = new List<string>();
        while (json.Read() && json.TokenType == JsonTokenType.String)
        {
            texts.Add(json.GetString()!);
        }
        return json.TokenType == JsonTokenType.EndArray ? texts : throw new JsonException($"its metadata's '{name}' holds something other than strings");
    }
}
