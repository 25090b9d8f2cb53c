using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Vigil.Common;

/// <summary>
/// The one way Vigil opens a file a user names. Only regular files are read: a FIFO would block forever, a device
/// never ends. The type is checked on the opened descriptor (opened non-blocking, so a FIFO cannot stall the open),
/// so nothing can be swapped in between the check and the read. Reads of whole files are bounded.
/// </summary>
public static class InputFiles
{
    /// <summary>Far above any real text input (policies, records, manifests, build lists); a wrong path fails at once.</summary>
    public const long MaxTextBytes = 256L << 20;

    /// <summary>All of a stream that is not a file (standard input, an upload), bounded like any text input.</summary>
    public static async Task<byte[]> ReadAllAsync(Stream input, string name, CancellationToken cancellation)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[1 << 16];
        int n;
        while ((n = await input.ReadAsync(chunk, cancellation)) > 0)
        {
            buffer.Write(chunk, 0, n);
            if (buffer.Length > MaxTextBytes)
            {
                throw new VigilException($"{name} holds more than {MaxTextBytes >> 20} MiB, more than any input of this kind");
            }
        }
        return buffer.ToArray();
    }

    /// <summary>Opens <paramref name="path"/> for reading; a missing, unreadable or special file is a one-line error naming it.</summary>
    public static FileStream OpenRead(string path, int bufferSize = 1 << 16) => new(OpenRegularFile(path, out _), FileAccess.Read, bufferSize);

    private static SafeFileHandle OpenRegularFile(string path, out DateTimeOffset modified)
    {
        var fd = Unix.Open(path, Unix.ReadOnly | Unix.NonBlocking | Unix.NoControllingTerminal | Unix.CloseOnExec);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new VigilException(errno == Unix.NoSuchFile ? $"{path} does not exist" : $"cannot read {path}: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        Span<byte> statx = stackalloc byte[256];
        var kind = Unix.Statx(fd, "", Unix.AtEmptyPath, Unix.StatxType | Unix.StatxModified, ref MemoryMarshal.GetReference(statx)) == 0 ? Kind(statx) : "file of unknown type";
        if (kind != "regular file")
        {
            handle.Dispose();
            throw new VigilException($"{path} is a {kind}, not a regular file: give the file itself");
        }
        modified = Modified(statx);
        return handle;
    }

    /// <summary>The whole file as UTF-8 text, at most <paramref name="maxBytes"/> long.</summary>
    public static string ReadText(string path, long maxBytes = MaxTextBytes) => Encoding.UTF8.GetString(ReadBytes(path, maxBytes));

    /// <summary>The whole file, at most <paramref name="maxBytes"/> long: counted while reading, not trusted from its size.</summary>
    public static byte[] ReadBytes(string path, long maxBytes = MaxTextBytes)
    {
        var buffer = new byte[1 << 16];
        return ReadInto(path, ref buffer, maxBytes).ToArray();
    }

    /// <summary>
    /// The whole file (as <see cref="ReadBytes"/>) in <paramref name="buffer"/>, which grows as needed and is the
    /// caller's to reuse: for readers of many files, each used before the next is read (a kernel import reads 29,536).
    /// </summary>
    public static ReadOnlyMemory<byte> ReadInto(string path, ref byte[] buffer, long maxBytes = MaxTextBytes) => ReadInto(path, ref buffer, maxBytes, out _);

    /// <inheritdoc cref="ReadInto(string, ref byte[], long)"/>
    /// <param name="modified">When the file was last written, from the same status as its type (a kernel import gives each of its 29,536 files' times).</param>
    public static ReadOnlyMemory<byte> ReadInto(string path, ref byte[] buffer, long maxBytes, out DateTimeOffset modified)
    {
        // Read straight into the caller's buffer with positional reads, no stream around the descriptor.
        using var file = OpenRegularFile(path, out modified);
        try
        {
            var length = 0;
            int n;
            do
            {
                if (length == buffer.Length)
                {
                    Array.Resize(ref buffer, (int)Math.Min(Math.Max(buffer.Length * 2L, 1 << 12), Math.Min(maxBytes + 1, Array.MaxLength)));
                }
                n = RandomAccess.Read(file, buffer.AsSpan(length), length);
                length += n;
                if (length > maxBytes)
                {
                    throw new VigilException($"{path} is larger than {maxBytes >> 20} MiB, more than any file of this kind Vigil reads");
                }
            }
            while (n > 0);
            var content = buffer.AsMemory(0, length);
            // A byte-order mark is not content.
            return content.Span.StartsWith("\uFEFF"u8) ? content[3..] : content;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VigilException($"cannot read {path}: {e.Message}", e);
        }
    }

    /// <summary>
    /// The regular files under <paramref name="directory"/> whose names match <paramref name="pattern"/>. Anything else
    /// that matches (a directory, a FIFO, a link to a device) is an error naming it: a record that is not a file is not
    /// skipped, since skipping it would make what it holds vanish.
    /// </summary>
    public static IEnumerable<string> FilesIn(string directory, string pattern, bool recursive)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = recursive, AttributesToSkip = 0, IgnoreInaccessible = false, MatchCasing = MatchCasing.CaseSensitive };
        foreach (var entry in Directory.EnumerateFileSystemEntries(directory, pattern, options))
        {
            var kind = KindOf(entry, followLinks: true);
            yield return kind == "regular file" ? entry : throw new VigilException($"{entry} is a {kind ?? "dangling link"}, not a regular file");
        }
    }

    /// <summary>What a path is, without opening it: "regular file", "directory", "FIFO", "symbolic link" (unless followed), ... or null when it does not exist.</summary>
    public static string? KindOf(string path, bool followLinks = false)
    {
        Span<byte> buffer = stackalloc byte[256];
        return Unix.Statx(Unix.AtWorkingDirectory, path, followLinks ? 0 : Unix.AtSymlinkNoFollow, Unix.StatxType, ref MemoryMarshal.GetReference(buffer)) == 0 ? Kind(buffer) : null;
    }

    /// <summary>
    /// A descriptor the user handed the process (like gpg's --passphrase-fd): it must be open and inherited, not
    /// one the runtime opened for itself (those are close-on-exec), and it is read with a bound.
    /// </summary>
    public static FileStream OpenInherited(int fd)
    {
        var flags = fd < 0 ? -1 : Unix.Fcntl(fd, Unix.GetDescriptorFlags);
        if (flags < 0)
        {
            throw new VigilException($"file descriptor {fd} is not open: the caller must open it (e.g. 3< passphrase.txt)");
        }
        if (fd is 1 or 2 || (flags & Unix.DescriptorCloseOnExec) != 0)
        {
            throw new VigilException($"file descriptor {fd} was not handed to Vigil by its caller: give a descriptor the caller opened (e.g. 3< passphrase.txt)");
        }
        return new FileStream(new SafeFileHandle(fd, ownsHandle: false), FileAccess.Read, 1);
    }

    // struct statx: stx_mtime's seconds (i64) and nanoseconds (u32) at offset 112 on every Linux architecture.
    private static DateTimeOffset Modified(ReadOnlySpan<byte> statx) =>
        DateTimeOffset.FromUnixTimeSeconds(BitConverter.ToInt64(statx[112..])).AddTicks(BitConverter.ToUInt32(statx[120..]) / 100);

    // struct statx: stx_mode is a u16 at offset 28 on every Linux architecture.
    private static string Kind(ReadOnlySpan<byte> statx) => (BitConverter.ToUInt16(statx[28..]) & 0xF000) switch
    {
        0x8000 => "regular file",
        0x4000 => "directory",
        0x1000 => "FIFO",
        0x2000 => "character device",
        0x6000 => "block device",
        0xC000 => "socket",
        0xA000 => "symbolic link",
        _ => "file of unknown type",
    };
}
