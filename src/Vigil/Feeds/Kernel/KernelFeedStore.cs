using System.Security.Cryptography;
using System.Text;
using Vigil.Common;
using Vigil.Vulnerabilities;

namespace Vigil.Feeds.Kernel;

/// <summary>
/// The imported kernel CNA data in the data directory: every published record in a compact binary form (what the
/// evaluation needs first, the long descriptions after it), plus the rejected ids, in a <see cref="FeedFile"/>.
/// </summary>
public sealed class KernelFeedStore(DataDirectory dataDirectory)
{
    internal const string Magic = "VIGIL-KERNEL-CNA\n";
    internal const int FormatVersion = 6;

    public string FilePath => Path.Combine(dataDirectory.FeedsPath, "kernel-cna.vdb");

    public bool Exists => File.Exists(FilePath);

    /// <summary>Reads a vulns.git clone or snapshot and, only if every record in it is valid, replaces the stored feed.</summary>
    public FeedMetadata Import(string path, string source, FeedOrigin origin, DateTimeOffset now, IWorkProgress progress, HttpValidators? validators = null,
        CancellationToken cancellation = default)
    {
        dataDirectory.EnsureFeedsDirectory();
        using var records = KernelRecordSpool.Create(FilePath);
        var rejected = new SortedSet<VulnerabilityId>();
        var digests = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        long bytes = 0;
        var newest = DateTimeOffset.MinValue;
        // A record that does not parse is reported once the whole input is read: the last record of a cut-short
        // archive is broken too, and the archive's own error says what happened. Of several, the first by name.
        (string Name, VigilException Error)? invalid = null;
        var gate = new Lock();
        KernelSnapshot.Read(path, progress, file =>
        {
            // Called on several threads at once: the parsing and hashing run outside the lock.
            var name = $"{file.Id}.{file.Kind}";
            var digest = file.Kind == "rejected" ? null : SHA256.HashData(file.Content.Span);
            switch (file.Kind)
            {
                case "json":
                    // Parsed and encoded as it is read: the whole tree's records (130 MB of JSON) are never held at once.
                    try
                    {
                        records.Add(ParseRecord(file));
                    }
                    catch (VigilException e)
                    {
                        lock (gate)
                        {
                            invalid = invalid is { } first && string.CompareOrdinal(first.Name, name) < 0 ? first : (name, e);
                        }
                    }
                    break;
                case "dyad":
                    records.AddDyad(VulnerabilityId.Parse(file.Id), file.Content.Span, PublishedName(file.Id) + ".dyad");
                    break;
            }
            lock (gate)
            {
                newest = file.Modified > newest ? file.Modified : newest;
                if (digest is null)
                {
                    rejected.Add(VulnerabilityId.Parse(file.Id));
                }
                else
                {
                    digests[name] = digest;
                    bytes += file.Content.Length;
                }
            }
        }, cancellation);
        if (invalid is { } broken)
        {
            throw broken.Error;
        }
        records.Finish();
        if (records.Count == 0)
        {
            throw new VigilException($"{path} holds no published kernel CVE records (cve/published/YYYY/CVE-*.json)");
        }

        using var digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (name, hash) in digests)
        {
            digest.AppendData(Encoding.UTF8.GetBytes(name));
            digest.AppendData(hash);
        }

        var written = FeedFile.Write(FilePath, Magic, FormatVersion, writer =>
        {
            KernelFeedFormat.Write(writer, records, rejected);
            return new FeedMetadata
            {
                Kind = Feeds.FeedKind.KernelCna,
                Source = source,
                Origin = origin,
                ImportedAt = now,
                // Records carry no dates of their own in vulns.git; the newest file is the snapshot's age.
                DataAsOf = records.Updated ?? (newest > DateTimeOffset.MinValue ? newest : now),
                ETag = validators?.ETag,
                LastModified = validators?.LastModified,
                Sha256 = Convert.ToHexStringLower(digest.GetHashAndReset()),
                Bytes = bytes,
                SourcePackages = 0,
                Entries = records.Count,
                Rejected = rejected.Count,
                Releases = [],
            };
        }, cancellation);
        Confirmations.Forget();
        return written;
    }

    private static string PublishedName(string id) => $"cve/published/{id[4..8]}/{id}";

    private static ParsedKernelCve ParseRecord(SnapshotFile file)
    {
        var name = PublishedName(file.Id) + ".json";
        var record = KernelCveParser.Parse(file.Content, name, []);
        return record.Record.Id.Text == file.Id ? record : throw new VigilException($"{name}: holds {record.Record.Id}, not {file.Id}");
    }

    /// <summary>When the server last confirmed the stored data (HTTP 304), for the feed's age.</summary>
    public FeedConfirmations Confirmations => new(Path.Combine(dataDirectory.FeedsPath, "kernel-cna.confirmed.json"));

    /// <summary>When the stored data was last known to be current: its own date or a later confirmation of it.</summary>
    public DateTimeOffset FreshAsOf(FeedMetadata metadata) => Confirmations.FreshAsOf(metadata);

    public KernelFeed Open() =>
        Exists
            ? KernelFeed.Open(FilePath)
            : throw new VigilException(ErrorKind.MissingData, ErrorCodes.KernelFeedMissing, $"no kernel CVE feed in {dataDirectory.FeedsPath}");

    public FeedMetadata? ReadMetadata()
    {
        if (!Exists)
        {
            return null;
        }
        var opened = FeedFile.Open(FilePath, Magic, FormatVersion);
        opened.File.Dispose();
        return opened.Metadata;
    }
}
