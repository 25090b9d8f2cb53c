using System.Text;
using Vigil.Common;

namespace Vigil.Integrity;

/// <summary>
/// A cleartext-signed message (RFC 4880 §7; gpg --clearsign, Debian's InRelease): the text, and the signature over
/// its canonical form (lines dash-unescaped, trailing blanks dropped, joined by CR LF, no final line end). Anything
/// outside the signed block is refused, not ignored: unsigned text around a clearsigned one is the classic trick to
/// make a reader trust words nobody signed.
/// </summary>
public sealed record ClearSignedMessage(string Text, byte[] SignedBytes, string ArmoredSignature)
{
    private const string Begin = "-----BEGIN PGP SIGNED MESSAGE-----";
    private const string SignatureBegin = "-----BEGIN PGP SIGNATURE-----";
    private const string SignatureEnd = "-----END PGP SIGNATURE-----";

    public static bool IsClearSigned(string path)
    {
        using var file = InputFiles.OpenRead(path, 1);
        Span<byte> start = stackalloc byte[Begin.Length];
        return file.ReadAtLeast(start, start.Length, throwOnEndOfStream: false) == start.Length && start.SequenceEqual(Encoding.ASCII.GetBytes(Begin));
    }

    /// <summary>Whether a text in hand is a clearsigned message (it begins with the armour line).</summary>
    public static bool IsClearSignedText(string text) => text.StartsWith(Begin, StringComparison.Ordinal);

    public static ClearSignedMessage Read(string path) => Parse(InputFiles.ReadText(path, 64L << 20), path);

    public static ClearSignedMessage Parse(string content, string name)
    {
        var lines = content.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var at = 0;
        if (lines.Length == 0 || lines[0] != Begin)
        {
            throw Error(name, 1, $"expected '{Begin}' on the first line: anything before it would not be signed");
        }
        for (at = 1; at < lines.Length && lines[at].Length > 0; at++)
        {
            if (!lines[at].StartsWith("Hash: ", StringComparison.Ordinal))
            {
                throw Error(name, at + 1, "expected only 'Hash:' headers before the blank line that starts the text");
            }
        }
        if (at == lines.Length)
        {
            throw Error(name, at, "the signed text never starts (no blank line after the headers)");
        }
        var text = new List<string>();
        for (at++; at < lines.Length && lines[at] != SignatureBegin; at++)
        {
            var line = lines[at];
            if (line.StartsWith('-'))
            {
                line = line.StartsWith("- ", StringComparison.Ordinal)
                    ? line[2..]
                    : throw Error(name, at + 1, "a line of the signed text starts with '-' without the '- ' escape");
            }
            text.Add(line);
        }
        if (at == lines.Length)
        {
            throw Error(name, at, $"expected '{SignatureBegin}' after the signed text");
        }
        var end = Array.IndexOf(lines, SignatureEnd, at);
        if (end < 0)
        {
            throw Error(name, lines.Length, $"expected '{SignatureEnd}'");
        }
        if (lines.Skip(end + 1).Any(l => l.Trim().Length > 0))
        {
            throw Error(name, end + 2, "text after the signature is not signed; refusing the whole file");
        }
        // What was signed is the text without trailing blanks; that, not the bytes in the file, is what the caller gets.
        var signed = text.Select(l => l.TrimEnd(' ', '\t')).ToArray();
        var signature = string.Join("\n", lines[at..(end + 1)]) + "\n";
        return new ClearSignedMessage(string.Join("\n", signed) + "\n", Encoding.UTF8.GetBytes(string.Join("\r\n", signed)), signature);
    }

    private static VigilException Error(string name, int line, string expected) => new($"{name}:{line}: not a valid clearsigned message: {expected}");
}
