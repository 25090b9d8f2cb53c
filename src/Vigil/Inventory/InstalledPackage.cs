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
    DebianVersion SourceVersion);
