using System.Text;
using Vigil.Feeds.Kernel;

namespace Vigil.Tests.Support;

/// <summary>Real kernel CNA records copied from vulns.git (Fixtures/kernel-vulns is a small vulns.git tree).</summary>
public static class KernelFixture
{
    public static string Root => Fixture.Path("kernel-vulns");

    public static KernelCveRecord Record(string id)
    {
        var year = id[4..8];
        var basePath = Path.Combine(Root, "cve", "published", year, id);
        var dyad = KernelCveParser.ParseDyad(File.ReadAllText(basePath + ".dyad"), id + ".dyad");
        return KernelCveParser.Parse(File.ReadAllBytes(basePath + ".json"), id + ".json", dyad).Record;
    }

    /// <summary>Packs a directory the way cgit serves a snapshot: tar.gz with one top-level folder.</summary>
    /// <param name="reversed">Entries in reverse path order (a record's .json before its .dyad), not in path order.</param>
    public static string TarGz(string directory, string destination, bool reversed = false)
    {
        using var file = File.Create(destination);
        using var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest);
        using var tar = new System.Formats.Tar.TarWriter(gzip);
        var paths = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal);
        foreach (var path in reversed ? paths.Reverse() : paths)
        {
            tar.WriteEntry(path, "vulns-master/" + Path.GetRelativePath(directory, path).Replace('\\', '/'));
        }
        return destination;
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
