using System.Text.RegularExpressions;
using Vigil.Common;

namespace Vigil.Sbom;

/// <summary>
/// A package's declared licence from its machine-readable copyright file (DEP-5,
/// /usr/share/doc/PACKAGE/copyright): the License of every Files paragraph, Debian's short names turned into SPDX
/// identifiers (GPL-2+ is GPL-2.0-or-later, Expat is MIT; a name SPDX lacks becomes LicenseRef-NAME), joined with AND
/// since the package holds all those files. A free-form copyright file, or one reached through a symbolic link that
/// may lead out of the root filesystem, says nothing.
/// </summary>
public static partial class DebianCopyright
{
    private static readonly Dictionary<string, string> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Expat"] = "MIT", ["MIT"] = "MIT", ["BSD-2-clause"] = "BSD-2-Clause", ["BSD-3-clause"] = "BSD-3-Clause", ["BSD-4-clause"] = "BSD-4-Clause",
        ["Apache-2.0"] = "Apache-2.0", ["Apache-2"] = "Apache-2.0", ["Artistic"] = "Artistic-1.0-Perl", ["Artistic-2.0"] = "Artistic-2.0",
        ["ISC"] = "ISC", ["Zlib"] = "Zlib", ["MPL-1.1"] = "MPL-1.1", ["MPL-2.0"] = "MPL-2.0", ["PSF-2"] = "PSF-2.0", ["BSL-1.0"] = "BSL-1.0",
        ["CC0-1.0"] = "CC0-1.0", ["CC0"] = "CC0-1.0", ["Unicode-DFS-2016"] = "Unicode-DFS-2016", ["X11"] = "X11", ["FTL"] = "FTL", ["IJG"] = "IJG",
        ["Libpng"] = "Libpng", ["OpenSSL"] = "OpenSSL", ["curl"] = "curl", ["Sleepycat"] = "Sleepycat", ["WTFPL"] = "WTFPL", ["0BSD"] = "0BSD",
        ["Unlicense"] = "Unlicense", ["OLDAP-2.8"] = "OLDAP-2.8", ["bzip2-1.0.6"] = "bzip2-1.0.6", ["MIT-CMU"] = "MIT-CMU", ["HPND"] = "HPND",
    };

    /// <summary>The SPDX expression of a package's licences, or null when its copyright file is missing or not machine-readable.</summary>
    public static string? LicenceOf(string rootfs, string package)
    {
        var path = rootfs;
        foreach (var part in new[] { "usr", "share", "doc", package })
        {
            path = Path.Combine(path, part);
            if (InputFiles.KindOf(path) != "directory")
            {
                return null;
            }
        }
        path = Path.Combine(path, "copyright");
        return InputFiles.KindOf(path) == "regular file" ? Parse(InputFiles.ReadText(path)) : null;
    }

    /// <summary>The SPDX expression of a DEP-5 copyright file's text, or null when it is not machine-readable.</summary>
    public static string? Parse(string text)
    {
        var paragraphs = ParagraphBreak().Split(text.Replace("\r", "", StringComparison.Ordinal).Trim());
        if (Field(paragraphs[0], "Format")?.Contains("copyright-format/1.0", StringComparison.Ordinal) != true)
        {
            return null;
        }
        var expressions = paragraphs.Where(p => Field(p, "Files") is not null).Select(p => Field(p, "License")).OfType<string>()
            .Select(Expression).Distinct(StringComparer.Ordinal).ToArray();
        return expressions.Length switch
        {
            0 => null,
            1 => expressions[0],
            _ => string.Join(" AND ", expressions.Select(e => e.Contains(' ', StringComparison.Ordinal) ? $"({e})" : e)),
        };
    }

    /// <summary>A Debian licence expression ("GPL-2+ or Artistic") in SPDX terms ("GPL-2.0-or-later OR Artistic-1.0-Perl").</summary>
    private static string Expression(string debian)
    {
        var words = debian.Replace(",", " ", StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Any(w => w.Equals("with", StringComparison.OrdinalIgnoreCase)))
        {
            // Debian names exceptions in prose ("with OpenSSL exception"): kept whole rather than guessed.
            return Reference(string.Join('-', words));
        }
        return string.Join(' ', words.Select(w => w.ToLowerInvariant() switch
        {
            "or" => "OR",
            "and" => "AND",
            _ => Identifier(w),
        }));
    }

    private static string Identifier(string name)
    {
        if (Known.TryGetValue(name, out var spdx))
        {
            return spdx;
        }
        var gpl = GnuLicence().Match(name);
        if (gpl.Success)
        {
            var version = gpl.Groups["version"].Value;
            return $"{gpl.Groups["family"].Value.ToUpperInvariant()}-{(version.Contains('.', StringComparison.Ordinal) ? version : version + ".0")}-{(gpl.Groups["later"].Success ? "or-later" : "only")}";
        }
        return Reference(name);
    }

    /// <summary>A name SPDX lacks as LicenseRef-NAME in SPDX's alphabet, "+" spelled "plus" so GPL-2 and GPL-2+ stay apart.</summary>
    private static string Reference(string name) => "LicenseRef-" + NotIdentifier().Replace(name.Replace("+", "-plus", StringComparison.Ordinal), "-").Replace("--", "-", StringComparison.Ordinal);

    private static string? Field(string paragraph, string name)
    {
        var match = Regex.Match(paragraph, $"^{name}:[ \\t]*(?<value>[^\\n]*)", RegexOptions.Multiline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return match.Success ? match.Groups["value"].Value.Trim() : null;
    }

    [GeneratedRegex(@"\n[ \t]*\n", RegexOptions.CultureInvariant)]
    private static partial Regex ParagraphBreak();

    [GeneratedRegex(@"^(?<family>A?GPL|LGPL|GFDL)-(?<version>[0-9](\.[0-9])?)(?<later>\+)?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex GnuLicence();

    [GeneratedRegex(@"[^A-Za-z0-9.\-]+", RegexOptions.CultureInvariant)]
    private static partial Regex NotIdentifier();
}
