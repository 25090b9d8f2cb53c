using System.Security.Cryptography;
using System.Text;

namespace Vigil.Common;

/// <summary>Lower-case hex SHA-256 digests: the form manifests, records and fingerprints store.</summary>
internal static class Sha256Hex
{
    /// <summary>Digest of a text's UTF-8 bytes.</summary>
    public static string Of(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Fingerprint of a list of values: their UTF-8 bytes joined by '\n'.</summary>
    public static string OfLines(IEnumerable<string> lines) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', lines))));

    /// <summary>Digest of a file's content, read as a stream so its size does not matter.</summary>
    public static string OfFile(string path)
    {
        using var file = InputFiles.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }
}
