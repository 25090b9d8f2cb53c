namespace Vigil.Vulnerabilities;

/// <summary>
/// How urgent a finding is: the Debian tracker's urgency, or the CVSS rating of a kernel CVE. <see cref="Unknown"/>
/// means nobody has rated it yet: it is never treated as harmless, so it fails every <c>--fail-on</c> gate.
/// </summary>
public enum Severity
{
    Unimportant,
    Low,
    Medium,
    High,
    Critical,
    Unknown,
}

public static class SeverityExtensions
{
    /// <summary>Every severity's label, most severe first and unknown last: the order of filters and charts.</summary>
    public static readonly IReadOnlyList<string> Labels =
        [.. new[] { Severity.Critical, Severity.High, Severity.Medium, Severity.Low, Severity.Unimportant, Severity.Unknown }.Select(s => s.Label())];

    /// <summary>Every severity in declaration order, the order reports count them in.</summary>
    private static readonly Severity[] All = [Severity.Unimportant, Severity.Low, Severity.Medium, Severity.High, Severity.Critical, Severity.Unknown];

    /// <summary>Every severity's label with a count of zero, in the order reports count them. Callers count in a loop:
    /// LINQ over an enum of ours is compiled at run time, in every scan.</summary>
    public static Dictionary<string, int> ZeroCounts()
    {
        var counts = new Dictionary<string, int>(All.Length);
        foreach (var severity in All)
        {
            counts[severity.Label()] = 0;
        }
        return counts;
    }

    public static string Label(this Severity severity) => severity switch
    {
        Severity.Unimportant => "unimportant",
        Severity.Low => "low",
        Severity.Medium => "medium",
        Severity.High => "high",
        Severity.Critical => "critical",
        _ => "unknown",
    };

    /// <summary>True when a finding of this severity must fail a gate set at <paramref name="threshold"/>.</summary>
    public static bool FailsGate(this Severity severity, Severity threshold) =>
        severity == Severity.Unknown || severity >= threshold;

    /// <summary>Rank for "most urgent first" lists: critical, high, then unknown, then medium and below.</summary>
    public static int UrgencyRank(this Severity severity) => severity switch
    {
        Severity.Critical => 0,
        Severity.High => 1,
        Severity.Unknown => 2,
        Severity.Medium => 3,
        Severity.Low => 4,
        _ => 5,
    };

    /// <summary>CVSS v3/v4 qualitative rating of a base score.</summary>
    public static Severity FromCvss(double baseScore) => baseScore switch
    {
        >= 9.0 => Severity.Critical,
        >= 7.0 => Severity.High,
        >= 4.0 => Severity.Medium,
        > 0.0 => Severity.Low,
        _ => Severity.Unimportant,
    };

    public static bool TryParseLabel(string text, out Severity severity)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Label(), text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                severity = candidate;
                return true;
            }
        }
        severity = Severity.Unknown;
        return false;
    }
}
