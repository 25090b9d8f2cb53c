using Vigil.Common;

namespace Vigil.Feeds;

/// <summary>
/// Writes a file so that readers see either the old content or the complete new one: the data goes to a
/// temporary file beside the target, is flushed to disk, and only then renamed over the target. The temporary file
/// is held under an exclusive flock(2) while it is written, so temporary files that nobody holds were left by a
/// killed process and are removed by the next write to the same directory.
/// </summary>
public static class AtomicFile
{
    /// <summary>
    /// Refuses, before any work, a target that cannot be written: its directory missing or not writable, or a
    /// directory, block device or socket in its place. Work whose result is stored (a recorded scan) checks its
    /// report's path first, so a bad path does not leave the scan stored and the report unwritten.
    /// </summary>
    public static void CheckWritable(string path) => WrittenInto(path);

    /// <summary>
    /// How <paramref name="path"/> is written into, or null when it is replaced; what cannot be written is refused.
    /// A device or a pipe (/dev/null, a FIFO) and the process's own streams (/dev/stdout, /dev/fd/1) are written into:
    /// renaming a finished file over them would put a regular file in their place, as root /dev/null itself. Any other
    /// symbolic link is replaced like a file, never written through: a link planted where a privileged run writes must
    /// not lead its output onto a device or another file.
    /// </summary>
    private static FileMode? WrittenInto(string path)
    {
        var kind = InputFiles.KindOf(path, followLinks: true);
        var isLink = InputFiles.KindOf(path) == "symbolic link";
        if (IsOwnStream(path) || (!isLink && kind is "character device" or "FIFO"))
        {
            if (!Unix.CanWrite(path))
            {
                throw new VigilException($"cannot write {path}: permission denied");
            }
            // Standard output redirected to a file (> or >>) is a new description of that file: appended to, never
            // written over from its start.
            return kind == "regular file" ? FileMode.Append : FileMode.Open;
        }
        if (kind == "directory")
        {
            throw new VigilException($"cannot write {path}: it is a directory");
        }
        if (kind is not (null or "regular file") && !isLink)
        {
            throw new VigilException($"cannot write {path}: it is a {kind}, not a file, a device or a pipe");
        }
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(directory))
        {
            throw new VigilException($"cannot write {path}: the directory {directory} does not exist");
        }
        if (!Unix.CanWrite(directory))
        {
            throw new VigilException($"cannot write {path}: the directory {directory} is not writable");
        }
        return null;
    }

    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>. <paramref name="durable"/> flushes to disk
    /// before the rename, so a crash cannot leave an empty file: for stored data; reports, which can be made again, skip it.
    /// Cancelled before the rename, the target is untouched.</summary>
    public static void Write(string path, Action<FileStream> write, bool durable = true, CancellationToken cancellation = default)
    {
        if (WrittenInto(path) is { } mode)
        {
            WriteInto(path, mode, write);
            return;
        }
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        RemoveStale(directory, $".{Path.GetFileName(path)}.*.tmp");
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = CreateTemporary(temporary))
            {
                write(stream);
                stream.Flush(flushToDisk: durable);
            }
            cancellation.ThrowIfCancellationRequested();
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VigilException($"cannot write {path}: {OutputFiles.Reason(e)}", e);
        }
        finally
        {
            TryDelete(temporary);
        }
    }

    private static bool IsOwnStream(string path) => Path.GetFullPath(path) is var full
        && (full is "/dev/stdout" or "/dev/stderr" || full.StartsWith("/dev/fd/", StringComparison.Ordinal) || full.StartsWith("/proc/self/fd/", StringComparison.Ordinal));

    private static void WriteInto(string path, FileMode mode, Action<FileStream> write)
    {
        try
        {
            using var stream = new FileStream(path, mode, FileAccess.Write, FileShare.ReadWrite, 1 << 16);
            write(stream);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VigilException($"cannot write {path}: {OutputFiles.Reason(e)}", e);
        }
    }

    /// <summary>A new temporary file, created exclusively and held under flock(2) (FileShare.None) until disposed.</summary>
    public static FileStream CreateTemporary(string path, bool useAsync = false) =>
        new(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, useAsync);

    /// <summary>Removes temporary files matching <paramref name="pattern"/> whose writer is gone (nobody holds their lock).</summary>
    public static void RemoveStale(string directory, string pattern)
    {
        foreach (var candidate in Directory.EnumerateFiles(directory, pattern))
        {
            try
            {
                using (new FileStream(candidate, FileMode.Open, FileAccess.Read, FileShare.None))
                {
                    File.Delete(candidate);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Held by a live writer, or not ours to remove.
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next write's clean-up.
        }
    }
}
