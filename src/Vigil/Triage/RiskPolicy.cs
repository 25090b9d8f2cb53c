using System.Globalization;
using Vigil.Common;
using Vigil.History;
using Vigil.Vulnerabilities;
using YamlDotNet.RepresentationModel;

namespace Vigil.Triage;

public enum RiskCategory
{
    Low,
    Medium,
    High,
}

/// <summary>
/// The team's rules for sorting open findings into low, medium and high risk (the CIP process's categories): CVSS
/// thresholds for kernel CVEs, a mapping of Debian urgencies, one level up for remote scope and for exposed
/// packages or kernel paths, high for known-exploited CVEs (the policy's list or CISA's KEV catalog) and for EPSS
/// scores above a threshold (the policy's file or FIRST's feed).
/// </summary>
public sealed class RiskPolicy
{
    public double CvssHigh { get; private init; } = 7.0;

    public double CvssMedium { get; private init; } = 4.0;

    /// <summary>Category for findings nobody has rated (Debian "not yet assigned", kernel CVEs without CVSS).</summary>
    public RiskCategory Unrated { get; private init; } = RiskCategory.Medium;

    public bool RemoteRaises { get; private init; } = true;

    public IReadOnlySet<string> ExposedPackages { get; private init; } = new HashSet<string>();

    public IReadOnlyList<string> ExposedKernelPaths { get; private init; } = [];

    public IReadOnlySet<string> KnownExploited { get; private init; } = new HashSet<string>();

    public IReadOnlyDictionary<string, double> Epss { get; private init; } = new Dictionary<string, double>();

    /// <summary>The EPSS file the scores came from, if any: it changes daily, apart from the policy.</summary>
    private string? EpssFile { get; init; }

    public double EpssHigh { get; private init; } = 0.1;

    public static RiskPolicy Default { get; } = new();

    /// <summary>The cached KEV catalog and EPSS scores, besides the policy's own lists.</summary>
    public Feeds.Exploits.ExploitSignals Signals { get; private init; } = Feeds.Exploits.ExploitSignals.None;

    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<Feeds.Exploits.ExploitSignals, RiskPolicy> withSignals = [];

    /// <summary>This policy over the feeds' signals: one instance per pair, so what is cached per policy stays cached.</summary>
    public RiskPolicy With(Feeds.Exploits.ExploitSignals signals) => ReferenceEquals(signals, Signals) ? this : withSignals.GetValue(signals, s => new RiskPolicy
    {
        CvssHigh = CvssHigh,
        CvssMedium = CvssMedium,
        Unrated = Unrated,
        RemoteRaises = RemoteRaises,
        ExposedPackages = ExposedPackages,
        ExposedKernelPaths = ExposedKernelPaths,
        KnownExploited = KnownExploited,
        Epss = Epss,
        EpssFile = EpssFile,
        EpssHigh = EpssHigh,
        Signals = s,
    });

    /// <summary>Known exploited by the policy's list or the KEV catalog; the EPSS score from the policy's file, else the feed.</summary>
    public Feeds.Exploits.Exploitation ExploitationOf(string cve)
    {
        var fromFeeds = Signals.Of(cve);
        return new(KnownExploited.Contains(cve) || fromFeeds.KnownExploited, Epss.TryGetValue(cve, out var score) ? score : fromFeeds.Epss);
    }

    public RiskCategory Categorize(ScanFindingRecord finding)
    {
        var exploitation = ExploitationOf(finding.VulnerabilityId);
        if (exploitation.KnownExploited || exploitation.Epss >= EpssHigh)
        {
            return RiskCategory.High;
        }
        var category = finding.Cvss is { } score
            ? score >= CvssHigh ? RiskCategory.High : score >= CvssMedium ? RiskCategory.Medium : RiskCategory.Low
            : finding.Severity switch
            {
                "critical" or "high" => RiskCategory.High,
                "medium" => RiskCategory.Medium,
                "low" or "unimportant" => RiskCategory.Low,
                _ => Unrated,
            };
        var exposed = ExposedPackages.Contains(finding.Component)
            || (finding.ProgramFiles is { } files && files.Split('\n').Any(f => ExposedKernelPaths.Any(p => f.StartsWith(p, StringComparison.Ordinal))));
        if ((RemoteRaises && finding.Scope == "remote") || exposed)
        {
            category = category == RiskCategory.Low ? RiskCategory.Medium : RiskCategory.High;
        }
        return category;
    }

    // A record, not a tuple, as the value: the dictionary's code over a tuple would be compiled at run time.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, StampedPolicy> Loaded = new(StringComparer.Ordinal);

    private sealed record StampedPolicy(string Stamp, RiskPolicy Policy);

    /// <summary>
    /// The policy in a file, read again only when it or its EPSS file changed (time or size): a server ranks
    /// findings once per policy, and a policy read anew on every request would be a new policy every time.
    /// </summary>
    public static RiskPolicy LoadCurrent(string path)
    {
        var full = Path.GetFullPath(path);
        if (Loaded.TryGetValue(full, out var known) && known.Stamp == Stamp(full) + Stamp(known.Policy.EpssFile))
        {
            return known.Policy;
        }
        var policy = Load(path);
        Loaded[full] = new(Stamp(full) + Stamp(policy.EpssFile), policy);
        return policy;
    }

    private static string Stamp(string? file) => file is not null && new FileInfo(file) is { Exists: true } info
        ? $"{info.LastWriteTimeUtc.Ticks}/{info.Length};"
        : "-;";

