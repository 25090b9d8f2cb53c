using Vigil.Versions;
using Vigil.Vulnerabilities;

namespace Vigil.Scanning.Debian;

/// <summary>A vulnerability the tracker says affects an installed source package in the scanned release.</summary>
public sealed record DebianFinding(
    VulnerabilityId Id,
    string SourcePackage,
    IReadOnlyList<string> Binaries,
    DebianVersion InstalledVersion,
    DebianVersion? FixedVersion,
    string? Urgency,
    Severity Severity,
    string? Scope,
    string? NoDsa,
    string? NoDsaReason,
    long? DebianBug,
    Common.JsonStringLiteral? Description)
{
    public bool FixAvailable => FixedVersion is not null;

    /// <summary>The Debian Security Tracker's page of an id is this followed by the id.</summary>
    public const string TrackerPage = "https://security-tracker.debian.org/tracker/";

    public string Link => TrackerPage + Id.Text;

    /// <summary>Maps the tracker's urgency onto <see cref="Severity"/>. "not yet assigned", "end-of-life" and anything
    /// unrecognised are <see cref="Severity.Unknown"/>; a trailing "*" (urgency taken from NVD) is ignored.</summary>
    public static Severity SeverityOf(string? urgency) => urgency?.TrimEnd('*') switch
    {
        "unimportant" => Severity.Unimportant,
        "low" => Severity.Low,
        "medium" => Severity.Medium,
        "high" => Severity.High,
        _ => Severity.Unknown,
    };
}
