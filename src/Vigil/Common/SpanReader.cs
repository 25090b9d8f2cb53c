using System.Buffers.Binary;
using System.Text;

namespace Vigil.Common;

/// <summary>
/// Reads what <see cref="BinaryWriter"/> wrote (little-endian numbers, 7-bit length-prefixed UTF-8 strings) straight
/// from memory, without a stream per record. Running past the end is a <see cref="FormatException"/>.
/// </summary>
public ref struct SpanReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> data = data;
    private int position;

    public int Position
    {
        readonly get => position;
        set => position = value >= 0 && value <= data.Length ? value : throw new FormatException($"position {value} is outside the data");
    }

    public byte ReadByte() => Take(1)[0];

    public bool ReadBoolean() => ReadByte() != 0;

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    public string ReadString() => Encoding.UTF8.GetString(ReadUtf8());

    /// <summary>A string's UTF-8 bytes where they lie, not decoded: for a reader that decodes only what it keeps.</summary>
    public ReadOnlySpan<byte> ReadUtf8()
    {
        var length = 0;
        for (var shift = 0; ; shift += 7)
        {
            if (shift > 28)
            {
                throw new FormatException("a string length is malformed");
            }
            var b = ReadByte();
            length |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                break;
            }
        }
        return length < 0 ? throw new FormatException("a string length is negative") : Take(length);
    }

    /// <summary>An optional string as <c>BinaryWriter</c> callers write one (a presence flag, then the string): false when absent.</summary>
    public bool ReadOptionalUtf8(out ReadOnlySpan<byte> value)
    {
        var present = ReadBoolean();
        value = present ? ReadUtf8() : default;
        return present;
    }

    /// <summary>A count that must fit in what is left (each item takes at least one byte).</summary>
    public int ReadCount()
    {
        var count = ReadInt32();
        return count >= 0 && count <= data.Length - position ? count : throw new FormatException($"count {count} is impossible here");
    }

    private ReadOnlySpan<byte> Take(int length)
    {
        if (length < 0 || length > data.Length - position)
        {
            throw new FormatException($"the data ends {length} bytes early at {position}");
        }
        var slice = data.Slice(position, length);
        position += length;
        return slice;
    }
}
