namespace Vigil.Common;

/// <summary>Reads the small text inputs users hand Vigil (policies, records, manifests, build descriptions).</summary>
internal static class TextFiles
{
    // Far above any real input of this kind; a bound so a wrong path (a disk image) fails at once instead of filling memory.
    private const long MaxBytes = 256L << 20;

    /// <summary>The whole file as text; a missing, unreadable or implausibly large file is a one-line error naming it.</summary>
    public static string Read(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new VigilException($"{path} does not exist");
            }
            if (info.Length > MaxBytes)
            {
                throw new VigilException($"{path} is {info.Length >> 20} MiB; larger than any text file Vigil reads");
            }
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VigilException($"cannot read {path}: {e.Message}", e);
        }
    }
}
