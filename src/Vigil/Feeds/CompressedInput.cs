using SharpCompress.Compressors.Xz;
using SharpCompress.Compressors.ZStandard;
using Vigil.Common;

namespace Vigil.Feeds;

/// <summary>
/// Opens a feed file whatever its packaging (plain, gzip, xz or zstd), told by its first bytes, not its name,
/// and counts the bytes read from disk so progress can be shown against the file's size.
/// </summary>
public static class CompressedInput
{
    public static Stream Open(string path, IWorkProgress progress, string stage)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VigilException($"cannot read {path}: {e.Message}", e);
        }
        try
        {
            return Decompress(new CountingStream(file, progress, stage), path);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public static Stream Decompress(Stream raw, string name)
    {
        try
        {
            return Wrap(raw);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException and not VigilException)
        {
            throw new VigilException($"{name}: byte 0: cannot decompress: {e.Message}", e);
        }
    }

    private static Stream Wrap(Stream raw)
    {
        Span<byte> magic = stackalloc byte[6];
        var read = raw.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        raw.Seek(0, SeekOrigin.Begin);
        var head = magic[..read];
        if (head.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]))
        {
            return new System.IO.Compression.GZipStream(raw, System.IO.Compression.CompressionMode.Decompress);
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0x00]))
        {
            return new XZStream(raw);
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0x28, 0xB5, 0x2F, 0xFD]))
        {
            return new DecompressionStream(raw);
        }
        return raw;
    }

    /// <summary>Passes reads through and reports the running total.</summary>
    private sealed class CountingStream(Stream inner, IWorkProgress progress, string stage) : Stream
    {
        private readonly long length = inner.Length;
        private long position;
        private long lastReported = -1;

        public override bool CanRead => true;

        public override bool CanSeek => inner.CanSeek;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position
        {
            get => inner.Position;
            set => Seek(value, SeekOrigin.Begin);
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = inner.Read(buffer);
            position += n;
            if (position - lastReported >= 1 << 20 || (n == 0 && lastReported != position))
            {
                lastReported = position;
                progress.Report(stage, position, length);
            }
            return n;
        }

        public override long Seek(long offset, SeekOrigin origin)
        {
            position = inner.Seek(offset, origin);
            return position;
        }

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
