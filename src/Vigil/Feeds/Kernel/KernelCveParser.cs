using System.Text.Json;
using Vigil.Common;
using Vigil.Vulnerabilities;

namespace Vigil.Feeds.Kernel;

/// <summary>
/// Reads one CVE JSON 5 record as the kernel CNA publishes it (vulns.git cve/published/YYYY/CVE-*.json) and its
/// .dyad companion. Errors name the file and what was expected.
/// </summary>
public static class KernelCveParser
{
    public const int MaxRecordBytes = 8 << 20;

    /// <param name="json">Read in place, not copied: an import parses 130 MB of records.</param>
    public static ParsedKernelCve Parse(ReadOnlyMemory<byte> json, string fileName, IReadOnlyList<DyadPair> dyad)
    {
        if (json.Length > MaxRecordBytes)
        {
            throw new VigilException($"{fileName}: a CVE record of {json.Length} bytes is larger than any real one ({MaxRecordBytes >> 20} MiB); not a CVE record");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            throw new VigilException($"{fileName}: line {e.LineNumber + 1}: invalid JSON", e);
        }
        using (document)
        {
            try
            {
                return Read(document.RootElement, fileName, dyad);
            }
            catch (InvalidOperationException e)
            {
                throw new VigilException($"{fileName}: a field has an unexpected JSON type", e);
            }
        }
    }

    private static ParsedKernelCve Read(JsonElement root, string fileName, IReadOnlyList<DyadPair> dyad)
    {
        VigilException Error(string message) => new($"{fileName}: {message}");
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("cveMetadata", out var metadata) || metadata.ValueKind != JsonValueKind.Object
            || !metadata.TryGetProperty("cveId", out var idElement) || idElement.ValueKind != JsonValueKind.String)
        {
            throw Error("expected a CVE JSON 5 record with cveMetadata.cveId");
        }
        if (!VulnerabilityId.TryParse(idElement.GetString(), out var id) || !id.IsCve)
        {
            throw Error($"expected cveMetadata.cveId to be CVE-YYYY-NNNN, found '{idElement.GetString()}'");
        }
        if (!root.TryGetProperty("containers", out var containers) || containers.ValueKind != JsonValueKind.Object
            || !containers.TryGetProperty("cna", out var cna) || cna.ValueKind != JsonValueKind.Object)
        {
            throw Error($"{id}: expected containers.cna");
        }

        var description = "";
        if (cna.TryGetProperty("descriptions", out var descriptions) && descriptions.ValueKind == JsonValueKind.Array)
        {
            foreach (var d in descriptions.EnumerateArray())
            {
                if (d.ValueKind == JsonValueKind.Object && d.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String)
                {
                    description = value.GetString()!;
                    if (d.TryGetProperty("lang", out var lang) && lang.ValueKind == JsonValueKind.String && lang.GetString() == "en")
                    {
                        break;
                    }
                }
            }
        }
        var title = cna.TryGetProperty("title", out var titleElement) && titleElement.ValueKind == JsonValueKind.String
            ? titleElement.GetString()!
            : TitleFrom(description);

        CvssScore? cvss = null;
        if (cna.TryGetProperty("metrics", out var metrics) && metrics.ValueKind == JsonValueKind.Array)
        {
            foreach (var metric in metrics.EnumerateArray())
            {
                foreach (var key in new[] { "cvssV4_0", "cvssV3_1", "cvssV3_0" })
                {
                    if (cvss is null && metric.ValueKind == JsonValueKind.Object && metric.TryGetProperty(key, out var score)
                        && score.TryGetProperty("baseScore", out var baseScore) && baseScore.TryGetDouble(out var value)
                        && score.TryGetProperty("vectorString", out var vector) && vector.ValueKind == JsonValueKind.String)
                    {
                        if (value is < 0 or > 10)
                        {
                            throw Error($"{id}: CVSS base score {value} is outside 0..10");
                        }
                        cvss = new CvssScore(score.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : key, value, vector.GetString()!);
                    }
                }
            }
        }

