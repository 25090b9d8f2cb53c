using System.Text.RegularExpressions;
using Vigil.Common;

namespace Vigil.Inventory;

/// <summary>
/// Works out which C and assembly sources a .config compiles by reading the Kbuild Makefiles the way kbuild does,
/// in outline: obj-y / obj-m / lib-y (and core-y, drivers-y, ... at the top) name objects and subdirectories;
/// foo-y / foo-objs / foo-$(CONFIG_X) make composite objects; $(CONFIG_X) takes its .config value; $(list-y) names a
/// directory's own list (mm's $(mmu-y)), with all its assignments. Conditions it
/// cannot evaluate count as true, so the result may name too many files but never too few.
/// </summary>
internal static partial class Kbuild
{
    public static (IReadOnlyCollection<string> Files, string Summary) BuiltSources(string sourceTree, string configPath, string? arch)
    {
        if (!Directory.Exists(sourceTree))
        {
            throw new VigilException($"kernel source tree {sourceTree} does not exist");
        }
        var config = ReadConfig(configPath);
        var srcArch = arch ?? ArchFrom(config)
            ?? throw new VigilException(ErrorKind.InvalidInput, ErrorCodes.ArchitectureUnknown, $"{configPath}: cannot tell the architecture (no CONFIG_X86, CONFIG_ARM64, CONFIG_ARM, CONFIG_RISCV, ...)");
        var variables = new Dictionary<string, string>(config, StringComparer.Ordinal) { ["SRCARCH"] = srcArch, ["ARCH"] = srcArch };

        var built = new HashSet<string>(StringComparer.Ordinal);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        queue.Enqueue("");
        while (queue.Count > 0)
        {
            var dir = queue.Dequeue();
            if (!visited.Add(dir))
            {
                continue;
            }
            var assignments = ReadMakefiles(Path.Combine(sourceTree, dir), variables);
            var objects = new List<string>();
            foreach (var (name, values) in assignments)
            {
                if (TopLevelList().IsMatch(name))
                {
                    objects.AddRange(values);
                }
            }
            foreach (var obj in objects.Distinct())
            {
                Expand(obj, dir, assignments, sourceTree, built, queue, depth: 0);
            }
        }
        var enabled = config.Count(kv => kv.Value is "y" or "m");
        return (built, $"{enabled} options enabled, {srcArch}, {visited.Count} directories");
    }

    private static void Expand(string obj, string dir, List<(string Name, string[] Values)> assignments, string sourceTree, HashSet<string> built, Queue<string> queue, int depth)
    {
        if (depth > 8)
        {
            return;
        }
        if (obj.Contains('$', StringComparison.Ordinal))
        {
            // A list of this directory's own, as mm/Makefile's "obj-y += $(mmu-y)": its values, every assignment counted.
            if (ListReference().Match(obj) is { Success: true } reference)
            {
                foreach (var part in assignments.Where(a => a.Name == reference.Groups["v"].Value).SelectMany(a => a.Values).Distinct())
                {
                    Expand(part, dir, assignments, sourceTree, built, queue, depth + 1);
                }
            }
            return;
        }
        if (obj.EndsWith('/'))
        {
            var sub = Normalize(dir + obj);
            if (sub is not null && Directory.Exists(Path.Combine(sourceTree, sub)))
            {
                queue.Enqueue(sub);
            }
            return;
        }
        if (!obj.EndsWith(".o", StringComparison.Ordinal))
        {
            return;
        }
        var stem = obj[..^2];
        var parts = assignments.Where(a => a.Name == $"{stem}-y" || a.Name == $"{stem}-objs" || a.Name == $"{stem}-m").SelectMany(a => a.Values).ToArray();
        if (parts.Length > 0)
        {
            foreach (var part in parts.Distinct())
            {
                Expand(part, dir, assignments, sourceTree, built, queue, depth + 1);
            }
            return;
        }
        foreach (var extension in new[] { ".c", ".S" })
        {
            var source = Normalize(dir + stem + extension);
            if (source is not null && File.Exists(Path.Combine(sourceTree, source)))
            {
                built.Add(source);
            }
        }
    }

