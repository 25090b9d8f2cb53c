using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using LibGit2Sharp;
using Vigil.Common;
using Vigil.Feeds;
using Vigil.Feeds.Kernel;
using Vigil.Vulnerabilities;

namespace Vigil.Scanning.Kernel;

/// <summary>
/// Question 2: is the fix in my tree? The commits of a kernel git tree from its branch point (v6.1) to a ref, and
/// the upstream commits they say they are backports of ("commit X upstream.", "[ Upstream commit X ]",
/// "(cherry picked from commit X)"). A CVE counts as fixed when one of its fix commits is among them, either way.
/// This is how SLTS branches past stable end-of-life must be judged: their version number stops moving.
/// </summary>
public sealed partial class KernelTreeFixes : IKernelFindingFilter
{
    private readonly Dictionary<string, string[]> citationsByCommit;
    private readonly Dictionary<string, string> backportOf;
    private readonly Func<VulnerabilityId, IEnumerable<string>> fixCommits;

    private KernelTreeFixes(string description, Dictionary<string, string[]> citationsByCommit, int walked, int fromCache, Func<VulnerabilityId, IEnumerable<string>> fixCommits)
    {
        Description = description;
        this.citationsByCommit = citationsByCommit;
        this.fixCommits = fixCommits;
        CommitsWalked = walked;
        CommitsFromCache = fromCache;
        backportOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (commit, cited) in citationsByCommit)
        {
            foreach (var upstream in cited)
            {
                backportOf.TryAdd(upstream, commit);
            }
        }
    }

    /// <summary>"DIR at REF (sha)", for reports.</summary>
    public string Description { get; }

    public int CommitsWalked { get; }

    public int CommitsFromCache { get; }

    public int Commits => citationsByCommit.Count;

    public int Backports => backportOf.Count;

    /// <summary>Walks REF back to the branch point, reusing what an earlier run learned about the same range.</summary>
    /// <param name="fixCommits">The commits that fix a CVE: the CNA record's, and any other source's (cip-kernel-sec).</param>
    public static KernelTreeFixes Load(string repositoryPath, string reference, string branchPoint, DataDirectory cache,
        IWorkProgress progress, Func<VulnerabilityId, IEnumerable<string>> fixCommits)
    {
        using (var repository = GitRepositories.Open(repositoryPath))
        {
            var tip = Resolve(repository, reference, repositoryPath, "ref");
            var start = Resolve(repository, branchPoint, repositoryPath, "branch point");
            var cacheFile = Path.Combine(cache.Path, "git-cache", CacheName(repository, start.Sha));
            var cached = ReadCache(cacheFile, start.Sha);
            var commits = new Dictionary<string, string[]>(StringComparer.Ordinal);
            var excluded = new List<Commit> { start };
            if (cached is not null && repository.Lookup<Commit>(cached.Tip) is { } cachedTip
                && repository.ObjectDatabase.FindMergeBase(cachedTip, tip)?.Sha == cachedTip.Sha)
            {
                // The tree moved forward since the last run: only the new commits need reading.
                foreach (var (sha, cited) in cached.Commits)
                {
                    commits[sha] = cited;
                }
                excluded.Add(cachedTip);
            }
            var fromCache = commits.Count;
            var walked = 0;
            var filter = new CommitFilter { IncludeReachableFrom = tip, ExcludeReachableFrom = excluded, SortBy = CommitSortStrategies.Topological };
            foreach (var commit in repository.Commits.QueryBy(filter))
            {
                commits[commit.Sha] = [.. Citation().Matches(commit.Message).Select(m => m.Groups["sha"].Value.ToLowerInvariant()).Distinct()];
                if (++walked % 5000 == 0)
                {
                    progress.Report("Reading kernel tree history", walked, null, ProgressUnit.Items);
                }
            }
            WriteCache(cacheFile, new TreeCache(repository.Info.WorkingDirectory ?? repository.Info.Path, start.Sha, tip.Sha, commits));
            return new KernelTreeFixes($"{repositoryPath} at {reference} ({tip.Sha[..12]})", commits, walked, fromCache, fixCommits);
        }
    }

    public (KernelStatus Status, string Reason)? Refine(VulnerabilityId id, KernelCveDetails details, KernelVerdict verdict)
    {
        if (verdict.Status is not (KernelStatus.Affected or KernelStatus.NeedsReview))
        {
            return null;
        }
        foreach (var fix in fixCommits(id))
        {
            var sha = fix.ToLowerInvariant();
            if (citationsByCommit.ContainsKey(sha))
            {
                return (KernelStatus.Fixed, $"fix {sha[..12]} is in the tree");
            }
            if (backportOf.TryGetValue(sha, out var local))
            {
                return (KernelStatus.Fixed, $"backport {local[..12]} of fix {sha[..12]} is in the tree");
            }
        }
        return null;
    }

    private static Commit Resolve(Repository repository, string revision, string path, string what)
    {
        try
        {
            return repository.Lookup(revision)?.Peel<Commit>() is { } commit
                ? commit
                : what == "branch point"
                    ? throw new VigilException(ErrorKind.NotFound, ErrorCodes.BranchPointUnknown, $"branch point '{revision}' is not in {path}")
                    : throw new VigilException(ErrorKind.NotFound, ErrorCodes.InvalidInput, $"{what} '{revision}' is not in {path}");
        }
        catch (LibGit2SharpException e)
        {
            throw new VigilException($"{what} '{revision}' cannot be read in {path}: {e.Message}", e);
        }
    }

    private static string CacheName(Repository repository, string start)
    {
        return Sha256Hex.OfLines([repository.Info.Path, start])[..32] + ".json";
    }

    private static TreeCache? ReadCache(string path, string start)
    {
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }
            var cache = JsonSerializer.Deserialize(File.ReadAllBytes(path), TreeCacheJson.Default.TreeCache);
            return cache?.Start == start && cache.Commits is not null ? cache : null;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            // A damaged cache only costs a full walk.
            return null;
        }
    }

    private static void WriteCache(string path, TreeCache cache)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, cache, TreeCacheJson.Default.TreeCache), durable: false);
    }

    [GeneratedRegex(@"(?:commit (?<sha>[0-9a-f]{40}) upstream|upstream commit (?<sha>[0-9a-f]{40})|cherry picked from commit (?<sha>[0-9a-f]{40}))",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Citation();
}

/// <summary>What one walk learned: every commit from the branch point to the tip, with the upstream commits each cites.</summary>
public sealed record TreeCache(string Repository, string Start, string Tip, Dictionary<string, string[]> Commits);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(TreeCache))]
internal sealed partial class TreeCacheJson : JsonSerializerContext;
