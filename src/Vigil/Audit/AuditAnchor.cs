using System.Globalization;
using Vigil.Common;

namespace Vigil.Audit;

/// <summary>
/// The chain's head as it was at a moment, kept outside the database (a line in an anchors file, "SEQUENCE:HASH
/// TIME"): a later walk that no longer reaches it shows the log was cut short, which the chain alone cannot.
/// </summary>
public sealed record AuditAnchor(long Sequence, string Hash, DateTimeOffset? At)
{
    public string Line => $"{Sequence}:{Hash} {At?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}".TrimEnd();

    /// <summary>"SEQUENCE:HASH", optionally followed by a space and when it was taken; refused naming <paramref name="where"/>.</summary>
    public static AuditAnchor Parse(string text, string where)
    {
        var parts = text.Trim().Split(' ', 2);
        var colon = parts[0].IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !long.TryParse(parts[0][..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) || sequence <= 0
            || parts[0].Length - colon - 1 != 64 || !parts[0][(colon + 1)..].All(char.IsAsciiHexDigitLower))
        {
            throw new VigilException($"{where}: expected SEQUENCE:HASH (a number, a colon and 64 lower-case hex digits), e.g. 42:{new string('0', 64)}");
        }
        DateTimeOffset? at = parts.Length > 1 && DateTimeOffset.TryParse(parts[1], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;
        if (parts.Length > 1 && at is null)
        {
            throw new VigilException($"{where}: expected a time after the anchor, e.g. 2026-11-26T00:30:00Z");
        }
        return new AuditAnchor(sequence, parts[0][(colon + 1)..], at);
    }

    /// <summary>Every anchor in an anchors file (blank lines and # comments skipped); each error names the file and line.</summary>
    public static IReadOnlyList<AuditAnchor> ReadFile(string path)
    {
        var anchors = new List<AuditAnchor>();
        var lines = InputFiles.ReadText(path, 16 << 20).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() is { Length: > 0 } line && line[0] != '#')
            {
                anchors.Add(Parse(line, $"{path}:{i + 1}"));
            }
        }
        return anchors;
    }
}
