using System.Text;
using System.Text.Json.Nodes;

namespace Vigil.Tests.Support;

/// <summary>What kind of text a parser reads, which decides the shape-specific attacks.</summary>
public enum InputShape
{
    Text,
    Json,
    Yaml,
    Xml,
    Binary,
}

/// <summary>One hostile input: planted at a path (a file's bytes, or a special file in its place).</summary>
public sealed record Attack(string Name, bool MustBeRefused, Action<string> Plant)
{
    public override string ToString() => Name;
}

/// <summary>
/// The reusable attack corpus: derived from one valid input of a parser, the malformed inputs an attacker tries
/// first: truncations, random and NUL bytes, broken UTF-8, huge lines, deep nesting, values of the wrong type, and
/// special files (a FIFO, a directory, a character device) where a file is expected. Deterministic (seeded), so a
/// failure names an input that can be made again.
/// </summary>
public static class AttackCorpus
{
    public const int NestingDepth = 100_000;

    public static IReadOnlyList<Attack> Against(byte[] valid, InputShape shape)
    {
        var attacks = new List<Attack>
        {
            Bytes("empty", []),
            Bytes("random-bytes", Random(4096, 1)),
            Bytes("nul-bytes", new byte[1024]),
            Bytes("broken-utf8-prefix", [0xC3, 0x28, 0xFF, 0xFE, .. valid]),
            Bytes("one-huge-line", [.. valid, .. Encoding.ASCII.GetBytes(new string('A', 1 << 20))]),
            Special("fifo", path => Tool.Run("/", "mkfifo", path)),
            Special("directory", path => Directory.CreateDirectory(path)),
            Special("character-device", path => File.CreateSymbolicLink(path, "/dev/zero")),
        };
        foreach (var cut in new[] { 1, valid.Length / 3, valid.Length / 2, valid.Length - 1 }.Where(c => c > 0 && c < valid.Length).Distinct())
        {
            attacks.Add(Bytes($"truncated-at-{cut}", valid[..cut]));
        }
        switch (shape)
        {
            case InputShape.Json:
                attacks.Add(Bytes("deep-nesting", Encoding.ASCII.GetBytes(new string('[', NestingDepth) + new string(']', NestingDepth))));
                attacks.AddRange(JsonWrongTypes(valid).Select((text, i) => Bytes($"wrong-type-{i + 1}", Encoding.UTF8.GetBytes(text), mustBeRefused: false)));
                break;
            case InputShape.Yaml:
                attacks.Add(Bytes("deep-nesting", Encoding.ASCII.GetBytes("a: " + new string('[', NestingDepth) + new string(']', NestingDepth) + "\n")));
                attacks.AddRange(YamlWrongTypes(valid).Select((text, i) => Bytes($"wrong-type-{i + 1}", Encoding.UTF8.GetBytes(text), mustBeRefused: false)));
                break;
            case InputShape.Xml:
                attacks.Add(Bytes("deep-nesting", Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("<a>", NestingDepth)) + string.Concat(Enumerable.Repeat("</a>", NestingDepth)))));
                break;
        }
        return attacks;
    }

    private static Attack Bytes(string name, byte[] content, bool mustBeRefused = false) => new(name, mustBeRefused, path => File.WriteAllBytes(path, content));

    private static Attack Special(string name, Action<string> make) => new(name, MustBeRefused: true, make);

    private static byte[] Random(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>The valid JSON with one value at a time swapped for another type (string ↔ number, list ↔ object).</summary>
    private static IEnumerable<string> JsonWrongTypes(byte[] valid)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(valid);
        }
        catch (System.Text.Json.JsonException)
        {
            yield break;
        }
        var paths = new List<string>();
        Collect(root, "$", paths);
        foreach (var path in paths.Where((_, i) => i % Math.Max(1, paths.Count / 8) == 0).Take(8))
        {
            var copy = JsonNode.Parse(valid)!;
            Replace(copy, path);
            yield return copy.ToJsonString();
        }
    }

    private static void Collect(JsonNode? node, string path, List<string> paths)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    paths.Add($"{path}.{key}");
                    Collect(value, $"{path}.{key}", paths);
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count && i < 3; i++)
                {
                    paths.Add($"{path}[{i}]");
                    Collect(array[i], $"{path}[{i}]", paths);
                }
                break;
        }
    }

    private static void Replace(JsonNode root, string path)
    {
        JsonNode? parent = root;
        var parts = path[2..].Replace("[", ".[", StringComparison.Ordinal).Split('.', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length - 1; i++)
        {
            parent = parts[i].StartsWith('[') ? parent![int.Parse(parts[i][1..^1], System.Globalization.CultureInfo.InvariantCulture)] : parent![parts[i]];
        }
        var last = parts[^1];
        JsonNode? Swap(JsonNode? value) => value switch
        {
            JsonObject => new JsonArray(1, "x"),
            JsonArray => new JsonObject { ["k"] = "v" },
            JsonValue v when v.TryGetValue<string>(out _) => JsonValue.Create(12345678901234567890m),
            _ => JsonValue.Create("not-the-expected-type"),
        };
        if (last.StartsWith('['))
        {
            var index = int.Parse(last[1..^1], System.Globalization.CultureInfo.InvariantCulture);
            parent![index] = Swap(parent[index]?.DeepClone());
        }
        else
        {
            parent![last] = Swap(parent[last]?.DeepClone());
        }
    }

    /// <summary>The valid YAML with one "key: value" at a time given a list, a mapping or a huge number instead.</summary>
    private static IEnumerable<string> YamlWrongTypes(byte[] valid)
    {
        var lines = Encoding.UTF8.GetString(valid).Split('\n');
        var candidates = lines.Select((line, i) => (line, i)).Where(l => l.line.TrimStart().Length > 0 && !l.line.TrimStart().StartsWith('#') && l.line.Contains(':', StringComparison.Ordinal)).ToArray();
        string[] replacements = ["[1, [2, 3]]", "{k: v}", "123456789012345678901234567890", "~", "!!binary AAAA"];
        for (var n = 0; n < Math.Min(8, candidates.Length); n++)
        {
            var (line, index) = candidates[n * candidates.Length / Math.Min(8, candidates.Length)];
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var copy = (string[])lines.Clone();
            copy[index] = line[..(colon + 1)] + " " + replacements[n % replacements.Length];
            yield return string.Join('\n', copy);
        }
    }
}
