using System.Text;
using Vigil.Common;

namespace Vigil.Audit;

/// <summary>
/// One change, appended in the transaction that makes it: who (<see cref="Actor"/>), from where, what, and the record
/// before and after as JSON. Entries are chained: each holds the previous entry's hash and its own, so an altered,
/// removed or inserted entry breaks the chain at that point.
/// </summary>
public sealed class AuditEntry
{
    /// <summary>1, 2, 3, ... with no gaps; the chain's order.</summary>
    public required long Sequence { get; init; }

    public required DateTimeOffset At { get; init; }

    /// <summary>"user:alice" for a person the server authenticated, "cli:alice@host" for the command line's account.</summary>
    public required string Actor { get; init; }

    /// <summary>Where the change came from: the client address for the server, "cli" for the command line.</summary>
    public required string Origin { get; init; }

    /// <summary>What was done, e.g. "triage.decide", "scan.record", "user.add".</summary>
    public required string Action { get; init; }

    /// <summary>What it was done to, e.g. "gateway/2026.1" or "CVE-2024-26581 in linux (gateway)".</summary>
    public required string Subject { get; init; }

    public string? Before { get; init; }

    public string? After { get; init; }

    /// <summary>The previous entry's <see cref="Hash"/>; 64 zeros for the first.</summary>
    public required string PreviousHash { get; init; }

    public required string Hash { get; init; }

    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>
    /// The entry's hash: SHA-256 over every field, each written as its length and its text, so no two different
    /// entries can be written the same way.
    /// </summary>
    public static string HashOf(long sequence, DateTimeOffset at, string actor, string origin, string action, string subject, string? before, string? after, string previousHash)
    {
        var text = new StringBuilder();
        foreach (var field in new[] { sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), at.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                     actor, origin, action, subject, before ?? "\u0000", after ?? "\u0000", previousHash })
        {
            text.Append(field.Length).Append(':').Append(field).Append(';');
        }
        return Sha256Hex.Of(text.ToString());
    }

    public string ComputedHash() => HashOf(Sequence, At, Actor, Origin, Action, Subject, Before, After, PreviousHash);
}

/// <summary>A change to be audited, before it has its place in the chain.</summary>
public sealed record AuditEvent(string Action, string Subject, string? Before, string? After);

/// <summary>Who makes the changes of one unit of work (a command run, a request), and from where.</summary>
public sealed record Actor(string Name, string Origin)
{
    /// <summary>The account running the command line on this machine.</summary>
    public static Actor CommandLine(string account) => new($"cli:{account}@{Environment.MachineName}", "cli");
}
