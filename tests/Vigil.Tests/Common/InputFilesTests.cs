using Vigil.Common;
using Vigil.Tests.Support;

namespace Vigil.Tests.Common;

public sealed class InputFilesTests : IDisposable
{
    private readonly TempDirectory work = new();

    public void Dispose() => work.Dispose();

    private string WriteBytes(string name, byte[] content)
    {
        var path = work.File(name);
        File.WriteAllBytes(path, content);
        return path;
    }

    [Fact]
    public void A_byte_order_mark_is_not_content()
    {
        var path = WriteBytes("bom.txt", [0xEF, 0xBB, 0xBF, (byte)'h', (byte)'i']);

        Assert.Equal("hi"u8.ToArray(), InputFiles.ReadBytes(path));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(65_536)]
    [InlineData(65_537)]
    [InlineData(300_000)]
    public void A_file_reads_whole_whatever_its_size_against_the_first_buffer(int size)
    {
        var content = Enumerable.Range(0, size).Select(i => (byte)('a' + (i % 26))).ToArray();
        var path = WriteBytes("file.txt", content);

        Assert.Equal(content, InputFiles.ReadBytes(path));
    }

    [Fact]
    public void A_file_longer_than_allowed_is_refused_naming_it()
    {
        var path = WriteBytes("big.json", new byte[5000]);

        var error = Assert.Throws<VigilException>(() => InputFiles.ReadBytes(path, maxBytes: 4999));

        Assert.StartsWith($"{path} is larger than ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reused_buffer_holds_each_file_alone_larger_or_smaller_than_the_last()
    {
        var large = WriteBytes("large.txt", [.. Enumerable.Repeat((byte)'x', 100_000)]);
        var small = WriteBytes("small.txt", "short"u8.ToArray());
        var buffer = new byte[16];

        Assert.Equal(100_000, InputFiles.ReadInto(large, ref buffer).Length);
        Assert.Equal("short"u8.ToArray(), InputFiles.ReadInto(small, ref buffer).ToArray());
        Assert.True(buffer.Length >= 100_000);
    }
}
