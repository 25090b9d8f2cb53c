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
    public static JsonStringLiteral Read(ReadOnlySpan<byte> utf8) =>
        IsOneJsonString(utf8) ? new(utf8.ToArray()) : throw new FormatException("a stored text is not one JSON string");

    /// <summary>
    /// Whether the bytes are exactly one JSON string: quoted, valid UTF-8, no raw quote or control character inside,
    /// only the escapes JSON has, and every \u escape a whole character (surrogates in pairs), so that it decodes.
    /// Checked here rather than by the JSON reader and an unescaping copy, which took 11% of a kernel scan: every
    /// kernel description has escaped line breaks.
    /// </summary>
    private static bool IsOneJsonString(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length < 2 || utf8[0] != '"' || utf8[^1] != '"' || !System.Text.Unicode.Utf8.IsValid(utf8))
        {
            return false;
        }
        var text = utf8[1..^1];
        for (var at = 0; ;)
        {
            at += ReadableJsonEncoder.PlainLength(text[at..]);
            if (at == text.Length)
            {
                return true;
            }
            switch (text[at])
            {
                case (byte)'"' or < 0x20:
                    return false;
                case (byte)'\\':
                    var escape = at + 1 < text.Length ? text[at + 1] : 0;
                    if (escape is (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t')
                    {
                        at += 2;
                    }
                    else if (escape == 'u' && Escaped(text, at, out var unit) && !char.IsLowSurrogate(unit))
                    {
                        at += 6;
                        if (char.IsHighSurrogate(unit))
                        {
                            if (!Escaped(text, at, out var low) || !char.IsLowSurrogate(low))
                            {
                                return false;
                            }
                            at += 6;
                        }
                    }
                    else
                    {
                        return false;
                    }
                    break;
                default:
                    // Non-ASCII (valid UTF-8, checked above) and DEL stand in a JSON string as they are.
                    at++;
                    break;
            }
        }
    }

    /// <summary>The UTF-16 unit of a \uXXXX escape at <paramref name="at"/>; false when there is none.</summary>
    private static bool Escaped(ReadOnlySpan<byte> text, int at, out char unit)
    {
        unit = '\0';
        if (at + 6 > text.Length || text[at] != '\\' || text[at + 1] != 'u')
        {
            return false;
        }
        var value = 0;
        foreach (var digit in text.Slice(at + 2, 4))
        {
            var nibble = char.IsAsciiDigit((char)digit) ? digit - '0' : (digit | 0x20) is >= 'a' and <= 'f' ? (digit | 0x20) - 'a' + 10 : -1;
            if (nibble < 0)
            {
                return false;
            }
            value = value * 16 + nibble;
        }
        unit = (char)value;
        return true;
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
