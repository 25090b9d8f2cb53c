using System.Text.Json;
using System.Text.Json.Serialization;
using LibGit2Sharp;
using Vigil.Common;
using Vigil.Feeds;

namespace Vigil.Integrity;

/// <summary>The optional header written beside a manifest (SHA256SUMS.json): what was released from where, and when.</summary>
public sealed record ManifestHeader(string Algorithm, int Files, long Bytes, DateTimeOffset CreatedAt, string Tool, string? GitCommit, string? GitTag);

/// <summary>What a verification found: files missing, extra or changed, by name, and whether the git commit matched.</summary>
public sealed record VerificationResult(IReadOnlyList<string> Missing, IReadOnlyList<string> Extra, IReadOnlyList<string> Changed, IReadOnlyList<SpecialEntry> Special, int Checked, string? GitProblem)
{
    public bool Holds => Missing.Count == 0 && Extra.Count == 0 && Changed.Count == 0 && Special.Count == 0 && GitProblem is null;
}

/// <summary>Writing and checking a release directory's checksum manifest (SM-6).</summary>
public static class ReleaseManifest
{
    public static ManifestHeader Write(string directory, string manifestPath, ManifestAlgorithm algorithm, string? gitRepository, string? tag, string toolVersion, DateTimeOffset now, IWorkProgress progress)
    {
        var listing = ChecksumManifest.ListFiles(directory, Excluded(directory, manifestPath));
        if (listing.Special.Count > 0)
        {
            throw new VigilException($"{directory} holds {string.Join(", ", listing.Special.Take(5))}{(listing.Special.Count > 5 ? ", ..." : "")}: a release manifest lists regular files only; remove these or put the files themselves in their place");
        }
        var files = listing.Files;
        var total = files.Sum(f => ChecksumManifest.Length(Path.Combine(directory, f)));
        long done = 0;
        var entries = files.Select(f => new ManifestEntry(f, ChecksumManifest.Digest(Path.Combine(directory, f), algorithm, n =>
        {
            done += n;
            progress.Report("Hashing release files", done, total, ProgressUnit.Bytes);
        }))).ToArray();
        var (commit, tagName) = gitRepository is null ? (null, null) : GitCommit(gitRepository, tag);
        var header = new ManifestHeader(algorithm == ManifestAlgorithm.Sha512 ? "sha512" : "sha256", entries.Length, total, now, $"vigil {toolVersion}", commit, tagName);
        AtomicFile.Write(manifestPath, stream => stream.Write(System.Text.Encoding.UTF8.GetBytes(ChecksumManifest.Format(entries))));
        AtomicFile.Write(manifestPath + ".json", stream => JsonSerializer.Serialize(stream, header, ManifestJson.Default.ManifestHeader));
        return header;
    }

    /// <summary>Checks <paramref name="directory"/> against a manifest's text (read from <paramref name="manifestPath"/>, or its signed text when it was clearsigned).</summary>
    public static VerificationResult Verify(string directory, string manifestPath, string manifestText, string? gitRepository, IWorkProgress progress)
    {
        var algorithm = ChecksumManifest.AlgorithmOf(manifestText);
        var entries = ChecksumManifest.Parse(manifestText, manifestPath, algorithm);
        var listing = ChecksumManifest.ListFiles(directory, Excluded(directory, manifestPath));
        var present = listing.Files.ToHashSet(StringComparer.Ordinal);
        var missing = entries.Where(e => !present.Contains(e.Path)).Select(e => e.Path).ToArray();
        var extra = present.Except(entries.Select(e => e.Path)).Order(StringComparer.Ordinal).ToArray();
        var toCheck = entries.Where(e => present.Contains(e.Path)).ToArray();
        var total = toCheck.Sum(e => ChecksumManifest.Length(Path.Combine(directory, e.Path)));
        long done = 0;
        var changed = toCheck.Where(e => ChecksumManifest.Digest(Path.Combine(directory, e.Path), algorithm, n =>
        {
            done += n;
            progress.Report("Checking release files", done, total, ProgressUnit.Bytes);
        }) != e.Digest).Select(e => e.Path).ToArray();

        string? gitProblem = null;
        if (gitRepository is not null)
        {
            var headerPath = manifestPath + ".json";
            ManifestHeader? header;
            try
            {
                header = File.Exists(headerPath) ? JsonSerializer.Deserialize(InputFiles.ReadText(headerPath), ManifestJson.Default.ManifestHeader) : null;
            }
            catch (JsonException e)
            {
                throw new VigilException($"{headerPath}: not a Vigil manifest header ({e.Message.Split(" Path:")[0]})", e);
            }
            if (header?.GitCommit is not { } recorded)
            {
                gitProblem = $"{headerPath} records no git commit to compare with";
            }
            else
            {
                var (actual, _) = GitCommit(gitRepository, header.GitTag);
                gitProblem = actual == recorded ? null : $"the manifest records commit {recorded}{(header.GitTag is null ? "" : $" ({header.GitTag})")}, but {gitRepository} has {actual}";
            }
        }
        return new VerificationResult(missing, extra, changed, listing.Special, toCheck.Length, gitProblem);
    }

    /// <summary>The manifest, its header and signatures beside it are not part of what they describe.</summary>
    private static HashSet<string> Excluded(string directory, string manifestPath)
    {
        var relative = Path.GetRelativePath(directory, Path.GetFullPath(manifestPath)).Replace(Path.DirectorySeparatorChar, '/');
        return [relative, relative + ".json", relative + ".asc", relative + ".sig"];
    }

    /// <summary>The commit of a tag (when given) or of HEAD.</summary>
    private static (string Commit, string? Tag) GitCommit(string repositoryPath, string? tag)
    {
        using var repository = GitRepositories.Open(repositoryPath);
        var target = tag is null ? repository.Head.Tip : repository.Tags[tag]?.PeeledTarget as Commit;
        return target is null
            ? throw new VigilException(tag is null ? $"{repositoryPath} has no commits" : $"tag '{tag}' is not in {repositoryPath}")
            : (target.Sha, tag);
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(ManifestHeader))]
internal sealed partial class ManifestJson : JsonSerializerContext;
