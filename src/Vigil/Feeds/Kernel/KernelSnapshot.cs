using System.Collections.Concurrent;
using System.Formats.Tar;
using System.Runtime.ExceptionServices;
using System.Text.RegularExpressions;
using Vigil.Common;

namespace Vigil.Feeds.Kernel;

/// <summary>One file of vulns.git that matters: a published record (.json/.dyad) or a rejected id.</summary>
/// <param name="Content">Lent for the callback only: the reader reads the next file into the same buffer.</param>
public sealed record SnapshotFile(string Id, string Kind, ReadOnlyMemory<byte> Content, DateTimeOffset Modified);

/// <summary>
/// Reads the kernel CNA's vulns.git as it comes: a clone or unpacked snapshot (a directory with cve/published),
/// or a packed one (tar, optionally gzip/xz/zstd compressed, e.g. a cgit snapshot with a top-level folder).
/// Only cve/published/YYYY/CVE-*.json and .dyad and cve/rejected/YYYY/CVE-*.json are read.
/// </summary>
public static partial class KernelSnapshot
{
    /// <param name="onFile">Called once per file; for a directory, from several threads at once (files are read and
    /// parsed on every core), so it must be safe to call concurrently.</param>
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
        // By extension: the tree's other files of each CVE (.sha1, .cvss, .mbox, ...) are three times as many, and each is checked.
        var files = InputFiles.FilesIn(cve, "CVE-*.json", recursive: true).Concat(InputFiles.FilesIn(cve, "CVE-*.dyad", recursive: true)).ToArray();
        var done = 0;
        var reporting = new Lock();
        var options = new ParallelOptions { CancellationToken = cancellation, MaxDegreeOfParallelism = Environment.ProcessorCount };
        try
        {
            // In runs of files, each worker with its own buffer: a snapshot's 29,536 files are independent of each other.
            Parallel.ForEach(Partitioner.Create(0, files.Length, 256), options, () => new Reader(), (range, _, reader) =>
            {
                for (var i = range.Item1; i < range.Item2; i++)
                {
                    cancellation.ThrowIfCancellationRequested();
                    reader.Read(root, files[i], onFile);
                    if (Interlocked.Increment(ref done) is var count && count % 2000 == 0)
                    {
                        lock (reporting)
                        {
                            progress.Report("Importing kernel CVE records", count, files.Length, ProgressUnit.Items);
                        }
                    }
                }
                return reader;
            }, _ => { });
        }
        catch (AggregateException e)
        {
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
    }

    /// <summary>One thread's reading of a tree's files: its buffer, and the garbage its files' parsing leaves bounded.</summary>
    private sealed class Reader
    {
        private readonly GarbageBound garbage = new();
        private byte[] buffer = new byte[1 << 16];

        public void Read(string root, string file, Action<SnapshotFile> onFile)
        {
            garbage.Check();
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (Classify(relative) is not { } match)
            {
                return;
            }
            if (match.Kind == "rejected")
            {
                onFile(match with { Modified = File.GetLastWriteTimeUtc(file) });
            }
            else
            {
                var content = InputFiles.ReadInto(file, ref buffer, KernelCveParser.MaxRecordBytes, out var modified);
                onFile(match with { Content = content, Modified = modified });
            }
        }
    }

    private static void ReadArchive(string path, IWorkProgress progress, Action<SnapshotFile> onFile, CancellationToken cancellation)
    {
        using var input = new TailStream(CompressedInput.Open(path, progress, "Importing kernel CVE records", cancellation));
        try
        {
            using var tar = new TarReader(input);
            var buffer = new byte[1 << 16];
            var garbage = new GarbageBound();
            while (tar.GetNextEntry() is { } entry)
            {
                garbage.Check();
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || Classify(entry.Name) is not { } match)
                {
                    continue;
                }
                if (entry.Length > KernelCveParser.MaxRecordBytes)
                {
                    throw new VigilException($"{path}: {entry.Name} is {entry.Length} bytes, larger than any real CVE record");
                }
                if (buffer.Length < entry.Length)
                {
                    buffer = new byte[entry.Length];
                }
                var content = buffer.AsMemory(0, (int)entry.Length);
                entry.DataStream?.ReadExactly(content.Span);
                onFile(match with { Content = content, Modified = entry.ModificationTime });
            }
            // What follows the last entry is the end-of-archive marker and record padding: zeros, and not much.
            var trailing = input.CopyToEnd(maxBytes: 1 << 20);
            if (trailing > 1 << 20 || !input.EndsWithEndOfArchive)
            {
                throw new VigilException($"{path}: the tar archive does not end with its end-of-archive marker: it was cut short; nothing was imported");
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException or IOException or ArgumentException)
        {
            throw new VigilException($"{path}: not a readable tar archive of vulns.git (damaged or cut short); nothing was imported", e);
        }
    }

    /// <summary>
    /// Remembers the last 1 KiB read. A tar archive ends with two zero blocks; a decompressor that meets the end of a
    /// cut-short file may just stop (gzip and some xz cuts do), and the tar reader then takes the last whole entry for
    /// the end: without the two zero blocks that is a truncated archive, whose missing CVEs would silently vanish.
    /// </summary>
    private sealed class TailStream(Stream inner) : ReadingWrapper(inner)
    {
        private readonly byte[] tail = new byte[1024];
        private long total;

        /// <summary>Reads on to the end (at most a little past <paramref name="maxBytes"/>) and says how much there was.</summary>
        public long CopyToEnd(long maxBytes)
        {
            var start = total;
            var buffer = new byte[1 << 16];
            while (total - start <= maxBytes && Read(buffer) > 0)
            {
            }
            return total - start;
        }

        /// <summary>Whether the stream so far ends with tar's end-of-archive marker.</summary>
        public bool EndsWithEndOfArchive => total >= tail.Length && tail.All(b => b == 0);

        public override int Read(Span<byte> buffer)
        {
            var n = Inner.Read(buffer);
            var read = buffer[..n];
            if (n >= tail.Length)
            {
                read[^tail.Length..].CopyTo(tail);
            }
            else if (n > 0)
            {
                tail.AsSpan(n).CopyTo(tail);
                read.CopyTo(tail.AsSpan(tail.Length - n));
            }
            total += n;
            return n;
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
        return kind is null ? null : new SnapshotFile(match.Groups["id"].Value, kind, default, default);
    }

    [GeneratedRegex(@"(?:^|/)cve/(?<area>published|rejected)/\d{4}/(?<id>CVE-\d{4}-\d{4,})\.(?<ext>json|dyad)$", RegexOptions.CultureInvariant)]
    private static partial Regex RecordPath();
}
