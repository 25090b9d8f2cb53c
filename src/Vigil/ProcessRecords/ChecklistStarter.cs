using System.Text;
using Vigil.Common;

namespace Vigil.ProcessRecords;

/// <summary>
/// Starts a release's checklist (SM-12): every applicable requirement, carried over from the previous release when
/// there is one (status and evidence kept, sign-offs cleared: each release is signed off anew), with what changed.
/// </summary>
public static class ChecklistStarter
{
    public sealed record Started(string Path, int Items, IReadOnlyList<string> Changes);

    /// <summary>A release name as the checklist's file name: letters, digits and . _ + ~ - (as in Debian versions), not starting with a dot.</summary>
    private static string ReleaseName(string release) =>
        release.Length is > 0 and <= 64 && release[0] != '.' && release.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '+' or '~' or '-')
            ? release
            : throw new VigilException($"release '{release}' is not a release name: expected letters, digits and . _ + ~ - (at most 64, not starting with '.')");

    public static Started Write(RecordSet records, string release, string? previous)
    {
        var path = OutputFiles.Inside(records.Folder, Path.Combine("checklists", $"{ReleaseName(release)}.yml"));
        if (File.Exists(path))
        {
            throw new VigilException($"{path} already exists");
        }
        Checklist? from = null;
        if (previous is not null)
        {
            from = records.Checklists.SingleOrDefault(c => c.Release == previous)
                ?? throw new VigilException($"there is no checklist for release {previous} in {Path.Combine(records.Folder, "checklists")}");
        }
        var changes = new List<string>();
        var text = new StringBuilder();
        text.Append($"# Release checklist (SM-12) for {release}. status: met, partially or not-met; evidence: a file (with its\n");
        text.Append("# sha256 at sign-off), a url, or a vigil output (e.g. \"scan 1a2b...\", \"manifest SHA256SUMS\"); reviewer and\n");
        text.Append("# signed-off (YYYY-MM-DD) record the sign-off.\n");
        text.Append($"release: \"{release}\"\n");
        if (previous is not null)
        {
            text.Append($"previous: \"{previous}\"\n");
        }
        text.Append("items:\n");
        var count = 0;
        foreach (var requirement in Catalog.Requirements.Where(r => records.ScopeOf(r) == "applicable"))
        {
            var old = from?.Items.SingleOrDefault(i => i.Requirement == requirement.Id);
            text.Append($"  {requirement.Id}:  # {requirement.Title}\n");
            text.Append($"    status: {old?.Status ?? "not-met"}\n");
            if (old is { Evidence.Count: > 0 })
            {
                text.Append("    evidence:\n");
                foreach (var e in old.Evidence)
                {
                    if (e.File is not null)
                    {
                        var file = Path.Combine(records.Folder, e.File);
                        var now = File.Exists(file) ? Sha256Hex.OfFile(file) : null;
                        if (now is null)
                        {
                            changes.Add($"{requirement.Id}: evidence {e.File} no longer exists");
                        }
                        else if (!string.Equals(now, e.Sha256, StringComparison.OrdinalIgnoreCase))
                        {
                            changes.Add($"{requirement.Id}: evidence {e.File} changed since {previous}");
                        }
                        text.Append($"      - {{ file: \"{e.File}\", sha256: {now ?? e.Sha256 ?? "\"\""} }}\n");
                    }
                    else if (e.Url is not null)
                    {
                        text.Append($"      - {{ url: \"{e.Url}\" }}\n");
                    }
                    else
                    {
                        text.Append($"      - {{ vigil: \"{e.Vigil}\" }}\n");
                    }
                }
            }
            if (from is not null && old is null)
            {
                changes.Add($"{requirement.Id}: new in scope since {previous}");
            }
            count++;
        }
        foreach (var dropped in from?.Items.Where(i => !Catalog.Requirements.Any(r => r.Id == i.Requirement && records.ScopeOf(r) == "applicable")) ?? [])
        {
            changes.Add($"{dropped.Requirement}: no longer applicable, left out");
        }
        OutputFiles.WriteText(path, text.ToString());
        return new Started(path, count, changes);
    }
}
