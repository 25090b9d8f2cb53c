using System.Text;
using Vigil.Common;

namespace Vigil.Inventory;

/// <summary>
/// A package URL (purl): <c>pkg:TYPE/NAMESPACE/NAME@VERSION?QUALIFIERS#SUBPATH</c>, parsed and written in one place.
/// Written canonically (lower-case type, qualifiers sorted by key, empty ones left out); characters outside
/// letters, digits and <c>.-_~</c> are percent-encoded except <c>:</c> and <c>+</c> in a version (as syft and
/// packageurl-js write Debian versions). Reading decodes whatever another tool encoded (trivy writes <c>%2B</c>).
/// </summary>
public sealed record PackageUrl(string Type, string? Namespace, string Name, string? Version, IReadOnlyDictionary<string, string> Qualifiers)
{
    /// <summary>A Debian binary package: <c>pkg:deb/debian/NAME@VERSION?arch=ARCH&amp;distro=debian-12</c>, its source in <c>upstream</c> when it differs.</summary>
    public static PackageUrl ForDeb(string name, string version, string architecture, string? source, string distro)
    {
        var qualifiers = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["distro"] = distro };
        if (architecture.Length > 0)
        {
            qualifiers["arch"] = architecture;
        }
        if (source is not null)
        {
            qualifiers["upstream"] = source;
        }
        return new PackageUrl("deb", "debian", name, version, qualifiers);
    }

    /// <summary>Reads a purl, or explains in one line why it is not one.</summary>
    public static PackageUrl Parse(string text)
    {
        if (!text.StartsWith("pkg:", StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid(text, "it does not start with 'pkg:'");
        }
        var rest = text[4..].TrimStart('/');
        var hash = rest.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            rest = rest[..hash];
        }
        var qualifiers = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var question = rest.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            foreach (var pair in rest[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    throw Invalid(text, $"qualifier '{pair}' is not KEY=VALUE");
                }
                var value = Decode(pair[(equals + 1)..]);
                if (value.Length > 0)
                {
                    qualifiers[pair[..equals].ToLowerInvariant()] = value;
                }
            }
            rest = rest[..question];
        }
        string? version = null;
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            version = Decode(rest[(at + 1)..]);
            rest = rest[..at];
        }
        var segments = rest.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 2)
        {
            throw Invalid(text, "expected a type and a name");
        }
        var type = segments[0].ToLowerInvariant();
        var name = Decode(segments[^1]);
        var ns = segments.Length > 2 ? string.Join('/', segments[1..^1].Select(Decode)) : null;
        return new PackageUrl(type, type == "deb" ? ns?.ToLowerInvariant() : ns, name, version, qualifiers);
    }

    public string? Qualifier(string key) => Qualifiers.TryGetValue(key, out var value) ? value : null;

    public override string ToString()
    {
        var text = new StringBuilder("pkg:").Append(Type).Append('/');
        if (Namespace is not null)
        {
            text.Append(string.Join('/', Namespace.Split('/').Select(s => Encode(s, ""))))
                .Append('/');
        }
        text.Append(Encode(Name, ""));
        if (Version is not null)
        {
            text.Append('@').Append(Encode(Version, ":+"));
        }
        var separator = '?';
        foreach (var (key, value) in Qualifiers.Where(q => q.Value.Length > 0).OrderBy(q => q.Key, StringComparer.Ordinal))
        {
            text.Append(separator).Append(key).Append('=').Append(Encode(value, ":+/"));
            separator = '&';
        }
        return text.ToString();
    }

    private static string Encode(string text, string alsoLiteral)
    {
        var encoded = new StringBuilder(text.Length);
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            if (b < 0x80 && (char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '~' || alsoLiteral.Contains(c, StringComparison.Ordinal)))
            {
                encoded.Append(c);
            }
            else
            {
                encoded.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return encoded.ToString();
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text);

    private static VigilException Invalid(string text, string why) =>
        new($"'{(text.Length <= 80 ? text : text[..77] + "...")}' is not a package URL: {why}");
}