    /// <summary>The "name += values" assignments of a directory's Kbuild and Makefile, conditions evaluated.</summary>
    private static List<(string Name, string[] Values)> ReadMakefiles(string directory, Dictionary<string, string> variables)
    {
        var result = new List<(string, string[])>();
        foreach (var file in new[] { "Kbuild", "Makefile" })
        {
            var path = Path.Combine(directory, file);
            if (!File.Exists(path))
            {
                continue;
            }
            var active = new Stack<bool>();
            var logical = "";
            foreach (var raw in InputFiles.ReadText(path).Split('\n'))
            {
                var line = raw.Split('#')[0];
                if (line.TrimEnd().EndsWith('\\'))
                {
                    logical += line.TrimEnd()[..^1] + " ";
                    continue;
                }
                line = (logical + line).Trim();
                logical = "";
                if (line.Length == 0)
                {
                    continue;
                }
                if (Conditional(line, variables) is { } condition)
                {
                    active.Push(condition && (active.Count == 0 || active.Peek()));
                    continue;
                }
                if (line == "else" || line.StartsWith("else ", StringComparison.Ordinal))
                {
                    if (active.Count > 0)
                    {
                        var was = active.Pop();
                        var outer = active.Count == 0 || active.Peek();
                        active.Push(outer && !was);
                    }
                    continue;
                }
                if (line == "endif")
                {
                    if (active.Count > 0)
                    {
                        active.Pop();
                    }
                    continue;
                }
                if (active.Count > 0 && !active.Peek())
                {
                    continue;
                }
                var match = Assignment().Match(line);
                if (!match.Success)
                {
                    continue;
                }
                var name = Substitute(match.Groups["name"].Value, variables);
                if (name.EndsWith("-n", StringComparison.Ordinal) || name.EndsWith('-'))
                {
                    continue;
                }
                var values = Substitute(match.Groups["value"].Value, variables).Split(' ', StringSplitOptions.RemoveEmptyEntries);
                result.Add((name.EndsWith("-m", StringComparison.Ordinal) ? name[..^2] + "-y" : name, values));
            }
        }
        return result;
    }

    /// <summary>ifdef/ifndef/ifeq/ifneq with a CONFIG value: true or false; anything it cannot read: true.</summary>
    private static bool? Conditional(string line, Dictionary<string, string> variables)
    {
        var match = ConditionLine().Match(line);
        if (!match.Success)
        {
            return null;
        }
        var keyword = match.Groups["kw"].Value;
        var rest = match.Groups["rest"].Value.Trim();
        switch (keyword)
        {
            case "ifdef":
            case "ifndef":
                var defined = variables.TryGetValue(rest, out var value) && value.Length > 0 && value != "n";
                return rest.StartsWith("CONFIG_", StringComparison.Ordinal) ? (keyword == "ifdef") == defined : true;
            default:
                var comparison = CompareArgs().Match(rest);
                if (!comparison.Success)
                {
                    return true;
                }
                var left = Substitute(comparison.Groups["a"].Value, variables).Trim();
                var right = Substitute(comparison.Groups["b"].Value, variables).Trim();
                if (left.Contains('$', StringComparison.Ordinal) || right.Contains('$', StringComparison.Ordinal))
                {
                    return true;
                }
                return (keyword == "ifeq") == (left == right);
        }
    }

    private static string Substitute(string text, Dictionary<string, string> variables) =>
        Reference().Replace(text, m => variables.TryGetValue(m.Groups["v"].Value, out var value)
            ? value
            : m.Groups["v"].Value.StartsWith("CONFIG_", StringComparison.Ordinal) ? "n" : m.Value);

    private static Dictionary<string, string> ReadConfig(string path)
    {
        var config = new Dictionary<string, string>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var raw in InputFiles.ReadText(path).Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || !line.StartsWith("CONFIG_", StringComparison.Ordinal))
            {
                throw new VigilException($"{path}:{lineNumber}: expected CONFIG_NAME=value as in a kernel .config, got '{(line.Length <= 60 ? line : line[..57] + "...")}'");
            }
            config[line[..equals]] = line[(equals + 1)..].Trim('"');
        }
        return config;
    }

    private static string? ArchFrom(Dictionary<string, string> config)
    {
        (string Option, string Arch)[] known =
        [
            ("CONFIG_X86", "x86"), ("CONFIG_ARM64", "arm64"), ("CONFIG_ARM", "arm"), ("CONFIG_RISCV", "riscv"), ("CONFIG_PPC", "powerpc"),
            ("CONFIG_MIPS", "mips"), ("CONFIG_S390", "s390"), ("CONFIG_LOONGARCH", "loongarch"),
        ];
        return known.Where(k => config.GetValueOrDefault(k.Option) == "y").Select(k => k.Arch).FirstOrDefault();
    }

    private static string? Normalize(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..")
            {
                if (parts.Count == 0)
                {
                    return null;
                }
                parts.RemoveAt(parts.Count - 1);
            }
            else if (part != ".")
            {
                parts.Add(part);
            }
        }
        return string.Join('/', parts) + (path.EndsWith('/') ? "/" : "");
    }

    [GeneratedRegex(@"^(?<name>[A-Za-z0-9_./$()-]+?)\s*(\+=|:=|=)\s*(?<value>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Assignment();

    [GeneratedRegex(@"^(obj|lib|core|drivers|libs|net|init|virt|subdir)-y$", RegexOptions.CultureInvariant)]
    private static partial Regex TopLevelList();

    [GeneratedRegex(@"^(?<kw>ifdef|ifndef|ifeq|ifneq)\b(?<rest>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex ConditionLine();

    [GeneratedRegex(@"^\(\s*(?<a>[^,]*),(?<b>[^)]*)\)$", RegexOptions.CultureInvariant)]
    private static partial Regex CompareArgs();

    [GeneratedRegex(@"\$\((?<v>[A-Za-z0-9_]+)\)", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();

    [GeneratedRegex(@"^\$\((?<v>[A-Za-z0-9_.-]+)\)$", RegexOptions.CultureInvariant)]
    private static partial Regex ListReference();
}
