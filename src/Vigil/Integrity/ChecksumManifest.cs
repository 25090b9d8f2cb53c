using System.Security.Cryptography;
using System.Text;
using Vigil.Common;

namespace Vigil.Integrity;

public enum ManifestAlgorithm
{
    Sha256,
    Sha512,
}

/// <summary>One file of a release and its digest, as a line of a sha256sum/sha512sum manifest.</summary>
public sealed record ManifestEntry(string Path, string Digest);

/// <summary>Something in a release directory that is not a regular file or directory, with what it is ("symbolic link", "FIFO").</summary>
public sealed record SpecialEntry(string Path, string Kind)
{
    public override string ToString() => $"{Path} ({Kind})";
}

/// <summary>A release directory's regular files and, apart, everything else found in it.</summary>
public sealed record ReleaseListing(IReadOnlyList<string> Files, IReadOnlyList<SpecialEntry> Special);

/// <summary>
/// A checksum manifest in the format of GNU coreutils' sha256sum/sha512sum: "DIGEST *PATH" per file (binary mode),
/// paths relative with '/', sorted; names holding a backslash or newline are escaped the way coreutils does
/// (line starts with '\', then \\ and \n). `sha256sum -c --strict` accepts what this writes.
/// </summary>
public static class ChecksumManifest
{
    public static string FileName(ManifestAlgorithm algorithm) => algorithm == ManifestAlgorithm.Sha512 ? "SHA512SUMS" : "SHA256SUMS";

    public static int DigestLength(ManifestAlgorithm algorithm) => algorithm == ManifestAlgorithm.Sha512 ? 128 : 64;

    /// <summary>The algorithm a manifest's text was written with, told by its first digest's length.</summary>
    public static ManifestAlgorithm AlgorithmOf(string text) =>
        text.TrimStart('\\').IndexOf(' ', StringComparison.Ordinal) == DigestLength(ManifestAlgorithm.Sha512) ? ManifestAlgorithm.Sha512 : ManifestAlgorithm.Sha256;

    /// <summary>
    /// Every entry under <paramref name="root"/>, relative with '/', in ordinal order, leaving out <paramref name="exclude"/>:
    /// the regular files, and apart from them whatever else is there (symbolic links, FIFOs, sockets, devices), which is
    /// never followed or read: a release is its regular files, and anything else in it is reported.
    /// </summary>
    public static ReleaseListing ListFiles(string root, IReadOnlySet<string> exclude)
    {
        if (!Directory.Exists(root))
        {
            throw new VigilException($"{root} is not a directory");
        }
        var files = new List<string>();
        var special = new List<SpecialEntry>();
        var entries = Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, ReturnSpecialDirectories = false, IgnoreInaccessible = false });
        foreach (var entry in entries)
        {
            var relative = Path.GetRelativePath(root, entry).Replace(Path.DirectorySeparatorChar, '/');
            if (exclude.Contains(relative))
            {
                continue;
            }
            switch (InputFiles.KindOf(entry))
            {
                case "directory":
                    break;
                case "regular file":
                    files.Add(relative);
                    break;
                case var kind:
                    special.Add(new SpecialEntry(relative, kind ?? "file that vanished while listed"));
                    break;
            }
        }
        files.Sort(StringComparer.Ordinal);
        special.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return new ReleaseListing(files, special);
    }

    public static long Length(string path)
    {
        try
        {
            return new FileInfo(path).Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VigilException($"cannot read {path}: {e.Message}", e);
        }
    }

    /// <summary>Hashes a file in 1 MiB reads: memory stays flat for multi-gigabyte images.</summary>
    public static string Digest(string path, ManifestAlgorithm algorithm, Action<long>? bytesRead = null)
    {
        using var hash = IncrementalHash.CreateHash(algorithm == ManifestAlgorithm.Sha512 ? HashAlgorithmName.SHA512 : HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        try
        {
            using var file = InputFiles.OpenRead(path, 1);
            int n;
            while ((n = file.Read(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, n);
                bytesRead?.Invoke(n);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VigilException($"cannot read {path}: {e.Message}", e);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public static string Format(IEnumerable<ManifestEntry> entries)
    {
        var text = new StringBuilder();
        foreach (var entry in entries)
        {
            var escaped = entry.Path.Contains('\\', StringComparison.Ordinal) || entry.Path.Contains('\n', StringComparison.Ordinal);
            var name = escaped ? entry.Path.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) : entry.Path;
            text.Append(escaped ? "\\" : "").Append(entry.Digest).Append(" *").Append(name).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Reads a manifest strictly: every line must be "DIGEST *PATH" or "DIGEST  PATH"; errors name the line.</summary>
    public static IReadOnlyList<ManifestEntry> Parse(string text, string fileName, ManifestAlgorithm algorithm)
    {
        var entries = new List<ManifestEntry>();
        var length = DigestLength(algorithm);
        var lineNumber = 0;
        var lines = text.Split('\n');
        foreach (var raw in text.EndsWith('\n') ? lines[..^1] : lines)
        {
            lineNumber++;
            var line = raw;
            var escaped = line.StartsWith('\\');
            if (escaped)
            {
                line = line[1..];
            }
            if (line.Length < length + 3 || !line[..length].All(char.IsAsciiHexDigit) || line[length] != ' ' || line[length + 1] is not (' ' or '*'))
            {
                throw new VigilException($"{fileName}:{lineNumber}: expected '<{length} hex digits> *<path>' as {FileName(algorithm).ToLowerInvariant()[..^1]} writes it");
            }
            var path = line[(length + 2)..];
            if (escaped)
            {
                path = Unescape(path, fileName, lineNumber);
            }
            if (path.Length == 0 || path.StartsWith('/') || path.Split('/').Contains(".."))
            {
                throw new VigilException($"{fileName}:{lineNumber}: path '{path}' must be relative and stay inside the directory");
            }
            entries.Add(new ManifestEntry(path, line[..length].ToLowerInvariant()));
        }
        var duplicate = entries.GroupBy(e => e.Path).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? entries : throw new VigilException($"{fileName}: {duplicate.Key} is listed {duplicate.Count()} times");
    }

    private static string Unescape(string text, string fileName, int lineNumber)
    {
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                result.Append(text[i]);
                continue;
            }
            if (++i >= text.Length || text[i] is not ('\\' or 'n'))
            {
                throw new VigilException($"{fileName}:{lineNumber}: a backslash in an escaped name must be followed by \\ or n");
            }
            result.Append(text[i] == 'n' ? '\n' : '\\');
        }
        return result.ToString();
    }
}
