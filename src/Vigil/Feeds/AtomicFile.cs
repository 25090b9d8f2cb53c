using Vigil.Common;

namespace Vigil.Feeds;

/// <summary>
/// Writes a file so that readers see either the old content or the complete new one: the data goes to a
/// temporary file beside the target, is flushed to disk, and only then renamed over the target.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>. <paramref name="durable"/> flushes to disk
    /// before the rename, so a crash cannot leave an empty file: for stored data; reports, which can be made again, skip it.</summary>
    public static void Write(string path, Action<FileStream> write, bool durable = true)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: durable);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VigilException($"cannot write {path}: {e.Message}", e);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
