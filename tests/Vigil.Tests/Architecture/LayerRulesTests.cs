using System.CommandLine;
using System.Text.RegularExpressions;
using Vigil.Cli;

namespace Vigil.Tests.Architecture;

/// <summary>
/// The layers: the library knows nothing of its front ends (no reference to the command line's assembly, no string
/// naming a command-line option: hints are the front end's, added by error code); only Storage/ touches the EF
/// context; command files parse, call a use case and render: they neither touch the database nor construct the
/// domain's services. Each rule is shown failing on a deliberately bad sample, so it cannot pass by matching nothing.
/// </summary>
public sealed partial class LayerRulesTests
{
    private static readonly string SourceRoot = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src"));

    /// <summary>Every option the command line has, e.g. --release, --dpkg-status (help's own aside).</summary>
    private static readonly HashSet<string> CliOptions = CollectOptions();

    private static HashSet<string> CollectOptions()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        void Walk(Command command)
        {
            foreach (var option in command.Options)
            {
                names.UnionWith(new[] { option.Name }.Concat(option.Aliases).Where(n => n.StartsWith("--", StringComparison.Ordinal) && n != "--help"));
            }
            foreach (var sub in command.Subcommands)
            {
                Walk(sub);
            }
        }
        Walk(CliApp.BuildRoot(new CliEnvironment(TextWriter.Null, TextWriter.Null, _ => null, false, "/")));
        return names;
    }

    /// <summary>The command-line options a line of C# names inside a string (comments and doc comments are not strings).</summary>
    private static IEnumerable<string> OptionsNamedIn(string line)
    {
        // Lines inside raw string literals hold no quotes, so every line but a comment is looked at.
        if (line.TrimStart().StartsWith("//", StringComparison.Ordinal))
        {
            return [];
        }
        return OptionToken().Matches(line).Select(m => m.Value).Where(CliOptions.Contains);
    }

    [GeneratedRegex(@"(?<![\w-])--[a-z][a-z0-9-]*")]
    private static partial Regex OptionToken();

    [Fact]
    public void The_library_does_not_reference_the_command_line()
    {
        var library = typeof(Vigil.Common.VigilException).Assembly;

        Assert.DoesNotContain(library.GetReferencedAssemblies(), a => a.Name == typeof(CliApp).Assembly.GetName().Name);
        Assert.DoesNotContain("Vigil.Cli", File.ReadAllText(Path.Combine(SourceRoot, "Vigil", "Vigil.csproj")), StringComparison.Ordinal);
    }

    [Fact]
    public void No_library_string_names_a_command_line_option()
    {
        var found = Directory.EnumerateFiles(Path.Combine(SourceRoot, "Vigil"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Line: i + 1, Options: OptionsNamedIn(line).ToArray())))
            .Where(hit => hit.Options.Length > 0)
            .Select(hit => $"{Path.GetRelativePath(SourceRoot, hit.File)}:{hit.Line}: {string.Join(", ", hit.Options)}")
            .ToArray();

        Assert.True(found.Length == 0, "library strings name command-line options (give the error a code and the hint to the CLI):\n" + string.Join('\n', found));
    }

    [Fact]
    public void The_option_rule_finds_an_option_in_a_library_string()
    {
        Assert.NotEmpty(CliOptions);
        Assert.Equal(["--release"], OptionsNamedIn("""            throw new VigilException("cannot tell the release; pass --release");"""));
        Assert.Empty(OptionsNamedIn("""    /// <summary>Pass --release to say which.</summary>"""));
    }

    private static IEnumerable<string> SourceFiles(string project) =>
        Directory.EnumerateFiles(Path.Combine(SourceRoot, project), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    /// <summary>Whether a line of C# uses the EF context (the DbContext, its type, or EF Core's namespace).</summary>
    private static bool TouchesEfContext(string line) => !line.TrimStart().StartsWith("//", StringComparison.Ordinal) && EfContext().IsMatch(line);

    [GeneratedRegex(@"\bVigilDb\b|\bDbContext\b|Microsoft\.EntityFrameworkCore")]
    private static partial Regex EfContext();

    [Fact]
    public void Only_storage_touches_the_ef_context()
    {
        var storage = Path.Combine(SourceRoot, "Vigil", "Storage") + Path.DirectorySeparatorChar;
        var found = SourceFiles("Vigil").Where(f => !f.StartsWith(storage, StringComparison.Ordinal)).Concat(SourceFiles("Vigil.Cli")).Concat(SourceFiles("Vigil.Server"))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Line: i + 1, Text: line)))
            .Where(hit => TouchesEfContext(hit.Text))
            .Select(hit => $"{Path.GetRelativePath(SourceRoot, hit.File)}:{hit.Line}: {hit.Text.Trim()}")
            .ToArray();

        Assert.True(found.Length == 0, "the EF context is used outside Storage/ (go through a store interface or a use case):\n" + string.Join('\n', found));
    }

    [Fact]
    public void The_ef_context_rule_finds_a_use_outside_storage()
    {
        Assert.True(TouchesEfContext("            using var db = new VigilDb(location);"));
        Assert.True(TouchesEfContext("using Microsoft.EntityFrameworkCore;"));
        Assert.False(TouchesEfContext("            var store = run.Use<ProductUseCases>();"));
    }

    /// <summary>The library's services: classes that are neither records (requests, results, values) nor exceptions.</summary>
    private static readonly HashSet<string> DomainServices = [.. typeof(Vigil.Common.VigilException).Assembly.GetTypes()
        .Where(t => t.IsClass && !t.IsAbstract && t.IsPublic && t.GetMethod("<Clone>$") is null && !typeof(Exception).IsAssignableFrom(t))
        .Select(t => t.Name)];

    /// <summary>
    /// The library's static logic a command file may not call: static classes of the domain. Renderers (Reporting),
    /// contracts, the use cases and Common (errors, durations) are a front end's to use; so are the word tables of
    /// enums (…Names, …Words, …Extensions), which parse and print values.
    /// </summary>
    private static readonly HashSet<string> DomainStaticLogic = [.. typeof(Vigil.Common.VigilException).Assembly.GetTypes()
        .Where(t => t.IsClass && t.IsAbstract && t.IsSealed && t.IsPublic
            && t.Namespace is { } ns && !new[] { "Vigil.Application", "Vigil.Contracts", "Vigil.Reporting", "Vigil.Common" }.Contains(ns)
            && !t.Name.EndsWith("Names", StringComparison.Ordinal) && !t.Name.EndsWith("Words", StringComparison.Ordinal) && !t.Name.EndsWith("Extensions", StringComparison.Ordinal))
        .Select(t => t.Name)];

    /// <summary>The library services a line of a command file constructs, and the domain's static logic it calls.</summary>
    private static IEnumerable<string> ServicesConstructedIn(string line) =>
        line.TrimStart().StartsWith("//", StringComparison.Ordinal)
            ? []
            : Construction().Matches(line).Select(m => m.Groups[1].Value).Where(DomainServices.Contains)
                .Concat(StaticCall().Matches(line).Select(m => m.Groups[1].Value).Where(DomainStaticLogic.Contains));

    [GeneratedRegex(@"(?<![\w.])([A-Z]\w*)\.[A-Z]\w*\s*\(")]
    private static partial Regex StaticCall();

    [GeneratedRegex(@"\bnew\s+(?:[\w.]+\.)?([A-Z]\w*)\s*(?:<[^>]*>)?\s*[({]")]
    private static partial Regex Construction();

    [Fact]
    public void Command_files_and_api_groups_neither_touch_the_database_nor_construct_domain_services()
    {
        var found = SourceFiles(Path.Combine("Vigil.Cli", "Commands")).Concat(SourceFiles(Path.Combine("Vigil.Server", "Api")))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Line: i + 1, Text: line)))
            .Where(hit => TouchesEfContext(hit.Text) || hit.Text.Contains("Storage.", StringComparison.Ordinal) || ServicesConstructedIn(hit.Text).Any())
            .Select(hit => $"{Path.GetRelativePath(SourceRoot, hit.File)}:{hit.Line}: {hit.Text.Trim()}")
            .ToArray();

        Assert.True(found.Length == 0, "front-end files decide or store (call a use case instead):\n" + string.Join('\n', found));
    }

    [Fact]
    public void The_command_rule_finds_a_constructed_domain_service()
    {
        Assert.Contains("ProductCatalog", DomainServices);
        Assert.Equal(["ProductCatalog"], ServicesConstructedIn("            var catalog = new ProductCatalog(store, TimeProvider.System);"));
        Assert.Equal(["FeedCatalog"], ServicesConstructedIn("            var feeds = new Feeds.FeedCatalog(data, downloader, clock);"));
        Assert.Empty(ServicesConstructedIn("            var request = new DebianScanRequest { Offline = true };"));
        Assert.Equal(["GitSignatures"], ServicesConstructedIn("            var check = GitSignatures.Verify(repository, reference, keys, now);"));
        Assert.Empty(ServicesConstructedIn("            var kind = ScanKindNames.Parse(named);"));
    }

    /// <summary>Which folder of the library may not use which namespace: layers point down, and feeds know nothing of matching.</summary>
    private static readonly (string Folder, string Forbidden)[] FolderRules =
    [
        ("Feeds", "Vigil.Scanning"),
        .. new[] { "Common", "Versions", "Vulnerabilities", "Inventory", "Feeds", "Scanning", "Products", "History", "Triage", "Integrity", "ProcessRecords", "Reporting", "Notifications", "Contracts", "Storage" }
            .Select(folder => (folder, "Vigil.Application")),
    ];

    /// <summary>Whether a line uses the namespace (a using directive or a qualified name); comments do not count.</summary>
    private static bool Uses(string line, string name) =>
        !line.TrimStart().StartsWith("//", StringComparison.Ordinal)
        && (line.Contains(name + ";", StringComparison.Ordinal) || line.Contains(name + ".", StringComparison.Ordinal)
            || line.Contains(name[(name.IndexOf('.') + 1)..] + ".", StringComparison.Ordinal));

    [Fact]
    public void Library_folders_use_only_the_layers_below_them()
    {
        var found = FolderRules.SelectMany(rule => SourceFiles(Path.Combine("Vigil", rule.Folder))
                .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Line: i + 1, Text: line)))
                .Where(hit => Uses(hit.Text, rule.Forbidden))
                .Select(hit => $"{Path.GetRelativePath(SourceRoot, hit.File)}:{hit.Line}: {rule.Folder} uses {rule.Forbidden}: {hit.Text.Trim()}"))
            .ToArray();

        Assert.True(found.Length == 0, "a library folder reaches a layer it must not:\n" + string.Join('\n', found));
    }

    [Fact]
    public void The_folder_rule_finds_a_feed_that_uses_scanning()
    {
        Assert.True(Uses("using Vigil.Scanning.Kernel;", "Vigil.Scanning"));
        Assert.True(Uses("            Scanning.Kernel.KernelRule.Compile(record);", "Vigil.Scanning"));
        Assert.False(Uses("using Vigil.Feeds.Kernel;", "Vigil.Scanning"));
    }
}
