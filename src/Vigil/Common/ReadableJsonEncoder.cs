using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Vigil.Common;

/// <summary>
/// The escaping of every JSON document Vigil writes for people and scripts (reports, SBOMs, advisories): the
/// framework's <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/>, so non-ASCII text and markup stay readable,
/// with its search for the first character to escape answered here for the usual plain ASCII text. The framework's
/// search is generic vector code that ReadyToRun does not precompile: it ran unoptimized through a whole scan, 6% of
/// a 44,376-package scan (measured). Output is the relaxed encoder's, byte for byte: anything else goes to it.
/// </summary>
public sealed class ReadableJsonEncoder : JavaScriptEncoder
{
    public static readonly ReadableJsonEncoder Instance = new();

    /// <summary>Indented, as every document Vigil writes is.</summary>
    public static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = Instance };

    private static readonly JavaScriptEncoder Relaxed = UnsafeRelaxedJsonEscaping;

    private ReadableJsonEncoder()
    {
    }

    public override int MaxOutputCharactersPerInputCharacter => Relaxed.MaxOutputCharactersPerInputCharacter;

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        var plain = 0;
        var space = Vector128.Create((ushort)0x20);
        var (quote, backslash) = (Vector128.Create((ushort)'"'), Vector128.Create((ushort)'\\'));
        for (; plain + Vector128<ushort>.Count <= textLength; plain += Vector128<ushort>.Count)
        {
            var chars = Vector128.Load((ushort*)text + plain);
            var other = Vector128.GreaterThanOrEqual(chars - space, Vector128.Create((ushort)(0x7F - 0x20)))
                | Vector128.Equals(chars, quote) | Vector128.Equals(chars, backslash);
            if (other != Vector128<ushort>.Zero)
            {
                plain += BitOperations.TrailingZeroCount(other.ExtractMostSignificantBits());
                break;
            }
        }
        while (plain < textLength && IsPlain(text[plain]))
        {
            plain++;
        }
        return plain == textLength ? -1 : Offset(plain, Relaxed.FindFirstCharacterToEncode(text + plain, textLength - plain));
    }

    public override int FindFirstCharacterToEncodeUtf8(ReadOnlySpan<byte> utf8Text)
    {
        var plain = PlainLength(utf8Text);
        return plain == utf8Text.Length ? -1 : Offset(plain, Relaxed.FindFirstCharacterToEncodeUtf8(utf8Text[plain..]));
    }

    /// <summary>Printable ASCII but the quote and the backslash: what the relaxed encoder never escapes.</summary>
    internal static bool IsPlain(int c) => c is >= 0x20 and < 0x7F and not '"' and not '\\';

    /// <summary>
    /// How many of the bytes, from the first, are plain (<see cref="IsPlain"/>). Sixteen at a time, the first other
    /// one found from the block's mask: descriptions are long runs of plain text between escaped line breaks.
    /// </summary>
    internal static int PlainLength(ReadOnlySpan<byte> utf8)
    {
        var plain = 0;
        ref var start = ref MemoryMarshal.GetReference(utf8);
        var space = Vector128.Create((byte)0x20);
        var (quote, backslash) = (Vector128.Create((byte)'"'), Vector128.Create((byte)'\\'));
        for (; plain + Vector128<byte>.Count <= utf8.Length; plain += Vector128<byte>.Count)
        {
            var bytes = Vector128.LoadUnsafe(ref start, (nuint)plain);
            // Below the space or from DEL up wraps to 0x5F and above once the space is taken off.
            var other = Vector128.GreaterThanOrEqual(bytes - space, Vector128.Create((byte)(0x7F - 0x20)))
                | Vector128.Equals(bytes, quote) | Vector128.Equals(bytes, backslash);
            if (other != Vector128<byte>.Zero)
            {
                return plain + BitOperations.TrailingZeroCount(other.ExtractMostSignificantBits());
            }
        }
        while (plain < utf8.Length && IsPlain(utf8[plain]))
        {
            plain++;
        }
        return plain;
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten) =>
        Relaxed.TryEncodeUnicodeScalar(unicodeScalar, buffer, bufferLength, out numberOfCharactersWritten);

    public override bool WillEncode(int unicodeScalar) => Relaxed.WillEncode(unicodeScalar);

    public override OperationStatus Encode(ReadOnlySpan<char> source, Span<char> destination, out int charsConsumed, out int charsWritten, bool isFinalBlock = true) =>
        Relaxed.Encode(source, destination, out charsConsumed, out charsWritten, isFinalBlock);

    public override OperationStatus EncodeUtf8(ReadOnlySpan<byte> utf8Source, Span<byte> utf8Destination, out int bytesConsumed, out int bytesWritten, bool isFinalBlock = true) =>
        Relaxed.EncodeUtf8(utf8Source, utf8Destination, out bytesConsumed, out bytesWritten, isFinalBlock);

    public override string Encode(string value) => Relaxed.Encode(value);

    public override void Encode(TextWriter output, string value, int startIndex, int characterCount) => Relaxed.Encode(output, value, startIndex, characterCount);

    public override void Encode(TextWriter output, char[] value, int startIndex, int characterCount) => Relaxed.Encode(output, value, startIndex, characterCount);

    private static int Offset(int plain, int inRest) => inRest < 0 ? -1 : plain + inRest;
}
