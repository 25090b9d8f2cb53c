using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vigil.Common;

/// <summary>
/// Text kept as the JSON string it becomes in a report: quoted and escaped by <see cref="ReadableJsonEncoder"/>, so writing it is
/// a copy. A kernel scan reports ~5.7 MB of CVE descriptions, and escaping them again at every scan (the encoder
/// goes character by character once a line break needs escaping) was 23% of writing the report (measured).
/// </summary>
[JsonConverter(typeof(RawConverter))]
public sealed class JsonStringLiteral
{
    private static readonly JsonWriterOptions Escaping = new() { Encoder = ReadableJsonEncoder.Instance };

    private readonly byte[] utf8;

    private JsonStringLiteral(byte[] utf8) => this.utf8 = utf8;

    /// <summary>The literal, quotes included.</summary>
    public ReadOnlySpan<byte> Utf8 => utf8;

    public static JsonStringLiteral Of(string text)
    {
        var buffer = new ArrayBufferWriter<byte>(text.Length + 16);
        using (var json = new Utf8JsonWriter(buffer, Escaping))
        {
            json.WriteStringValue(text);
        }
        return new(buffer.WrittenSpan.ToArray());
    }

    /// <summary>Takes a stored literal back, checking that it is one JSON string and nothing else, so that damaged
    /// storage cannot put broken or extra JSON into a report. Throws <see cref="FormatException"/> otherwise.</summary>
    public static JsonStringLiteral Read(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var json = new Utf8JsonReader(utf8);
            if (System.Text.Unicode.Utf8.IsValid(utf8) && json.Read() && json.TokenType == JsonTokenType.String && json.BytesConsumed == utf8.Length
                && (!json.ValueIsEscaped || Unescapes(ref json)))
            {
                return new(utf8.ToArray());
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
        }
        throw new FormatException("a stored text is not one JSON string");
    }

    /// <summary>Whether the escapes decode (the reader checks their form, not that \u escapes pair up); throws if not.</summary>
    private static bool Unescapes(ref Utf8JsonReader json)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(json.ValueSpan.Length);
        try
        {
            json.CopyString(buffer);
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The text itself, unescaped.</summary>
    public override string ToString()
    {
        var json = new Utf8JsonReader(utf8);
        json.Read();
        return json.GetString()!;
    }

    /// <summary>Writes the literal as it is; reading one is never needed (the reports are written, not read).</summary>
    public sealed class RawConverter : JsonConverter<JsonStringLiteral>
    {
        public override JsonStringLiteral Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("JSON string literals are written, not read");

        public override void Write(Utf8JsonWriter writer, JsonStringLiteral value, JsonSerializerOptions options) =>
            writer.WriteRawValue(value.utf8, skipInputValidation: true);
    }
}
