namespace Vigil.Vulnerabilities;

/// <summary>
/// How urgent a finding is, on the Debian tracker's scale. <see cref="Unknown"/> means nobody has rated it yet:
/// it is never treated as harmless, so it fails every <c>--fail-on</c> gate.
/// </summary>
public enum Severity
{
    Unimportant,
    Low,
    Medium,
    High,
    Unknown,
}

public static class SeverityExtensions
{
    public static string Label(this Severity severity) => severity switch
    {
        Severity.Unimportant => "unimportant",
        Severity.Low => "low",
        Severity.Medium => "medium",
        Severity.High => "high",
        _ => "unknown",
    };

    /// <summary>True when a finding of this severity must fail a gate set at <paramref name="threshold"/>.</summary>
    public static bool FailsGate(this Severity severity, Severity threshold) =>
        severity == Severity.Unknown || severity >= threshold;

    /// <summary>Rank for "most urgent first" lists: high, then unknown, then medium and below.</summary>
    public static int UrgencyRank(this Severity severity) => severity switch
    {
        Severity.High => 0,
        Severity.Unknown => 1,
        Severity.Medium => 2,
        Severity.Low => 3,
        _ => 4,
    };

    public static bool TryParseLabel(string text, out Severity severity)
    {
        foreach (var candidate in Enum.GetValues<Severity>())
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
