using System.Diagnostics.CodeAnalysis;

namespace Vigil.Versions;

/// <summary>
/// A Debian package version ([epoch:]upstream[-revision]) with dpkg's ordering (deb-version(7)).
/// Parsing follows dpkg's parseversion() checks, so anything dpkg calls bad syntax is refused here.
/// </summary>
public sealed class DebianVersion : IComparable<DebianVersion>, IEquatable<DebianVersion>
{
    private DebianVersion(string text, int epoch, string upstream, string revision)
    {
        Text = text;
        Epoch = epoch;
        Upstream = upstream;
        Revision = revision;
    }

    /// <summary>The version as written (leading and trailing white space removed).</summary>
    public string Text { get; }

    public int Epoch { get; }

    public string Upstream { get; }

    /// <summary>The Debian revision; empty when the version has none (dpkg orders that like "0").</summary>
    public string Revision { get; }

    public static DebianVersion Parse(string text) =>
        TryParse(text, out var version, out var error)
            ? version
            : throw new FormatException($"invalid Debian version '{text}': {error}");

    public static bool TryParse(string? text, [NotNullWhen(true)] out DebianVersion? version) =>
        TryParse(text, out version, out _);

    public static bool TryParse(string? text, [NotNullWhen(true)] out DebianVersion? version, [NotNullWhen(false)] out string? error)
    {
        version = null;
        var trimmed = (text ?? "").Trim();
        if (trimmed.Length == 0)
        {
            error = "version string is empty";
            return false;
        }
        if (trimmed.AsSpan().IndexOfAny(" \t\r\n") >= 0)
        {
            error = "version string has embedded spaces";
            return false;
        }

        var epoch = 0;
        var rest = trimmed;
        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            var epochText = trimmed[..colon];
            if (epochText.Length == 0)
            {
                error = "epoch in version is empty";
                return false;
            }
            if (!epochText.All(char.IsAsciiDigit))
            {
                error = "epoch in version is not number";
                return false;
            }
            if (!int.TryParse(epochText, out epoch))
            {
                error = "epoch in version is too big";
                return false;
            }
            rest = trimmed[(colon + 1)..];
            if (rest.Length == 0)
            {
                error = "nothing after colon in version number";
                return false;
            }
        }

        var upstream = rest;
        var revision = "";
        var hyphen = rest.LastIndexOf('-');
        if (hyphen >= 0)
        {
            upstream = rest[..hyphen];
            revision = rest[(hyphen + 1)..];
            if (revision.Length == 0)
            {
                error = "revision number is empty";
                return false;
            }
        }
        if (upstream.Length == 0)
        {
            error = "version number is empty";
            return false;
        }
        if (!char.IsAsciiDigit(upstream[0]))
        {
            error = "version number does not start with digit";
            return false;
        }
        foreach (var c in upstream)
        {
            if (!char.IsAsciiLetterOrDigit(c) && ".-+~:".IndexOf(c, StringComparison.Ordinal) < 0)
            {
                error = $"invalid character '{c}' in version number";
                return false;
            }
        }
        foreach (var c in revision)
        {
            if (!char.IsAsciiLetterOrDigit(c) && ".+~".IndexOf(c, StringComparison.Ordinal) < 0)
            {
                error = $"invalid character '{c}' in revision number";
                return false;
            }
        }

