using Vigil.Common;

namespace Vigil.Tests.Common;

public sealed class CountingStreamTests
{
    [Fact]
    public void It_counts_every_byte_it_passes_on_whichever_way_it_is_written()
    {
        var inner = new MemoryStream();
        var counting = new CountingStream(inner);
        using var writer = new BinaryWriter(counting);

        writer.Write("tracker");
        writer.Write(42L);
        writer.Write((byte)1);
        counting.Write([1, 2, 3], 1, 2);
        counting.Write(new byte[70_000]);
        writer.Flush();

        Assert.Equal(inner.Length, counting.Written);
        Assert.Equal(8 + 8 + 1 + 2 + 70_000, counting.Written);
        Assert.Throws<NotSupportedException>(() => counting.Position);
    }
}
