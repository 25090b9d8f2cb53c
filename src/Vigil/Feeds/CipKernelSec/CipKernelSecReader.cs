using System.Text.RegularExpressions;
using Vigil.Common;
using YamlDotNet.RepresentationModel;

namespace Vigil.Feeds.CipKernelSec;

/// <summary>Reads cip-kernel-sec's issue files; a file that is not what cip-kernel-sec writes is an error naming file and line.</summary>
public static partial class CipKernelSecReader
{
    public const int MaxFileBytes = 1 << 20;

    public static IReadOnlyList<CipKernelSecIssue> ReadDirectory(string root, IWorkProgress progress, CancellationToken cancellation = default)
    {
        var issuesDirectory = Path.Combine(root, "issues");
        if (!Directory.Exists(issuesDirectory))
        {
            throw new VigilException($"{root} is not a cip-kernel-sec checkout: {issuesDirectory} does not exist");
        }
        var files = InputFiles.FilesIn(issuesDirectory, "*.yml", recursive: false).Order(StringComparer.Ordinal).ToArray();
        var issues = new List<CipKernelSecIssue>(files.Length);
        for (var i = 0; i < files.Length; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            var id = Path.GetFileNameWithoutExtension(files[i]);
            if (!IssueName().IsMatch(id))
            {
                continue;
            }
            issues.Add(Parse(InputFiles.ReadText(files[i], MaxFileBytes), Path.GetRelativePath(root, files[i]), id));
            if (i % 500 == 0)
            {
                progress.Report("Importing cip-kernel-sec issues", i, files.Length, ProgressUnit.Items);
            }
        }
        return issues;
    }

    public static CipKernelSecIssue Parse(string yaml, string fileName, string id)
    {
        if (YamlText.LoadMapping(yaml, fileName, "issue fields") is not { } root)
        {
            return new CipKernelSecIssue(id, new Dictionary<string, string[]>(), new Dictionary<string, string>());
        }
        var fixedBy = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var ignore = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in root.Children)
        {
            switch ((key as YamlScalarNode)?.Value)
            {
                case "fixed-by":
                    foreach (var (branch, commits) in Mapping(value, fileName, "fixed-by"))
                    {
                        fixedBy[branch] = commits is YamlSequenceNode list
                            ? [.. list.Children.Select(c => c is YamlScalarNode s && s.Value is { } v
                                ? v
                                : throw new VigilException($"{fileName}:{c.Start.Line}: expected fixed-by.{branch} to list commit ids"))]
                            : throw new VigilException($"{fileName}:{commits.Start.Line}: expected fixed-by.{branch} to be a list of commit ids");
                    }
                    break;
                case "ignore":
                    foreach (var (branch, reason) in Mapping(value, fileName, "ignore"))
                    {
                        ignore[branch] = reason is YamlScalarNode s
                            ? s.Value ?? ""
                            : throw new VigilException($"{fileName}:{reason.Start.Line}: expected ignore.{branch} to be a reason");
                    }
                    break;
            }
        }
        return new CipKernelSecIssue(id, fixedBy, ignore);
    }

    private static IEnumerable<(string Branch, YamlNode Value)> Mapping(YamlNode node, string fileName, string field)
    {
        if (node is not YamlMappingNode mapping)
        {
            throw new VigilException($"{fileName}:{node.Start.Line}: expected {field} to map branch names to values");
        }
        foreach (var (key, value) in mapping.Children)
        {
            yield return key is YamlScalarNode { Value: { Length: > 0 } name }
                ? (name, value)
                : throw new VigilException($"{fileName}:{key.Start.Line}: expected a branch name under {field}");
        }
    }

    [GeneratedRegex(@"^CVE-\d{4}-\d{4,}$", RegexOptions.CultureInvariant)]
    private static partial Regex IssueName();
}
