using System.CommandLine;
using System.Text.RegularExpressions;
using Vigil.Cli;

namespace Vigil.Tests.Architecture;

/// <summary>
/// The library knows nothing of its front ends: it does not reference the command line's assembly, and none of its
/// strings names a command-line option (hints are the front end's, added by error code). Each rule is shown failing
/// on a deliberately bad sample, so it cannot pass by matching nothing.
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
}