    /// <summary>Reads a policy file; every error names the file and line.</summary>
    public static RiskPolicy Load(string path)
    {
        if (YamlText.LoadMapping(InputFiles.ReadText(path), path, "policy settings") is not { } root)
        {
            return Default;
        }
        double cvssHigh = 7.0, cvssMedium = 4.0, epssHigh = 0.1;
        var unrated = RiskCategory.Medium;
        var remote = true;
        HashSet<string> packages = [], exploited = [];
        List<string> paths = [];
        Dictionary<string, double> epss = [];
        string? epssFile = null;
        foreach (var (keyNode, value) in root.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value;
            switch (key)
            {
                case "cvss":
                    foreach (var (level, number) in Map(value, path, key))
                    {
                        var threshold = Number(number, path, $"cvss.{level}", 0, 10);
                        _ = level == "high" ? cvssHigh = threshold : level == "medium" ? cvssMedium = threshold : throw Error(path, number, "expected cvss.high or cvss.medium");
                    }
                    break;
                case "unrated":
                    unrated = Category(value, path);
                    break;
                case "remote-raises":
                    remote = Scalar(value, path, key) switch { "true" or "yes" => true, "false" or "no" => false, _ => throw Error(path, value, "expected remote-raises: true or false") };
                    break;
                case "exposed-packages":
                    packages.UnionWith(List(value, path, key));
                    break;
                case "exposed-kernel-paths":
                    paths.AddRange(List(value, path, key));
                    break;
                case "known-exploited":
                    exploited.UnionWith(List(value, path, key));
                    break;
                case "epss":
                    foreach (var (setting, node) in Map(value, path, key))
                    {
                        if (setting == "high")
                        {
                            epssHigh = Number(node, path, "epss.high", 0, 1);
                        }
                        else if (setting == "file")
                        {
                            var file = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, Scalar(node, path, "epss.file"));
                            epss = ReadEpss(file);
                            epssFile = file;
                        }
                        else
                        {
                            throw Error(path, node, "expected epss.file or epss.high");
                        }
                    }
                    break;
                default:
                    throw Error(path, keyNode, $"unknown policy setting '{key}': expected cvss, unrated, remote-raises, exposed-packages, exposed-kernel-paths, known-exploited or epss");
            }
        }
        if (cvssMedium > cvssHigh)
        {
            throw new VigilException($"{path}: cvss.medium ({cvssMedium}) is above cvss.high ({cvssHigh})");
        }
        return new RiskPolicy
        {
            CvssHigh = cvssHigh,
            CvssMedium = cvssMedium,
            Unrated = unrated,
            RemoteRaises = remote,
            ExposedPackages = packages,
            ExposedKernelPaths = paths,
            KnownExploited = exploited,
            Epss = epss,
            EpssFile = epssFile,
            EpssHigh = epssHigh,
        };
    }

    /// <summary>
    /// FIRST's EPSS CSV: '#' comment lines, the header "cve,epss,percentile", then one row per CVE. Read strictly: a file
    /// that is not this (any text without commas read as "no scores") would quietly lower every risk.
    /// </summary>
    private static Dictionary<string, double> ReadEpss(string file)
    {
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        var lineNumber = 0;
        var header = false;
        foreach (var raw in InputFiles.ReadText(file).Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (line.StartsWith('#') || (line.Length == 0 && header))
            {
                continue;
            }
            var cells = line.Split(',');
            if (!header)
            {
                header = cells.Length >= 2 && cells[0].Trim() == "cve" && cells[1].Trim() == "epss"
                    ? true
                    : throw new VigilException($"{file}:{lineNumber}: expected the EPSS header 'cve,epss,percentile' (FIRST's daily CSV)");
                continue;
            }
            if (cells.Length < 2 || !VulnerabilityId.TryParse(cells[0].Trim(), out var id) || !id.IsCve
                || !double.TryParse(cells[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var score) || score is < 0 or > 1)
            {
                throw new VigilException($"{file}:{lineNumber}: expected 'CVE-YYYY-NNNN,score[,percentile]' with a score from 0 to 1");
            }
            scores[id.Text] = score;
        }
        return scores.Count > 0 ? scores : throw new VigilException($"{file}: holds no EPSS scores (expected FIRST's daily CSV: cve,epss,percentile)");
    }

    private static IEnumerable<(string Key, YamlNode Value)> Map(YamlNode node, string path, string field) =>
        node is YamlMappingNode map
            ? map.Children.Select(kv => ((kv.Key as YamlScalarNode)?.Value ?? throw Error(path, kv.Key, $"expected a name under {field}"), kv.Value))
            : throw Error(path, node, $"expected {field} to be a mapping");

    private static IEnumerable<string> List(YamlNode node, string path, string field) =>
        node is YamlSequenceNode list
            ? list.Children.Select(item => Scalar(item, path, field))
            : throw Error(path, node, $"expected {field} to be a list");

    private static string Scalar(YamlNode node, string path, string field) =>
        node is YamlScalarNode { Value: { } value } ? value : throw Error(path, node, $"expected {field} to be a single value");

    private static double Number(YamlNode node, string path, string field, double min, double max) =>
        double.TryParse(Scalar(node, path, field), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw Error(path, node, $"expected {field} to be a number from {min} to {max}");

    private static RiskCategory Category(YamlNode node, string path) => Scalar(node, path, "unrated") switch
    {
        "low" => RiskCategory.Low,
        "medium" => RiskCategory.Medium,
        "high" => RiskCategory.High,
        _ => throw Error(path, node, "expected unrated: low, medium or high"),
    };

    private static VigilException Error(string path, YamlNode node, string message) => new($"{path}:{node.Start.Line}: {message}");
}
