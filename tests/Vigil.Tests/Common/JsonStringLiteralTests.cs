using System.Buffers;
using System.Text;
using System.Text.Json;
using Vigil.Common;

namespace Vigil.Tests.Common;

public sealed class JsonStringLiteralTests
{
    private static readonly string[] Samples =
    [
        "",
        "plain ASCII",
        "In the Linux kernel, the following vulnerability has been resolved:\n\nnetfilter: fix a \"use after free\"\n",
        "tabs\tand\r\ncarriage returns, a backslash \\ and a NUL \0 and an escape \u001b",
        "non-ASCII stays readable: é, 中文, 😀",
        "markup stays readable: <script>alert('x')</script> & a+b",
        "line and paragraph separators \u2028 \u2029",
    ];

    public static TheoryData<string> Texts => new(Samples);

    /// <summary>What the report writer itself would write for the text.</summary>
    private static byte[] Written(string text)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = ReadableJsonEncoder.Instance }))
        {
            json.WriteStringValue(text);
        }
        return buffer.WrittenSpan.ToArray();
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void A_literal_is_exactly_what_the_report_writer_writes_for_its_text(string text) =>
        Assert.Equal(Written(text), JsonStringLiteral.Of(text).Utf8.ToArray());

    [Theory]
    [MemberData(nameof(Texts))]
    public void A_stored_literal_reads_back_as_its_text(string text) =>
        Assert.Equal(text, JsonStringLiteral.Read(JsonStringLiteral.Of(text).Utf8).ToString());

    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("\"unterminated")]
    [InlineData("\"a\" \"b\"")]
    [InlineData("\"a\", \"status\": \"fixed\"")]
    [InlineData("\"bad \\q escape\"")]
    [InlineData("\"raw\nline break\"")]
    [InlineData("42")]
    [InlineData("[\"a\"]")]
    [InlineData(" \"space before\"")]
    [InlineData("\"a lone \\uD83D surrogate\"")]
    [InlineData("\"a short \\u00e escape\"")]
    public void A_stored_literal_that_is_not_exactly_one_json_string_is_refused(string stored)
    {
        var error = Assert.Throws<FormatException>(() => JsonStringLiteral.Read(Encoding.UTF8.GetBytes(stored)));

        Assert.Equal("a stored text is not one JSON string", error.Message);
    }

    [Fact]
    public void A_stored_literal_that_is_not_utf8_is_refused() =>
        Assert.Throws<FormatException>(() => JsonStringLiteral.Read([(byte)'"', 0xC3, 0x28, (byte)'"']));

    /// <summary>Text with escapes and non-ASCII (checked by the JSON reader), and plain text (checked byte by byte).</summary>
    public static TheoryData<string> Originals => new(string.Concat(Samples), "a plain ASCII description, as most are");

    [Theory]
    [MemberData(nameof(Originals))]
    public void Randomly_damaged_literals_are_refused_or_stay_one_valid_json_string(string text)
    {
        var original = JsonStringLiteral.Of(text).Utf8.ToArray();
        var random = new Random(3);
        for (var i = 0; i < 3000; i++)
        {
            var bytes = (byte[])original.Clone();
            bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            JsonStringLiteral literal;
            try
            {
                literal = JsonStringLiteral.Read(bytes);
            }
            catch (FormatException)
            {
                continue;
            }
            // Accepted: it must embed as one value and read back.
            using var document = JsonDocument.Parse((byte[])[(byte)'[', .. literal.Utf8, (byte)']']);
            Assert.Equal(literal.ToString(), document.RootElement[0].GetString());
        }
    }

    [Fact]
    public void Stored_literals_are_accepted_exactly_when_the_json_reader_reads_them_as_one_string_that_decodes()
    {
        // Pieces that make and break escapes, surrogate pairs, quoting and UTF-8.
        string[] pieces = ["a", " ", "\"", "\\", "\\n", "\\u", "\\uD83D", "\\uDE00", "\\u00e9", "\\uZZ00", "00", "é", "\u0001", "\u007f", "/", "\\x"];
        var random = new Random(8);
        for (var i = 0; i < 20_000; i++)
        {
            var text = new StringBuilder(random.Next(4) == 0 ? "" : "\"");
            for (var n = random.Next(0, 12); n > 0; n--)
            {
                text.Append(pieces[random.Next(pieces.Length)]);
            }
            text.Append(random.Next(4) == 0 ? "" : "\"");
            var bytes = Encoding.UTF8.GetBytes(text.ToString());
            if (bytes.Length > 0 && random.Next(20) == 0)
            {
                bytes[random.Next(bytes.Length)] = 0xFF;
            }

            Assert.True(ReaderTakesAsOneString(bytes) == Accepted(bytes), text.ToString());
        }

        static bool Accepted(byte[] bytes)
        {
            try
            {
                JsonStringLiteral.Read(bytes);
                return true;
            }
            catch (FormatException)
            {
                return false;
            }
        }
    }

    /// <summary>The reference: one string token that is all the bytes (no whitespace around it), valid UTF-8, whose escapes decode.</summary>
    private static bool ReaderTakesAsOneString(byte[] bytes)
    {
        try
        {
            var reader = new Utf8JsonReader(bytes);
            if (bytes is not [(byte)'"', ..] || !System.Text.Unicode.Utf8.IsValid(bytes) || !reader.Read() || reader.TokenType != JsonTokenType.String || reader.BytesConsumed != bytes.Length)
            {
                return false;
            }
            reader.GetString();
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void A_literal_taken_from_json_is_what_the_report_writer_writes_for_its_text(string text)
    {
        // As a tracker may write it: every non-ASCII character escaped, and as the report writer does.
        foreach (var json in new[] { JsonSerializer.SerializeToUtf8Bytes(text), Written(text) })
        {
            var reader = new Utf8JsonReader(json);
            reader.Read();

            Assert.Equal(Written(text), JsonStringLiteral.FromJson(ref reader).Utf8.ToArray());
        }
    }

    [Fact]
    public void Literals_with_the_same_text_are_equal()
    {
        Assert.Equal(JsonStringLiteral.Of("a \"b\""), JsonStringLiteral.Read("\"a \\\"b\\\"\""u8));
        Assert.Equal(JsonStringLiteral.Of("a").GetHashCode(), JsonStringLiteral.Read("\"a\""u8).GetHashCode());
        Assert.NotEqual(JsonStringLiteral.Of("a"), JsonStringLiteral.Of("b"));
    }
}
