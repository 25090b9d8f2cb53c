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

    /// <summary>The names in a dpkg relation field ("libc6 (>= 2.34), debconf | debconf-2.0, foo:any"), in order, each once.</summary>
    public static IReadOnlyList<string> RelationNames(string? field) =>
        field is null ? [] : [.. field.Split([',', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(relation => relation.Split([' ', '(', ':', '['], 2)[0]).Where(name => name.Length > 0).Distinct(StringComparer.Ordinal)];
}
