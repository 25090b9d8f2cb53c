using System.Text.Json;
using Vigil.Common;

namespace Vigil.Inventory;

/// <summary>
/// The source files compiled into a kernel, from whatever the user has: a file list, a build directory's .o.cmd
/// files (sources and the headers they included), an SPDX 2/3 SBOM listing compiled sources (as Yocto writes),
/// or, derived from the Kbuild Makefiles and a .config. Paths are matched by their tail, so absolute paths from an
/// out-of-tree build still match the CNA's tree-relative programFiles.
/// </summary>
public sealed class KernelBuild
{
    /// <summary>
    /// Compiled by every kernel build, whatever the architecture and configuration (the start of the kernel, process
    /// creation, memory management). A list without them is not a kernel build's, and trusting it would mark almost
    /// every CVE "not built" and open every CI gate (an empty file, /bin/ls and an unrelated SBOM all did).
    /// </summary>
    public static readonly IReadOnlyList<string> AlwaysBuilt = ["init/main.c", "kernel/fork.c", "mm/memory.c"];

    private readonly HashSet<string> tails = new(StringComparer.Ordinal);
    private readonly SortedSet<string> files = new(StringComparer.Ordinal);

    private KernelBuild(string origin, bool configDerived, IEnumerable<string> files)
    {
        ConfigDerived = configDerived;
        foreach (var file in files)
        {
            var path = file.Trim().Replace('\\', '/');
            while (path.StartsWith("./", StringComparison.Ordinal))
            {
                path = path[2..];
            }
            if (path.Length == 0)
            {
                continue;
            }
            FileCount++;
            this.files.Add(path);
            KnowsHeaders |= path.EndsWith(".h", StringComparison.Ordinal);
            for (var slash = -1; ; slash = path.IndexOf('/', slash + 1))
            {
                tails.Add(path[(slash + 1)..]);
                if (path.IndexOf('/', slash + 1) < 0)
                {
                    break;
                }
            }
        }
        Source = $"{origin}, {FileCount} files read";
        var missing = AlwaysBuilt.Where(f => !tails.Contains(f)).ToArray();
        if (missing.Length > 0)
        {
            throw new VigilException($"{origin}: {FileCount} files read, but not {string.Join(", ", missing)}, which every kernel build compiles: not a kernel build's list of compiled files, so nothing is judged not built");
        }
    }

    /// <summary>Where the list came from and how many files it named, for reports: "build directory /x (2,345 .o.cmd files), 9,876 files read".</summary>
    public string Source { get; }

    /// <summary>True when the files were worked out from Kbuild and .config rather than seen in a build.</summary>
    public bool ConfigDerived { get; }

    public int FileCount { get; private set; }

    /// <summary>The compiled files as read (tree-relative where the input was), each once, in ordinal order: what an SBOM lists.</summary>
    public IReadOnlyCollection<string> Files => files;

    /// <summary>Whether headers are listed; if not, a header in programFiles cannot be judged and counts as built.</summary>
    public bool KnowsHeaders { get; private set; }

    /// <summary>Whether a tree-relative source path is compiled; unknown kinds of file count as compiled.</summary>
    public bool Builds(string programFile)
    {
        var isSource = programFile.EndsWith(".c", StringComparison.Ordinal) || programFile.EndsWith(".S", StringComparison.Ordinal);
        var isHeader = programFile.EndsWith(".h", StringComparison.Ordinal);
        if (!isSource && !(isHeader && KnowsHeaders))
        {
            return true;
        }
        return tails.Contains(programFile);
    }

    public static KernelBuild FromFileList(string path) => FromFileListText(InputFiles.ReadText(path), $"file list {path}");

