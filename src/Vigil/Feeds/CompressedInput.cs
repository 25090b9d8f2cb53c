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
    /// <summary>Opens <paramref name="path"/>; every read checks <paramref name="cancellation"/>, so whoever reads it can be stopped.</summary>
    public static Stream Open(string path, IWorkProgress progress, string stage, CancellationToken cancellation = default)
    {
        var file = InputFiles.OpenRead(path);
        try
        {
            return Decompress(new CountingStream(file, progress, stage, cancellation), path);
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
            var wrapped = Wrap(raw, out var format);
            return format is null ? wrapped : new DamageGuard(wrapped, name, format, format == "gzip" && raw.CanSeek ? raw : null);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException and not VigilException)
        {
            throw new VigilException($"{name}: byte 0: cannot read the start of the file", e);
        }
    }

    private static Stream Wrap(Stream raw, out string? format)
    {
        format = null;
        Span<byte> magic = stackalloc byte[6];
        var read = raw.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        raw.Seek(0, SeekOrigin.Begin);
        var head = magic[..read];
        if (head.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]))
        {
            format = "gzip";
            return new System.IO.Compression.GZipStream(raw, System.IO.Compression.CompressionMode.Decompress);
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0x00]))
        {
            format = "xz";
            return new XZStream(raw);
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0x28, 0xB5, 0x2F, 0xFD]))
        {
            format = "zstd";
            return new DecompressionStream(raw);
        }
        return raw;
    }

    /// <summary>
    /// A decompressor's output: whatever a damaged or cut-short stream makes the decompressor throw (each library has
    /// its own exceptions, some of them not I/O ones) becomes one line naming the file.
    /// </summary>
    /// <remarks>
    /// A gzip stream cut inside its 8-byte trailer still decompresses whole, and .NET does not object; so at the end
    /// the trailer's length record (ISIZE, the data's length mod 2^32) is checked against what came out.
    /// </remarks>
    private sealed class DamageGuard(Stream inner, string name, string format, Stream? gzipFile) : ReadingWrapper(inner)
    {
        private long produced;
        private bool checkedTrailer;

        public override int Read(Span<byte> buffer)
        {
            int n;
            try
            {
                n = Inner.Read(buffer);
            }
            catch (Exception e) when (e is not (OperationCanceledException or OutOfMemoryException or VigilException))
            {
                throw new VigilException($"{name}: the {format} data is damaged or cut short; nothing was imported", e);
            }
            produced += n;
            if (n == 0 && buffer.Length > 0 && gzipFile is not null && !checkedTrailer)
            {
                checkedTrailer = true;
                CheckGzipLength(gzipFile);
            }
            return n;
        }

        private void CheckGzipLength(Stream file)
        {
            Span<byte> trailer = stackalloc byte[4];
            file.Seek(-4, SeekOrigin.End);
            file.ReadExactly(trailer);
            if (System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(trailer) != (uint)produced)
            {
                throw new VigilException($"{name}: the gzip data is cut short (its length record does not match what it holds); nothing was imported");
            }
        }
    }

    /// <summary>Passes reads through, reports the running total, and stops when cancelled. Seekable, so the format can be sniffed.</summary>
    private sealed class CountingStream(Stream inner, IWorkProgress progress, string stage, CancellationToken cancellation) : ReadingWrapper(inner)
    {
        private readonly long length = inner.Length;
        private long position;
        private long lastReported = -1;

        public override bool CanSeek => Inner.CanSeek;

        public override long Length => Inner.Length;

        public override long Position
        {
            get => Inner.Position;
            set => Seek(value, SeekOrigin.Begin);
        }

        public override int Read(Span<byte> buffer)
        {
            cancellation.ThrowIfCancellationRequested();
            var n = Inner.Read(buffer);
            position += n;
            if (position - lastReported >= 1 << 20 || (n == 0 && lastReported != position))
            {
                lastReported = position;
                progress.Report(stage, position, length, ProgressUnit.Bytes);
            }
            return n;
        }

        public override long Seek(long offset, SeekOrigin origin)
        {
            position = Inner.Seek(offset, origin);
            return position;
        }
    }
}
