using System.Globalization;
using Vigil.Common;
using YamlDotNet.RepresentationModel;

namespace Vigil.ProcessRecords;

/// <summary>Where a record was written: errors and gaps point there as file:line.</summary>
public sealed record Location(string File, int Line)
{
    public override string ToString() => $"{File}:{Line}";
}

/// <summary>
/// Typed access to a YAML record file that keeps line numbers: every error is "file:line: what was expected",
/// unknown fields are errors (a typo must not silently drop evidence), dates are YYYY-MM-DD.
/// </summary>
public sealed class YamlRecords(string file)
{
    public string File { get; } = file;

    public static YamlMappingNode? Load(string path, string display)
    {
        if (!System.IO.File.Exists(path))
        {
            return null;
        }
        return YamlText.LoadMapping(InputFiles.ReadText(path), display, "fields") ?? new YamlMappingNode();
    }

    public Location At(YamlNode node) => new(File, (int)node.Start.Line);

    public VigilException Error(YamlNode node, string message) => new($"{File}:{node.Start.Line}: {message}");

    public YamlMappingNode Map(YamlNode node, string what, params string[] allowed)
    {
        var map = node as YamlMappingNode ?? throw Error(node, $"expected {what} to be a mapping of fields");
        if (allowed.Length > 0)
        {
            foreach (var key in map.Children.Keys)
            {
                var name = (key as YamlScalarNode)?.Value;
                if (name is null || !allowed.Contains(name))
                {
                    throw Error(key, $"unknown field '{name}' in {what} (expected {string.Join(", ", allowed)})");
                }
            }
        }
        return map;
    }

    public IEnumerable<YamlNode> List(YamlNode? node, string what) =>
        node switch
        {
            null => [],
            YamlSequenceNode sequence => sequence.Children,
            YamlScalarNode { Value: null or "" } => [],
            _ => throw Error(node, $"expected {what} to be a list"),
        };

    public static YamlNode? Field(YamlMappingNode map, string name) =>
        map.Children.TryGetValue(new YamlScalarNode(name), out var value) ? value : null;

    public string Text(YamlMappingNode map, string name, string what) =>
        OptionalText(map, name, what) ?? throw Error(map, $"{what} needs '{name}'");

    public string? OptionalText(YamlMappingNode map, string name, string what) =>
        Field(map, name) switch
        {
            null => null,
            YamlScalarNode { Value: null or "" } => null,
            YamlScalarNode scalar => scalar.Value,
            var other => throw Error(other, $"expected {what}.{name} to be a single value"),
        };

    public IReadOnlyList<string> Texts(YamlMappingNode map, string name, string what) =>
        Field(map, name) is YamlScalarNode { Value: { Length: > 0 } single } ? [single]
        : [.. List(Field(map, name), $"{what}.{name}").Select(n => n is YamlScalarNode { Value: { } v } ? v : throw Error(n, $"expected {what}.{name} to list single values"))];

    public DateOnly? OptionalDate(YamlMappingNode map, string name, string what)
    {
        var text = OptionalText(map, name, what);
        if (text is null)
        {
            return null;
        }
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw Error(Field(map, name)!, $"expected {what}.{name} to be a date as YYYY-MM-DD, got '{text}'");
    }

    public DateOnly Date(YamlMappingNode map, string name, string what) =>
        OptionalDate(map, name, what) ?? throw Error(map, $"{what} needs '{name}' (YYYY-MM-DD)");

    public string OneOf(YamlMappingNode map, string name, string what, string[] values, string? fallback = null)
    {
        var text = OptionalText(map, name, what) ?? fallback ?? throw Error(map, $"{what} needs '{name}' ({string.Join(", ", values)})");
        return values.Contains(text) ? text : throw Error(Field(map, name) ?? map, $"expected {what}.{name} to be one of {string.Join(", ", values)}, got '{text}'");
    }

    public double? OptionalNumber(YamlMappingNode map, string name, string what, double min, double max)
    {
        var text = OptionalText(map, name, what);
        if (text is null)
        {
            return null;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw Error(Field(map, name)!, $"expected {what}.{name} to be a number from {min} to {max}, got '{text}'");
    }
}
