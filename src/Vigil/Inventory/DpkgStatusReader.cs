using Vigil.Common;
using Vigil.Versions;

namespace Vigil.Inventory;

/// <summary>
/// Reads a dpkg status file (/var/lib/dpkg/status, or an Isar image's *.dpkg_status) line by line and returns
/// the packages whose state is "installed". Anything that is not deb822 as dpkg writes it is an error naming the
/// file and line.
/// </summary>
public static class DpkgStatusReader
{
    private static readonly string[] Wants = ["unknown", "install", "hold", "deinstall", "purge"];
    private static readonly string[] Flags = ["ok", "reinstreq"];
    private static readonly string[] States =
    [
        "not-installed", "config-files", "half-installed", "unpacked", "half-configured",
        "triggers-awaited", "triggers-pending", "installed",
    ];

    public static IReadOnlyList<InstalledPackage> ReadFile(string path)
    {
        try
        {
            using var reader = new StreamReader(InputFiles.OpenRead(path), new System.Text.UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: false);
            return Read(reader, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VigilException($"cannot read dpkg status file {path}: {e.Message}", e);
        }
    }

    public static IReadOnlyList<InstalledPackage> Read(TextReader reader, string fileName)
    {
        var packages = new List<InstalledPackage>();
        var stanza = new Stanza();
        var lineNumber = 0;
        var inField = false;
        var lines = new Lines(reader);
        while (lines.Next(out var line))
        {
            lineNumber++;
            if (line.IsEmpty || line.IsWhiteSpace())
            {
                Finish(stanza, packages, fileName);
                stanza.Clear();
                inField = false;
                continue;
            }
            if (line[0] is ' ' or '\t')
            {
                if (!inField)
                {
                    throw Error(fileName, lineNumber, $"continuation line outside a field: '{Excerpt(line)}'");
                }
                continue;
            }
            var colon = line.IndexOf(':');
            if (colon <= 0 || !IsFieldName(line[..colon]))
            {
                throw Error(fileName, lineNumber, $"expected 'Field: value', got '{Excerpt(line)}'");
            }
            inField = true;
            stanza.Record(line[..colon], line[(colon + 1)..].Trim(), lineNumber);
        }
        Finish(stanza, packages, fileName);
        return packages;
    }

    private static void Finish(Stanza stanza, List<InstalledPackage> packages, string fileName)
    {
        if (stanza.FirstLine == 0)
        {
            return;
        }
        var (package, packageLine) = stanza.Get(Field.Package);
        if (package is null)
        {
            throw Error(fileName, stanza.FirstLine, "stanza has no Package field");
        }
        if (!IsPackageName(package))
        {
            throw Error(fileName, packageLine, $"invalid package name '{Excerpt(package)}'");
        }
        var (status, statusLine) = stanza.Get(Field.Status);
        if (status is null)
        {
            throw Error(fileName, stanza.FirstLine, $"package {package} has no Status field");
        }
        if (!IsInstalled(status, out var known))
        {
            if (!known)
            {
                throw Error(fileName, statusLine, $"package {package}: expected 'Status: <want> <flag> <state>' as dpkg writes it, got '{Excerpt(status)}'");
            }
            return;
        }

        var (versionText, versionLine) = stanza.Get(Field.Version);
        if (versionText is null)
        {
            throw Error(fileName, stanza.FirstLine, $"installed package {package} has no Version field");
        }
        var version = ParseVersion(versionText, fileName, versionLine, package);
        var (architecture, _) = stanza.Get(Field.Architecture);

        var sourceName = package;
        var sourceVersion = version;
        var (source, sourceLine) = stanza.Get(Field.Source);
        if (source is not null)
        {
            if (!TrySplitSource(source, out sourceName, out var sourceVersionText))
            {
                throw Error(fileName, sourceLine, $"package {package}: expected 'Source: name' or 'Source: name (version)', got '{Excerpt(source)}'");
            }
            if (sourceVersionText is not null)
            {
                sourceVersion = ParseVersion(sourceVersionText, fileName, sourceLine, package);
            }
        }
        packages.Add(new InstalledPackage(package, architecture ?? "", version, sourceName, sourceVersion)
        {
            Maintainer = stanza.Get(Field.Maintainer).Value,
            Line = stanza.FirstLine,
            Depends = InstalledPackage.RelationNames(stanza.Get(Field.PreDepends).Value, stanza.Get(Field.Depends).Value),
            Provides = InstalledPackage.RelationNames(stanza.Get(Field.Provides).Value),
        });
    }

    private static DebianVersion ParseVersion(string text, string fileName, int line, string package) =>
        DebianVersion.TryParse(text, out var version, out var error)
            ? version
            : throw Error(fileName, line, $"package {package}: invalid Debian version '{Excerpt(text)}': {error}");

    private static VigilException Error(string fileName, int line, string message) => new($"{fileName}:{line}: {message}");

    private static string Excerpt(ReadOnlySpan<char> text) => text.Length <= 60 ? text.ToString() : $"{text[..57]}...";

    /// <summary>Whether a Status value says installed; <paramref name="known"/> false when it is not three words as dpkg
    /// writes them. Read in place: splitting it cost four allocations a package.</summary>
    private static bool IsInstalled(string status, out bool known)
    {
        var rest = status.AsSpan();
        var want = NextWord(ref rest);
        var flag = NextWord(ref rest);
        var state = NextWord(ref rest);
        known = !want.IsEmpty && !flag.IsEmpty && !state.IsEmpty && rest.IsWhiteSpace()
            && IsOneOf(want, Wants) && IsOneOf(flag, Flags) && IsOneOf(state, States);
        return known && state.Equals("installed", StringComparison.Ordinal);
    }

    private static ReadOnlySpan<char> NextWord(ref ReadOnlySpan<char> rest)
    {
        rest = rest.TrimStart(' ');
        var end = rest.IndexOf(' ');
        var word = end < 0 ? rest : rest[..end];
        rest = rest[word.Length..];
        return word;
    }

    private static bool IsOneOf(ReadOnlySpan<char> word, string[] words)
    {
        foreach (var candidate in words)
        {
            if (word.Equals(candidate, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    // The three checks below are loops, not regular expressions: on 44,376 packages the expressions' character
    // searches ran as code compiled at run time and cost about 5% of a scan.

    /// <summary>^[A-Za-z0-9][A-Za-z0-9_-]*$</summary>
    private static bool IsFieldName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || !char.IsAsciiLetterOrDigit(name[0]))
        {
            return false;
        }
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>^[a-z0-9][a-z0-9+.-]+$ (Debian policy 5.6.1).</summary>
    private static bool IsPackageName(ReadOnlySpan<char> name)
    {
        if (name.Length < 2 || !(char.IsAsciiLetterLower(name[0]) || char.IsAsciiDigit(name[0])))
        {
            return false;
        }
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '+' or '.' or '-'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>"name" or "name (version)", whitespace between them; the version holds no parentheses or whitespace.</summary>
    private static bool TrySplitSource(string field, out string name, out string? version)
    {
        var end = 0;
        while (end < field.Length && !char.IsWhiteSpace(field[end]))
        {
            end++;
        }
        name = field[..end];
        version = null;
        if (!IsPackageName(name))
        {
            return false;
        }
        var rest = field.AsSpan(end).TrimStart();
        if (rest.IsEmpty)
        {
            return end == field.Length;
        }
        if (rest.Length < 3 || rest[0] != '(' || rest[^1] != ')' || end == field.Length)
        {
            return false;
        }
        var inner = rest[1..^1];
        foreach (var c in inner)
        {
            if (c is '(' or ')' || char.IsWhiteSpace(c))
            {
                return false;
            }
        }
        version = inner.ToString();
        return true;
    }

    /// <summary>The fields a stanza keeps, in the order of <see cref="Stanza"/>'s names.</summary>
    private enum Field
    {
        Package,
        Status,
        Version,
        Source,
        Architecture,
        Maintainer,
        Depends,
        PreDepends,
        Provides,
    }

    /// <summary>The fields of one stanza that matter here, with the line each came from; the others are never copied out of their line.</summary>
    private sealed class Stanza
    {
        // Arrays and a scan of nine names, not a dictionary of value tuples: its code would be compiled at run time
        // and run unoptimized through most of a large scan. Read back by position: a name search per field asked for
        // was 3% of a 44,376-package scan.
        private static readonly string[] Kept = ["Package", "Status", "Version", "Source", "Architecture", "Maintainer", "Depends", "Pre-Depends", "Provides"];

        private readonly string?[] values = new string?[Kept.Length];
        private readonly int[] lines = new int[Kept.Length];

        public int FirstLine { get; private set; }

        public void Record(ReadOnlySpan<char> field, ReadOnlySpan<char> value, int line)
        {
            if (FirstLine == 0)
            {
                FirstLine = line;
            }
            if (IndexOf(field) is var kept and >= 0)
            {
                (values[kept], lines[kept]) = (value.ToString(), line);
            }
        }

        public void Clear()
        {
            Array.Clear(values);
            FirstLine = 0;
        }

        public (string? Value, int Line) Get(Field field) =>
            values[(int)field] is { } value ? (value, lines[(int)field]) : (null, FirstLine);

        /// <summary>Field names are case-insensitive (deb822).</summary>
        private static int IndexOf(ReadOnlySpan<char> field)
        {
            for (var i = 0; i < Kept.Length; i++)
            {
                if (field.Equals(Kept[i], StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }
            return -1;
        }
    }

    /// <summary>
    /// The lines of a text as spans of one reused buffer, broken where <see cref="TextReader.ReadLine"/> breaks them:
    /// a string for every line was most of what reading a status file allocated. A line is valid until the next one.
    /// </summary>
    private sealed class Lines(TextReader reader)
    {
        private char[] buffer = new char[1 << 14];
        private int start;
        private int end;
        private bool atEnd;

        public bool Next(out ReadOnlySpan<char> line)
        {
            while (true)
            {
                var pending = buffer.AsSpan(start, end - start);
                var lineEnd = pending.IndexOfAny('\r', '\n');
                // A carriage return last in the buffer may be the first half of \r\n: read on before deciding.
                if (lineEnd >= 0 && (pending[lineEnd] == '\n' || lineEnd + 1 < pending.Length || atEnd))
                {
                    line = pending[..lineEnd];
                    var crlf = pending[lineEnd] == '\r' && lineEnd + 1 < pending.Length && pending[lineEnd + 1] == '\n';
                    start += lineEnd + (crlf ? 2 : 1);
                    return true;
                }
                if (atEnd)
                {
                    line = pending;
                    start = end;
                    return !pending.IsEmpty;
                }
                Fill();
            }
        }

        private void Fill()
        {
            var pending = end - start;
            if (pending == buffer.Length)
            {
                // One line longer than the buffer: as long as the file allows, as with ReadLine.
                Array.Resize(ref buffer, buffer.Length * 2);
            }
            else
            {
                Array.Copy(buffer, start, buffer, 0, pending);
            }
            (start, end) = (0, pending);
            var read = reader.Read(buffer, end, buffer.Length - end);
            atEnd = read == 0;
            end += read;
        }
    }
}
