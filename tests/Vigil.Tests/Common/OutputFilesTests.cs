using Vigil.Common;

namespace Vigil.Tests.Common;

public sealed class OutputFilesTests
{
    /// <summary>The runtime reports a failed write as an IOException whose HResult is the errno.</summary>
    [Theory]
    [InlineData(28, "the disk is full")]
    [InlineData(30, "the file system is read-only")]
    [InlineData(17, "it already exists")]
    [InlineData(32, "the pipe's reader closed it before the end (as head does)")]
    [InlineData(5, "an input/output error")]
    public void A_failed_write_is_explained_by_its_errno(int errno, string reason)
    {
        Assert.Equal(reason, OutputFiles.Reason(new IOException("runtime text", errno)));
    }

    [Fact]
    public async Task A_write_into_a_pipe_whose_reader_has_gone_fails_with_the_errno_the_reason_names()
    {
        // The errno the runtime gives such a write, checked on a real FIFO: 32 (EPIPE).
        var fifo = Path.Combine(Path.GetTempPath(), $"vigil-{Guid.NewGuid():N}.fifo");
        Assert.Equal(0, Vigil.Tests.Support.Tool.Run("/", "mkfifo", fifo).ExitCode);
        try
        {
            var reader = Task.Run(() =>
            {
                using var read = new FileStream(fifo, FileMode.Open, FileAccess.Read);
                read.ReadByte();
            });
            using var write = new FileStream(fifo, FileMode.Open, FileAccess.Write);
            write.WriteByte(1);
            write.Flush();
            await reader.WaitAsync(TimeSpan.FromSeconds(30));

            var error = Assert.Throws<IOException>(() =>
            {
                for (var i = 0; i < 64; i++)
                {
                    write.Write(new byte[1 << 16]);
                }
            });

            Assert.Equal("the pipe's reader closed it before the end (as head does)", OutputFiles.Reason(error));
        }
        finally
        {
            File.Delete(fifo);
        }
    }
}
