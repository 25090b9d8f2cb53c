using System.Formats.Tar;
using System.Text.RegularExpressions;
using Vigil.Common;

namespace Vigil.Feeds.Kernel;

/// <summary>One file of vulns.git that matters: a published record (.json/.dyad) or a rejected id.</summary>
public sealed record SnapshotFile(string Id, string Kind, byte[] Content, DateTimeOffset Modified);

/// <summary>
/// Reads the kernel CNA's vulns.git as it comes: a clone or unpacked snapshot (a directory with cve/published),
/// or a packed one (tar, optionally gzip/xz/zstd compressed, e.g. a cgit snapshot with a top-level folder).
/// Only cve/published/YYYY/CVE-*.json and .dyad and cve/rejected/YYYY/CVE-*.json are read.
/// </summary>
public static partial class KernelSnapshot
{
    public static void Read(string path, IWorkProgress progress, Action<SnapshotFile> onFile, CancellationToken cancellation)
    {
        if (Directory.Exists(path))
        {
            ReadDirectory(path, progress, onFile, cancellation);
        }
        else if (File.Exists(path))
        {
            ReadArchive(path, progress, onFile, cancellation);
        }
        else
        {
            throw new VigilException($"{path} does not exist: expected a vulns.git clone, an unpacked snapshot or a .tar(.gz/.xz/.zst) of one");
        }
    }

    private static void ReadDirectory(string root, IWorkProgress progress, Action<SnapshotFile> onFile, CancellationToken cancellation)
    {
        var cve = Path.Combine(root, "cve");
        if (!Directory.Exists(Path.Combine(cve, "published")))
        {
            throw new VigilException($"{root} is not a vulns.git clone or snapshot: {Path.Combine(cve, "published")} does not exist");
        }
        var files = InputFiles.FilesIn(cve, "CVE-*", recursive: true).ToArray();
        var done = 0;
        foreach (var file in files)
        {
            cancellation.ThrowIfCancellationRequested();
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (Classify(relative) is { } match)
            {
                var content = match.Kind == "rejected" ? [] : InputFiles.ReadBytes(file, KernelCveParser.MaxRecordBytes);
                onFile(match with { Content = content, Modified = File.GetLastWriteTimeUtc(file) });
            }
            if (++done % 2000 == 0)
            {
                progress.Report("Importing kernel CVE records", done, files.Length, ProgressUnit.Items);
            }
        }
    }

    private static void ReadArchive(string path, IWorkProgress progress, Action<SnapshotFile> onFile, CancellationToken cancellation)
    {
        using var input = CompressedInput.Open(path, progress, "Importing kernel CVE records", cancellation);
        try
        {
            using var tar = new TarReader(input);
            while (tar.GetNextEntry() is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || Classify(entry.Name) is not { } match)
                {
                    continue;
                }
                if (entry.Length > KernelCveParser.MaxRecordBytes)
                {
                    throw new VigilException($"{path}: {entry.Name} is {entry.Length} bytes, larger than any real CVE record");
                }
                var content = new byte[entry.Length];
                entry.DataStream?.ReadExactly(content);
                onFile(match with { Content = content, Modified = entry.ModificationTime });
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException or IOException or ArgumentException)
        {
            throw new VigilException($"{path}: not a readable tar archive of vulns.git (damaged or cut short); nothing was imported", e);
        }
    }

    private static SnapshotFile? Classify(string relativePath)
    {
        var match = RecordPath().Match(relativePath);
        if (!match.Success)
        {
            return null;
        }
        var kind = match.Groups["area"].Value == "rejected" ? (match.Groups["ext"].Value == "json" ? "rejected" : null) : match.Groups["ext"].Value;
        return kind is null ? null : new SnapshotFile(match.Groups["id"].Value, kind, [], default);
    }

    [GeneratedRegex(@"(?:^|/)cve/(?<area>published|rejected)/\d{4}/(?<id>CVE-\d{4}-\d{4,})\.(?<ext>json|dyad)$", RegexOptions.CultureInvariant)]
    private static partial Regex RecordPath();
}
