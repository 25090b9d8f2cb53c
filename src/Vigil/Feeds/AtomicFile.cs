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
    public static void CheckWritable(string path) => Target(path);

    /// <summary>
    /// Where a write to <paramref name="path"/> goes. A device or a pipe (/dev/null, /dev/stdout, a FIFO) is written
    /// into as it is: renaming a finished file over it would put a regular file in its place, as root /dev/null
    /// itself. A symbolic link is followed, as a shell's redirection follows it: the file it leads to is replaced.
    /// </summary>
    private static (string Path, bool IsStream) Target(string path)
    {
        switch (InputFiles.KindOf(path, followLinks: true))
        {
            case "character device" or "FIFO":
                return Unix.CanWrite(path) ? (path, true) : throw new VigilException($"cannot write {path}: permission denied");
            case "directory":
                throw new VigilException($"cannot write {path}: it is a directory");
            case { } kind when kind != "regular file":
                throw new VigilException($"cannot write {path}: it is a {kind}, not a file, a device or a pipe");
        }
        var target = path;
        if (InputFiles.KindOf(path) == "symbolic link")
        {
            try
            {
                target = File.ResolveLinkTarget(path, returnFinalTarget: true)!.FullName;
            }
            catch (IOException)
            {
                throw new VigilException($"cannot write {path}: its symbolic links go round in a loop");
            }
        }
        var directory = Path.GetDirectoryName(Path.GetFullPath(target))!;
        if (!Directory.Exists(directory))
        {
            throw new VigilException($"cannot write {path}: the directory {directory} does not exist");
        }
        if (!Unix.CanWrite(directory))
        {
            throw new VigilException($"cannot write {path}: the directory {directory} is not writable");
        }
        return (target, false);
    }

    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>. <paramref name="durable"/> flushes to disk
    /// before the rename, so a crash cannot leave an empty file: for stored data; reports, which can be made again, skip it.
    /// Cancelled before the rename, the target is untouched.</summary>
    public static void Write(string path, Action<FileStream> write, bool durable = true, CancellationToken cancellation = default)
    {
        var (target, isStream) = Target(path);
        if (isStream)
        {
            WriteInto(path, write);
            return;
        }
        var directory = Path.GetDirectoryName(Path.GetFullPath(target))!;
        RemoveStale(directory, $".{Path.GetFileName(target)}.*.tmp");
        var temporary = Path.Combine(directory, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = CreateTemporary(temporary))
            {
                write(stream);
                stream.Flush(flushToDisk: durable);
            }
            cancellation.ThrowIfCancellationRequested();
            File.Move(temporary, target, overwrite: true);
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

    private static void WriteInto(string path, Action<FileStream> write)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1 << 16);
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
