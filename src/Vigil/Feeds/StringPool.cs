using System.Text.Json;

namespace Vigil.Feeds;

/// <summary>
/// Hands out one string instance per distinct short value (release names, urgencies, versions), decoded straight
/// from the JSON reader without allocating for values already seen. Feeds repeat these millions of times.
/// </summary>
public sealed class StringPool
{
    private const int MaxPooledLength = 128;
    private readonly HashSet<string> strings = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> lookup;

    public StringPool()
    {
        lookup = strings.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string Intern(string value) => strings.TryGetValue(value, out var existing) ? existing : Add(value);

    public string Intern(ref Utf8JsonReader reader)
    {
        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (length > MaxPooledLength)
        {
            return reader.GetString()!;
        }
        Span<char> chars = stackalloc char[MaxPooledLength];
        var written = reader.CopyString(chars);
        var text = chars[..written];
        return lookup.TryGetValue(text, out var existing) ? existing : Add(text.ToString());
    }

    /// <summary>The pooled string of UTF-8 bytes; decoded without allocating when it is a value already seen.</summary>
    public string Intern(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxPooledLength)
        {
            return System.Text.Encoding.UTF8.GetString(utf8);
        }
        Span<char> chars = stackalloc char[MaxPooledLength];
        var text = chars[..System.Text.Encoding.UTF8.GetChars(utf8, chars)];
        return lookup.TryGetValue(text, out var existing) ? existing : Add(text.ToString());
    }

    private string Add(string value)
    {
        strings.Add(value);
        return value;
    }
}