    /// <summary>A compiled-files list in hand: one source path per line; blank lines and # comments are skipped.</summary>
    public static KernelBuild FromFileListText(string text, string source) =>
        new(source, false, [.. text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && l[0] != '#')]);

    /// <summary>Reads the .o.cmd files kbuild leaves next to every object: the source and every header it included.</summary>
    public static KernelBuild FromBuildDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new VigilException($"build directory {directory} does not exist");
        }
        var files = new List<string>();
        var cmdFiles = 0;
        foreach (var cmd in InputFiles.FilesIn(directory, "*.o.cmd", recursive: true))
        {
            cmdFiles++;
            var inDeps = false;
            foreach (var raw in InputFiles.ReadText(cmd).Split('\n'))
            {
                var line = raw.Trim();
                if (line.StartsWith("source_", StringComparison.Ordinal) && line.IndexOf(":=", StringComparison.Ordinal) is var at and > 0)
                {
                    files.Add(line[(at + 2)..].Trim());
                    continue;
                }
                if (line.StartsWith("deps_", StringComparison.Ordinal))
                {
                    inDeps = true;
                    line = line.IndexOf(":=", StringComparison.Ordinal) is var d and > 0 ? line[(d + 2)..] : "";
                }
                if (inDeps)
                {
                    foreach (var token in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    {
                        if (token != "\\" && !token.StartsWith('$') && (token.EndsWith(".h", StringComparison.Ordinal) || token.EndsWith(".c", StringComparison.Ordinal)))
                        {
                            files.Add(token);
                        }
                    }
                    inDeps = line.EndsWith('\\');
                }
            }
        }
        if (cmdFiles == 0)
        {
            throw new VigilException(ErrorKind.InvalidInput, ErrorCodes.BuildDirectoryEmpty, $"{directory} holds no *.o.cmd files, so it is not a kernel build output directory (after make)");
        }
        return new KernelBuild($"build directory {directory} ({cmdFiles} .o.cmd files)", false, files);
    }

    /// <summary>
    /// The compiled sources a kernel SBOM lists: SPDX 2 files[].fileName, SPDX 3 software_File names (as Yocto writes
    /// them), CycloneDX components of type file (as Vigil writes them under the kernel).
    /// </summary>
    public static KernelBuild FromSbom(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(InputFiles.ReadText(path), new JsonDocumentOptions { MaxDepth = 64 });
            return FromSbomFiles(path, FilesIn(document.RootElement));
        }
        catch (JsonException e)
        {
            throw new VigilException($"{path}: line {e.LineNumber + 1}: not a JSON SBOM ({e.Message.Split(" LineNumber")[0]})", e);
        }
    }

    /// <summary>The build the SBOM at <paramref name="path"/> describes by the files it lists (<see cref="FilesIn"/>),
    /// for a reader that has parsed it already; refused when it lists none.</summary>
    public static KernelBuild FromSbomFiles(string path, IReadOnlyList<string> files) =>
        files.Count > 0
            ? new KernelBuild($"SBOM {path}", false, files)
            : throw new VigilException($"{path}: expected an SBOM listing the compiled files (SPDX 2 files[].fileName, SPDX 3 software_File elements, CycloneDX file components); found no files");

    /// <summary>The files an SBOM's root lists, by the names <see cref="FromSbom"/> reads.</summary>
    public static IReadOnlyList<string> FilesIn(JsonElement root)
    {
        var files = new List<string>();
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("files", out var spdx2) && spdx2.ValueKind == JsonValueKind.Array)
        {
            files.AddRange(spdx2.EnumerateArray().Where(f => f.ValueKind == JsonValueKind.Object && f.TryGetProperty("fileName", out var n) && n.ValueKind == JsonValueKind.String)
                .Select(f => f.GetProperty("fileName").GetString()!));
        }
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("@graph", out var graph) && graph.ValueKind == JsonValueKind.Array)
        {
            files.AddRange(NamesOfType(graph.EnumerateArray(), "software_File"));
        }
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("components", out var components) && components.ValueKind == JsonValueKind.Array)
        {
            var pending = new Stack<JsonElement>([components]);
            while (pending.TryPop(out var list))
            {
                var items = list.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.Object).ToArray();
                files.AddRange(NamesOfType(items, "file"));
                foreach (var nested in items.Select(c => c.TryGetProperty("components", out var n) ? n : default).Where(n => n.ValueKind == JsonValueKind.Array))
                {
                    pending.Push(nested);
                }
            }
        }
        return files;
    }

    private static IEnumerable<string> NamesOfType(IEnumerable<JsonElement> elements, string type) =>
        elements.Where(e => e.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == type
                && e.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String)
            .Select(e => e.GetProperty("name").GetString()!);

    /// <summary>The build a product release records (a file list, a build directory, an SBOM), if it records one.</summary>
    public static KernelBuild? Of(KernelBuildKind? kind, string? path) => (kind, path) switch
    {
        (KernelBuildKind.CompiledFiles, { } list) => FromFileList(list),
        (KernelBuildKind.BuildDirectory, { } directory) => FromBuildDirectory(directory),
        (KernelBuildKind.Spdx, { } sbom) => FromSbom(sbom),
        _ => null,
    };

    public static KernelBuild FromKbuild(string sourceTree, string configPath, string? arch)
    {
        var (files, config) = Kbuild.BuiltSources(sourceTree, configPath, arch);
        return new KernelBuild($"config-derived from {configPath} and the Kbuild files of {sourceTree} ({config})", true, files);
    }
}
