using System.Buffers;
using System.Text.Json;

namespace Vigil.Common;

/// <summary>
/// Writes a long JSON array's second half on another core while the calling thread writes the first, then appends
/// it: one thread took 150-175 ms to write a 44,376-package report's 57,464 findings (measured). The bytes are those
/// one writer would write: the second half comes from a writer with the same options nested as deep (indentation
/// follows depth alone), and reaches this one in pieces that each start at an item, so the writer puts the comma
/// before each piece as it would before the item.
/// </summary>
public static class ParallelJsonArray
{
    /// <summary>
    /// Fewer items are written by the calling thread alone: the other half is held in memory until it is appended, and
    /// a kernel report (3,600-4,900 findings today, 9 MB) stays within its memory target. A 2,500-package report's
    /// 8,356 findings gain 5-13 ms (medians of 24 and 30 alternating runs, 51 -> 54 MB).
    /// </summary>
    public const int MinimumItems = 6_000;

    private const int PieceLength = 64 * 1024;

    public static void Write<T>(Utf8JsonWriter writer, IReadOnlyList<T> items, Action<Utf8JsonWriter, T> writeItem, int minimumItems = MinimumItems)
    {
        writer.WriteStartArray();
        var half = items.Count >= Math.Max(minimumItems, 2) && Environment.ProcessorCount > 1 ? items.Count / 2 : items.Count;
        var depth = writer.CurrentDepth;
        var options = writer.Options;
        var secondHalf = half < items.Count ? Task.Run(() => Pieces(items, half, depth, options, writeItem)) : null;
        for (var i = 0; i < half; i++)
        {
            writeItem(writer, items[i]);
        }
        if (secondHalf is not null)
        {
            foreach (var piece in secondHalf.GetAwaiter().GetResult())
            {
                // Unchecked: the pieces are what a writer of the same options wrote; checking would parse them again.
                writer.WriteRawValue(piece, skipInputValidation: true);
            }
        }
        writer.WriteEndArray();
    }

    /// <summary>Items from <paramref name="from"/> on, written at <paramref name="depth"/>, cut after an item about every 64 KiB.</summary>
    private static List<byte[]> Pieces<T>(IReadOnlyList<T> items, int from, int depth, JsonWriterOptions options, Action<Utf8JsonWriter, T> writeItem)
    {
        var pieces = new List<byte[]>();
        var buffer = new ArrayBufferWriter<byte>(2 * PieceLength);
        using var writer = new Utf8JsonWriter(buffer, options);
        for (var level = 0; level < depth; level++)
        {
            writer.WriteStartArray();
        }
        writer.Flush();
        // The first piece starts after the brackets that set the depth; each later one after the comma the writer put
        // before its first item.
        var pieceStart = buffer.WrittenCount;
        for (var i = from; i < items.Count; i++)
        {
            writeItem(writer, items[i]);
            writer.Flush();
            if (buffer.WrittenCount - pieceStart >= PieceLength || i == items.Count - 1)
            {
                pieces.Add(buffer.WrittenSpan[pieceStart..].ToArray());
                buffer.ResetWrittenCount();
                pieceStart = 1;
            }
        }
        return pieces;
    }
}
