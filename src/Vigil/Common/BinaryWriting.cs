namespace Vigil.Common;

public static class BinaryWriting
{
    /// <summary>An optional string as <see cref="SpanReader.ReadOptionalUtf8"/> reads it: a presence flag, then the string.</summary>
    public static void WriteOptional(this BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }
}
