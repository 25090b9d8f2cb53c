using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Vigil.Common;

namespace Vigil.Feeds.CipKernelSec;

/// <summary>cip-kernel-sec's issues imported into the data directory (a small JSON file, replaced atomically).</summary>
public sealed class CipKernelSecStore(DataDirectory dataDirectory)
{
    public string FilePath => Path.Combine(dataDirectory.FeedsPath, "cip-kernel-sec.json");

    public bool Exists => File.Exists(FilePath);

    public FeedMetadata Import(string root, DateTimeOffset now, IWorkProgress progress, CancellationToken cancellation = default)
    {
        var fullRoot = Path.GetFullPath(root);
        var issues = CipKernelSecReader.ReadDirectory(fullRoot, progress, cancellation);
        using var digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var newest = DateTimeOffset.MinValue;
        foreach (var file in InputFiles.FilesIn(Path.Combine(fullRoot, "issues"), "*.yml", recursive: false).Order(StringComparer.Ordinal))
        {
            digest.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(file)));
            digest.AppendData(SHA256.HashData(InputFiles.ReadBytes(file, CipKernelSecReader.MaxFileBytes)));
            var modified = new DateTimeOffset(File.GetLastWriteTimeUtc(file), TimeSpan.Zero);
            newest = modified > newest ? modified : newest;
        }
        var metadata = new FeedMetadata
        {
            Kind = Feeds.FeedKind.CipKernelSec,
            Source = fullRoot,
            Origin = FeedOrigin.Import,
            ImportedAt = now,
            DataAsOf = newest > DateTimeOffset.MinValue ? newest : now,
            Sha256 = Convert.ToHexStringLower(digest.GetHashAndReset()),
            Bytes = 0,
            SourcePackages = 0,
            Entries = issues.Count,
            Releases = [],
        };
        dataDirectory.EnsureFeedsDirectory();
        AtomicFile.Write(FilePath, stream => JsonSerializer.Serialize(stream, new CipKernelSecData(metadata, issues), CipKernelSecJson.Default.CipKernelSecData), cancellation: cancellation);
        return metadata;
    }

    public CipKernelSecData Load()
    {
        if (!Exists)
        {
            throw new VigilException(ErrorKind.MissingData, ErrorCodes.CipKernelSecMissing, $"no cip-kernel-sec data in {dataDirectory.FeedsPath}");
        }
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(FilePath), CipKernelSecJson.Default.CipKernelSecData)
                ?? throw new JsonException("empty");
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            throw new VigilException($"the cached cip-kernel-sec data {FilePath} is damaged ({e.Message}); import it again", e);
        }
    }
}
