using Vigil.Common;

namespace Vigil.Inventory;

/// <summary>The few os-release(5) fields needed to tell which Debian release a system runs.</summary>
public sealed record OsRelease(string? Id, string? IdLike, string? VersionCodename, string? PrettyName)
{
    public static OsRelease Parse(TextReader reader)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#')
            {
                continue;
            }
            var equals = trimmed.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }
            values[trimmed[..equals]] = Unquote(trimmed[(equals + 1)..]);
        }
        return new OsRelease(values.GetValueOrDefault("ID"), values.GetValueOrDefault("ID_LIKE"),
            values.GetValueOrDefault("VERSION_CODENAME"), values.GetValueOrDefault("PRETTY_NAME"));
    }

    /// <summary>Reads etc/os-release, falling back to usr/lib/os-release as os-release(5) says; null when neither exists.</summary>
    public static OsRelease? ReadFromRoot(string root)
    {
        foreach (var candidate in new[] { "etc/os-release", "usr/lib/os-release" })
        {
            var path = Path.Combine(root, candidate);
            if (File.Exists(path))
            {
                try
                {
                    using var reader = new StreamReader(InputFiles.OpenRead(path));
                    return Parse(reader);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new VigilException($"cannot read {path}: {e.Message}", e);
                }
            }
        }
        return null;
    }

    private static string Unquote(string value)
    {
        if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0])
        {
            value = value[1..^1];
        }
        return value.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
    }
}
