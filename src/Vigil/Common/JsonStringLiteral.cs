using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vigil.Common;

/// <summary>
/// Text kept as the JSON string it becomes in a report: quoted and escaped by <see cref="ReadableJsonEncoder"/>, so
/// writing it is a copy. A kernel scan reports ~5.7 MB of CVE descriptions, and escaping them again at every scan (the
/// encoder goes character by character once a line break needs escaping) was 23% of writing the report (measured).
/// </summary>
[JsonConverter(typeof(RawConverter))]
public sealed class JsonStringLiteral
{
    private static readonly JsonWriterOptions Escaping = new() { Encoder = ReadableJsonEncoder.Instance };

    private readonly byte[] utf8;

    private JsonStringLiteral(byte[] utf8) => this.utf8 = utf8;

    /// <summary>The literal, quotes included.</summary>
    public ReadOnlySpan<byte> Utf8 => utf8;

    /// <summary>The string the reader is on: its own bytes, quoted, when they are plain text already (as almost all
    /// tracker descriptions are), otherwise escaped anew from its text.</summary>
    public static JsonStringLiteral FromJson(ref Utf8JsonReader reader) =>
        !reader.HasValueSequence && !reader.ValueIsEscaped && IsPlain(reader.ValueSpan) ? Quoted(reader.ValueSpan) : Of(reader.GetString()!);

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
        if (utf8.Length >= 2 && utf8[0] == '"' && utf8[^1] == '"' && IsPlain(utf8[1..^1]))
        {
            return new(utf8.ToArray());
        }
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

    /// <summary>Framed as <see cref="BinaryWriter"/> frames a string (a 7-bit encoded length, then the bytes), for storage.</summary>
    public void WriteTo(BinaryWriter writer)
    {
        writer.Write7BitEncodedInt(utf8.Length);
        writer.Write(utf8);
    }

    public override bool Equals(object? obj) => obj is JsonStringLiteral other && utf8.AsSpan().SequenceEqual(other.utf8);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(utf8);
        return hash.ToHashCode();
    }

    /// <summary>Text a JSON string holds as it is: no escapes, nothing the report encoder would escape.</summary>
    private static bool IsPlain(ReadOnlySpan<byte> text) => ReadableJsonEncoder.PlainLength(text) == text.Length;

    private static JsonStringLiteral Quoted(ReadOnlySpan<byte> plain)
    {
        var utf8 = new byte[plain.Length + 2];
        utf8[0] = utf8[^1] = (byte)'"';
        plain.CopyTo(utf8.AsSpan(1));
        return new(utf8);
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

    /// <summary>Writes the literal as the writer's next value, or null.</summary>
    public static void WriteValue(Utf8JsonWriter writer, JsonStringLiteral? literal)
    {
        if (literal is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteRawValue(literal.utf8, skipInputValidation: true);
        }
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
