using System.Diagnostics.CodeAnalysis;

namespace Vigil.Versions;

/// <summary>
/// A Linux kernel release number: mainline (6.1, 2.6.24), stable (6.1.119, 2.6.24.5) or a release candidate
/// (6.10-rc3, which sorts before 6.10). Parsing accepts what people paste: uname -r (6.1.119-cip33-rt20),
/// tags (v4.19.325-cip115); the part after the number is kept as <see cref="LocalVersion"/> and ignored in ordering.
/// </summary>
public readonly struct KernelVersion : IComparable<KernelVersion>, IEquatable<KernelVersion>
{
    // One ulong, most significant first: major 8 bits, minor 8, third number 16, fourth 16, release candidate 8
    // (255 for a final release), then 3 bits of how many numbers were written. Ordering is one integer compare,
    // and the 14,626 records' few hundred thousand versions cost no allocations.
    private const int Final = 255;
    private readonly ulong packed;
    private readonly string? localVersion;

    private KernelVersion(int a, int b, int c, int d, int componentCount, int releaseCandidate, string localVersion)
    {
        packed = ((ulong)a << 56) | ((ulong)b << 48) | ((ulong)c << 32) | ((ulong)d << 16) | ((ulong)releaseCandidate << 8) | (uint)componentCount;
        this.localVersion = localVersion.Length == 0 ? null : localVersion;
    }

    private KernelVersion(ulong packed)
    {
        this.packed = packed;
        localVersion = null;
    }

    /// <summary>The release number as one integer, never 0 (the local version is not kept): 8 bytes where a struct holds many.</summary>
    internal ulong Packed => packed;

    internal static KernelVersion FromPacked(ulong packed) => new(packed);

    /// <summary>The oldest possible version ("0" in CVE records: since the beginning of history).</summary>
    public static KernelVersion Zero { get; } = new(0, 0, 0, 0, 1, Final, "");

    public int Major => (int)(packed >> 56);

    public int Minor => (int)((packed >> 48) & 0xFF);

    private int Third => (int)((packed >> 32) & 0xFFFF);

    private int Fourth => (int)((packed >> 16) & 0xFFFF);

    private int ReleaseCandidate => (int)((packed >> 8) & 0xFF);

    /// <summary>How many numbers were written: 1 ("0"), 2 (6.1), 3 (6.1.119 or 2.6.24), 4 (2.6.24.5).</summary>
    public int ComponentCount => (int)(packed & 0x7);

    /// <summary>What followed the number, e.g. "-cip33-rt20"; not part of the ordering.</summary>
    public string LocalVersion => localVersion ?? "";

    public bool IsReleaseCandidate => ReleaseCandidate != Final;

    /// <summary>Numbers a mainline release has: 2 from 3.0 on, 3 in the 2.6 era (2.6.24).</summary>
    private int MainlineLength => Major == 2 && Minor == 6 ? 3 : 2;

    /// <summary>A mainline release (6.1, 2.6.24) or release candidate, as opposed to a stable update (6.1.119).</summary>
    public bool IsMainline => ComponentCount <= MainlineLength;

    /// <summary>The mainline release this version's stable branch started from: 6.1 for 6.1.119, 2.6.24 for 2.6.24.5.</summary>
    public KernelVersion Branch => ComponentCount <= MainlineLength && !IsReleaseCandidate
        ? new KernelVersion(packed)
        : MainlineLength == 3 ? new(Major, Minor, Third, 0, 3, Final, "") : new(Major, Minor, 0, 0, 2, Final, "");

    public bool IsInBranch(KernelVersion branch) =>
        !IsReleaseCandidate && Branch.Equals(branch);

    public static KernelVersion Parse(string text) =>
        TryParse(text, out var version)
            ? version
            : throw new FormatException($"invalid kernel version '{text}': expected a release number such as 6.1.119, 6.1.119-cip33 or v4.19.325-cip115");

    /// <summary>Parses by hand, not by regex: loading the kernel feed parses a few hundred thousand of these.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out KernelVersion version)
    {
        version = default;
        if (text is null)
        {
            return false;
        }
        var span = text.AsSpan().Trim();
        if (span.Length > 0 && span[0] == 'v')
        {
            span = span[1..];
        }
        Span<int> values = stackalloc int[4];
        var count = 0;
        var i = 0;
        while (true)
        {
            var start = i;
            long value = 0;
            while (i < span.Length && char.IsAsciiDigit(span[i]) && i - start < 9)
            {
                value = (value * 10) + (span[i] - '0');
                i++;
            }
            if (i == start || (i < span.Length && char.IsAsciiDigit(span[i])) || count == 4)
            {
                return false;
            }
            if (value > (count < 2 ? 255 : 65535))
            {
                return false;
            }
            values[count++] = (int)value;
            if (i < span.Length && span[i] == '.' && i + 1 < span.Length && char.IsAsciiDigit(span[i + 1]))
            {
                i++;
                continue;
            }
            break;
        }
        var rc = Final;
        var rest = span[i..];
        if (rest.StartsWith("-rc", StringComparison.Ordinal) && rest.Length > 3 && char.IsAsciiDigit(rest[3]))
        {
            var j = 3;
            rc = 0;
            while (j < rest.Length && char.IsAsciiDigit(rest[j]) && j < 6)
            {
                rc = (rc * 10) + (rest[j] - '0');
                j++;
            }
            if (rc >= Final)
            {
                return false;
            }
            rest = rest[j..];
        }
        if (rest.Length > 0 && rest[0] is not ('-' or '+' or '_' or '~'))
        {
            return false;
        }
        version = new KernelVersion(values[0], values[1], values[2], values[3], count, rc, rest.ToString());
        return true;
    }

    public int CompareTo(KernelVersion other) => (packed >> 8).CompareTo(other.packed >> 8);

    /// <summary>Equal release numbers (6.1 and 6.1.0 are the same release); the local version is ignored.</summary>
    public bool Equals(KernelVersion other) => packed >> 8 == other.packed >> 8;

    public override bool Equals(object? obj) => obj is KernelVersion other && Equals(other);

    public override int GetHashCode() => (packed >> 8).GetHashCode();

    /// <summary>The release number without the local version: "6.1.119", "6.10-rc3".</summary>
    public string Number
    {
        get
        {
            var text = ComponentCount switch
            {
                1 => $"{Major}",
                2 => $"{Major}.{Minor}",
                3 => $"{Major}.{Minor}.{Third}",
                _ => $"{Major}.{Minor}.{Third}.{Fourth}",
            };
            return IsReleaseCandidate ? $"{text}-rc{ReleaseCandidate}" : text;
        }
    }

    public override string ToString() => Number + LocalVersion;

    /// <summary>Stores the release number (not the local version) for <see cref="Read"/>.</summary>
    public void Write(BinaryWriter writer) => writer.Write(packed);

    public static KernelVersion Read(ref Common.SpanReader reader)
    {
        var version = new KernelVersion(reader.ReadUInt64());
        return version.ComponentCount is >= 1 and <= 4 ? version : throw new FormatException("a stored kernel version is impossible");
    }

    public static bool operator ==(KernelVersion left, KernelVersion right) => left.Equals(right);

    public static bool operator !=(KernelVersion left, KernelVersion right) => !left.Equals(right);

    public static bool operator <(KernelVersion left, KernelVersion right) => left.CompareTo(right) < 0;

    public static bool operator <=(KernelVersion left, KernelVersion right) => left.CompareTo(right) <= 0;

    public static bool operator >(KernelVersion left, KernelVersion right) => left.CompareTo(right) > 0;

    public static bool operator >=(KernelVersion left, KernelVersion right) => left.CompareTo(right) >= 0;
}
