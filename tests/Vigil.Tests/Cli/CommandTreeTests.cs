using Vigil.Cli;

namespace Vigil.Tests.Cli;

/// <summary>A run builds only the top-level command it names; help and mistakes get the whole tree.</summary>
public sealed class CommandTreeTests
{
    private static readonly CliEnvironment Quiet = new(TextWriter.Null, TextWriter.Null, _ => null, false, "/");

    private static string[] TopLevelNames(string? named) => [.. CliApp.BuildRoot(Quiet, named).Subcommands.Select(c => c.Name)];

    [Fact]
    public void Each_top_level_command_is_built_alone_when_a_run_starts_with_its_name()
    {
        var all = TopLevelNames(null);

        foreach (var name in all)
        {
            var alone = TopLevelNames(name);
            Assert.Contains(name, alone);
            Assert.True(alone.Length < all.Length, $"{name} built the whole tree");
            Assert.All(alone, n => Assert.Contains(n, all));
        }
    }

    [Fact]
    public void A_run_that_does_not_start_with_a_command_name_gets_the_whole_tree()
    {
        Assert.Equal(TopLevelNames(null), TopLevelNames("--data-dir"));
        Assert.Equal(TopLevelNames(null), TopLevelNames("scna"));
    }

    [Fact]
    public async Task Version_is_answered_without_building_any_command()
    {
        var result = await Vigil.Tests.Support.CliRunner.RunAsync(null, "/", "--version");

        Assert.Empty(TopLevelNames("--version"));
        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", result.Out);
    }
}