        var files = new SortedSet<string>(StringComparer.Ordinal);
        var blocks = new List<AffectedBlock>();
        // What decides a verdict is read strictly: a field of the wrong type is an error naming the file, never a
        // field silently skipped, which would make the CVE vanish from every scan.
        if (!cna.TryGetProperty("affected", out var affected))
        {
            throw Error($"{id}: expected containers.cna.affected, the list of affected products");
        }
        foreach (var block in List(affected, "containers.cna.affected", id, Error))
        {
            if (block.ValueKind != JsonValueKind.Object)
            {
                throw Error($"{id}: expected each affected entry to be an object, found {Kind(block)}");
            }
            if (block.TryGetProperty("programFiles", out var programFiles))
            {
                foreach (var file in List(programFiles, "affected[].programFiles", id, Error))
                {
                    files.Add(file.ValueKind == JsonValueKind.String ? file.GetString()! : throw Error($"{id}: expected affected[].programFiles to list file names, found {Kind(file)}"));
                }
            }
            var defaultStatus = block.TryGetProperty("defaultStatus", out var ds) ? Status(ds, id, Error) : AffectedStatus.Unknown;
            var ranges = new List<VersionRange>();
            if (block.TryGetProperty("versions", out var versions))
            {
                foreach (var v in List(versions, "affected[].versions", id, Error))
                {
                    ranges.Add(Range(v, id, Error));
                }
            }
            blocks.Add(new AffectedBlock(defaultStatus, ranges));
        }
        DateTimeOffset? updated = null;
        foreach (var name in new[] { "dateUpdated", "datePublished" })
        {
            if (updated is null && metadata.TryGetProperty(name, out var date) && date.ValueKind == JsonValueKind.String
                && DateTimeOffset.TryParse(date.GetString(), System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed))
            {
                updated = parsed;
            }
        }
        return new ParsedKernelCve(new KernelCveRecord(id, title, cvss, [.. files], blocks, dyad), description, updated);
    }

    private static JsonElement.ArrayEnumerator List(JsonElement element, string name, VulnerabilityId id, Func<string, VigilException> error) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray() : throw error($"{id}: expected {name} to be a list, found {Kind(element)}");

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static VersionRange Range(JsonElement v, VulnerabilityId id, Func<string, VigilException> error)
    {
        string? Text(string name)
        {
            if (!v.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
            {
                return null;
            }
            return element.ValueKind == JsonValueKind.String
                ? element.GetString()
                : throw error($"{id}: expected versions[].{name} to be a string");
        }
        if (v.ValueKind != JsonValueKind.Object)
        {
            throw error($"{id}: expected each versions entry to be an object");
        }
        var version = Text("version") ?? throw error($"{id}: a versions entry has no version");
        var type = Text("versionType") switch
        {
            null => RangeType.None,
            "git" => RangeType.Git,
            "semver" => RangeType.Semver,
            "original_commit_for_fix" => RangeType.OriginalCommitForFix,
            _ => RangeType.Other,
        };
        var status = v.TryGetProperty("status", out var s) ? Status(s, id, error) : throw error($"{id}: versions entry {version} has no status");
        return new VersionRange(version, Text("lessThan"), Text("lessThanOrEqual"), status, type);
    }

    private static AffectedStatus Status(JsonElement element, VulnerabilityId id, Func<string, VigilException> error) =>
        element.ValueKind != JsonValueKind.String ? throw error($"{id}: expected a status string")
        : element.GetString() switch
        {
            "affected" => AffectedStatus.Affected,
            "unaffected" => AffectedStatus.Unaffected,
            "unknown" => AffectedStatus.Unknown,
            var other => throw error($"{id}: expected status affected, unaffected or unknown, found '{other}'"),
        };

    /// <summary>The kernel CNA's descriptions start "In the Linux kernel, the following vulnerability has been
    /// resolved:" and then the commit subject; that subject is the useful title.</summary>
    public static string TitleFrom(string description)
    {
        const string preamble = "In the Linux kernel, the following vulnerability has been resolved:";
        var text = description.StartsWith(preamble, StringComparison.Ordinal) ? description[preamble.Length..] : description;
        var line = text.TrimStart().Split('\n', 2)[0].Trim();
        return line.Length <= 160 ? line : line[..157] + "...";
    }

    /// <summary>Reads a .dyad file: '#' comments and lines "introducedVersion:commit:fixedVersion:commit".</summary>
    public static IReadOnlyList<DyadPair> ParseDyad(string text, string fileName)
    {
        var pairs = new List<DyadPair>();
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            var parts = line.Split(':');
            if (parts.Length != 4 || !IsVersionOrZero(parts[0]) || !IsCommitOrZero(parts[1]) || !IsVersionOrZero(parts[2]) || !IsCommitOrZero(parts[3]))
            {
                throw new VigilException($"{fileName}:{lineNumber}: expected 'introducedVersion:commit:fixedVersion:commit' (0 for none), got '{(line.Length <= 60 ? line : line[..57] + "...")}'");
            }
            pairs.Add(new DyadPair(parts[0], parts[1], parts[2], parts[3]));
        }
        return pairs;
    }

    private static bool IsVersionOrZero(string text) => text == "0" || Versions.KernelVersion.TryParse(text, out _);

    private static bool IsCommitOrZero(string text) => text == "0" || (text.Length is >= 7 and <= 40 && text.All(char.IsAsciiHexDigitLower));
}