        version = new DebianVersion(trimmed, epoch, upstream, revision);
        error = null;
        return true;
    }

    public int CompareTo(DebianVersion? other)
    {
        if (other is null)
        {
            return 1;
        }
        if (Epoch != other.Epoch)
        {
            return Epoch.CompareTo(other.Epoch);
        }
        var upstream = CompareFragment(Upstream, other.Upstream);
        return upstream != 0 ? upstream : CompareFragment(Revision, other.Revision);
    }

    public bool Equals(DebianVersion? other) => CompareTo(other) == 0;

    public override bool Equals(object? obj) => obj is DebianVersion other && Equals(other);

    /// <summary>Hashes the canonical form, so versions dpkg calls equal ("1.0", "0:1.00-0") hash alike.</summary>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Epoch);
        AddCanonical(ref hash, Upstream);
        hash.Add('-');
        AddCanonical(ref hash, Revision);
        return hash.ToHashCode();
    }

    public override string ToString() => Text;

    public static bool operator ==(DebianVersion? left, DebianVersion? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(DebianVersion? left, DebianVersion? right) => !(left == right);

    public static bool operator <(DebianVersion? left, DebianVersion? right) => Compare(left, right) < 0;

    public static bool operator <=(DebianVersion? left, DebianVersion? right) => Compare(left, right) <= 0;

    public static bool operator >(DebianVersion? left, DebianVersion? right) => Compare(left, right) > 0;

    public static bool operator >=(DebianVersion? left, DebianVersion? right) => Compare(left, right) >= 0;

    private static int Compare(DebianVersion? left, DebianVersion? right) =>
        left is null ? (right is null ? 0 : -1) : left.CompareTo(right);

    /// <summary>dpkg's verrevcmp(): alternating non-digit runs (by <see cref="Weight"/>) and digit runs (numerically).</summary>
    private static int CompareFragment(string a, string b)
    {
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            while ((i < a.Length && !char.IsAsciiDigit(a[i])) || (j < b.Length && !char.IsAsciiDigit(b[j])))
            {
                var wa = i < a.Length && !char.IsAsciiDigit(a[i]) ? Weight(a[i]) : 0;
                var wb = j < b.Length && !char.IsAsciiDigit(b[j]) ? Weight(b[j]) : 0;
                if (wa != wb)
                {
                    return wa - wb;
                }
                i++;
                j++;
            }
            while (i < a.Length && a[i] == '0')
            {
                i++;
            }
            while (j < b.Length && b[j] == '0')
            {
                j++;
            }
            var firstDiff = 0;
            while (i < a.Length && char.IsAsciiDigit(a[i]) && j < b.Length && char.IsAsciiDigit(b[j]))
            {
                if (firstDiff == 0)
                {
                    firstDiff = a[i] - b[j];
                }
                i++;
                j++;
            }
            if (i < a.Length && char.IsAsciiDigit(a[i]))
            {
                return 1;
            }
            if (j < b.Length && char.IsAsciiDigit(b[j]))
            {
                return -1;
            }
            if (firstDiff != 0)
            {
                return firstDiff;
            }
        }
        return 0;
    }

    // '~' sorts before everything, even the end of the string; letters before other symbols.
    private static int Weight(char c) => c switch
    {
        '~' => -1,
        _ when char.IsAsciiDigit(c) => 0,
        _ when char.IsAsciiLetter(c) => c,
        _ => c + 256,
    };

    /// <summary>
    /// Hashes a fragment as dpkg compares it, without building a string (a scan hashes every installed version): each
    /// non-digit run with the digit run after it, leading zeros dropped (none counts as 0), and trailing pairs of an
    /// empty non-digit run and a zero dropped, since "1.0" and "1.0-0" are equal.
    /// </summary>
    private static void AddCanonical(ref HashCode hash, string fragment)
    {
        var zerosPending = 0;
        var i = 0;
        while (i < fragment.Length)
        {
            var start = i;
            while (i < fragment.Length && !char.IsAsciiDigit(fragment[i]))
            {
                i++;
            }
            var letters = fragment.AsSpan(start, i - start);
            while (i < fragment.Length && fragment[i] == '0')
            {
                i++;
            }
            start = i;
            while (i < fragment.Length && char.IsAsciiDigit(fragment[i]))
            {
                i++;
            }
            var digits = fragment.AsSpan(start, i - start);
            if (letters.IsEmpty && digits.IsEmpty)
            {
                zerosPending++; // dropped if nothing but such pairs follows
                continue;
            }
            for (; zerosPending > 0; zerosPending--)
            {
                hash.Add('0');
                hash.Add('|');
            }
            foreach (var c in letters)
            {
                hash.Add(c);
            }
            if (digits.IsEmpty)
            {
                hash.Add('0');
            }
            foreach (var c in digits)
            {
                hash.Add(c);
            }
            hash.Add('|');
        }
    }
}
