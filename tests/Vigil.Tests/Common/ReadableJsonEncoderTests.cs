using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Vigil.Common;

namespace Vigil.Tests.Common;

public sealed class ReadableJsonEncoderTests
{
    private static readonly JavaScriptEncoder Relaxed = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    [Fact]
    public void Its_shortcut_leaves_alone_exactly_the_ascii_the_relaxed_encoder_leaves_alone()
    {
        for (var c = 0; c < 0x80; c++)
        {
            Assert.Equal(!Relaxed.WillEncode(c), ReadableJsonEncoder.IsPlain(c));
        }
    }

    [Fact]
    public void Random_text_is_written_byte_for_byte_as_the_relaxed_encoder_writes_it()
    {
        var random = new Random(15);
        for (var i = 0; i < 5_000; i++)
        {
            var text = RandomText(random);

            Assert.Equal(Written(text, Relaxed), Written(text, ReadableJsonEncoder.Instance));
            Assert.Equal(WrittenFromUtf8(text, Relaxed), WrittenFromUtf8(text, ReadableJsonEncoder.Instance));
        }
    }

    [Fact]
    public void Plain_length_ends_at_the_first_byte_that_is_not_plain_wherever_it_lies()
    {
        byte[] others = [0x00, 0x1F, (byte)'"', (byte)'\\', 0x7F, 0x80, 0xC3, 0xFF];
        for (var length = 0; length <= 50; length++)
        {
            var bytes = Enumerable.Range(0, length).Select(i => (byte)(i % 2 == 0 ? ' ' + i % 2 : '~' - i % 7)).ToArray();
            Assert.Equal(length, ReadableJsonEncoder.PlainLength(bytes));
            for (var at = 0; at < length; at++)
            {
                foreach (var other in others)
                {
                    var text = (byte[])bytes.Clone();
                    text[at] = other;
                    Assert.Equal(at, ReadableJsonEncoder.PlainLength(text));
                }
            }
        }
    }

    [Fact]
    public void The_first_character_to_escape_is_found_wherever_it_lies()
    {
        char[] others = ['\0', '\u001f', '"', '\\', '\u007f', 'é', '\u2028', '\ud800'];
        for (var length = 1; length <= 50; length++)
        {
            for (var at = 0; at < length; at++)
            {
                foreach (var other in others)
                {
                    var text = new string('a', at) + other + new string('b', length - at - 1);
                    Assert.Equal(FirstToEncode(text, Relaxed), FirstToEncode(text, ReadableJsonEncoder.Instance));
                }
            }
        }
    }

    [Theory]
    [InlineData("plain ASCII", -1)]
    [InlineData("a \"quote\"", 2)]
    [InlineData("non-ASCII stays: é 中文", -1)]
    [InlineData("é then a tab\t", 12)]
    [InlineData("a separator \u2028", 12)]
    public void It_finds_the_first_character_to_escape_where_the_relaxed_encoder_does(string text, int expected)
    {
        Assert.Equal(expected, FirstToEncode(text, Relaxed));
        Assert.Equal(expected, FirstToEncode(text, ReadableJsonEncoder.Instance));
        Assert.Equal(Relaxed.FindFirstCharacterToEncodeUtf8(Encoding.UTF8.GetBytes(text)),
            ReadableJsonEncoder.Instance.FindFirstCharacterToEncodeUtf8(Encoding.UTF8.GetBytes(text)));
    }

    private static unsafe int FirstToEncode(string text, JavaScriptEncoder encoder)
    {
        fixed (char* start = text)
        {
            return encoder.FindFirstCharacterToEncode(start, text.Length);
        }
    }

    /// <summary>Mostly plain ASCII, as reports are, with escapes, non-ASCII, separators and lone surrogates mixed in.</summary>
    private static string RandomText(Random random)
    {
        char[] unusual = ['"', '\\', '\n', '\t', '\0', '\u007f', 'é', '中', '\u2028', '\ud800', '\udc00', '<', '&', '\'', '+', '`'];
        var text = new StringBuilder();
        var length = random.Next(0, 80);
        var rarity = random.Next(2) == 0 ? 6 : 60;
        for (var j = 0; j < length; j++)
        {
            text.Append(random.Next(rarity) == 0 ? unusual[random.Next(unusual.Length)] : (char)random.Next(0x20, 0x7F));
        }
        if (random.Next(10) == 0)
        {
            text.Append("😀");
        }
        return text.ToString();
    }

    private static byte[] Written(string text, JavaScriptEncoder encoder) =>
        Write(json => json.WriteStringValue(text), encoder);

    /// <summary>The writer's UTF-8 path; a lone surrogate cannot be UTF-8, so it becomes what encoding makes of it.</summary>
    private static byte[] WrittenFromUtf8(string text, JavaScriptEncoder encoder) =>
        Write(json => json.WriteStringValue(Encoding.UTF8.GetBytes(text)), encoder);

    private static byte[] Write(Action<Utf8JsonWriter> write, JavaScriptEncoder encoder)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = encoder }))
        {
            write(json);
        }
        return buffer.WrittenSpan.ToArray();
    }
}
