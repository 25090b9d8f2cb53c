using Vigil.Versions;

namespace Vigil.Inventory;

/// <summary>
/// One installed binary package and the source package it was built from. The source version differs from the
/// binary version for binNMUs and for binaries that carry their own version (Source: name (version)).
/// </summary>
public sealed record InstalledPackage(
    string Name,
    string Architecture,
    DebianVersion Version,
    string SourceName,
    DebianVersion SourceVersion)
{
    /// <summary>Who made the package (the status file's Maintainer: a name and an address), where the inventory says.</summary>
    public string? Maintainer { get; init; }

    /// <summary>The packages named in Depends and Pre-Depends (every alternative), without versions or architectures.</summary>
    public IReadOnlyList<string> Depends { get; init; } = [];

    /// <summary>Where the inventory lists it: the first line of its stanza in a dpkg status file (SBOMs carry no lines).</summary>
    public int? Line { get; init; }

    /// <summary>The virtual packages it provides, so a dependency on one can be resolved to it.</summary>
    public IReadOnlyList<string> Provides { get; init; } = [];

    /// <summary>
    /// The names in dpkg relation fields ("libc6 (>= 2.34), debconf | debconf-2.0, foo:any"), in order, each once:
    /// read in place, since every package of a status file has some.
    /// </summary>
    public static IReadOnlyList<string> RelationNames(params ReadOnlySpan<string?> fields)
    {
        List<string>? names = null;
        foreach (var field in fields)
        {
            var rest = field.AsSpan();
            while (!rest.IsEmpty)
            {
                var end = rest.IndexOfAny(',', '|');
                var relation = (end < 0 ? rest : rest[..end]).Trim();
                rest = end < 0 ? [] : rest[(end + 1)..];
                var nameEnd = relation.IndexOfAny(NameEnds);
                var name = nameEnd < 0 ? relation : relation[..nameEnd];
                if (!name.IsEmpty && !Contains(names, name))
                {
                    (names ??= []).Add(name.ToString());
                }
            }
        }
        return names ?? (IReadOnlyList<string>)[];
    }

    private static bool Contains(List<string>? names, ReadOnlySpan<char> name)
    {
        foreach (var known in names ?? [])
        {
            if (name.SequenceEqual(known))
            {
                return true;
            }
        }
        return false;
    }

    private static readonly System.Buffers.SearchValues<char> NameEnds = System.Buffers.SearchValues.Create(" (:[");
}
