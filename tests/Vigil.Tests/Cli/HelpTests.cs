using System.CommandLine;
using Vigil.Cli;
using Vigil.Tests.Support;

namespace Vigil.Tests.Cli;

/// <summary>Every command's --help fits 100 columns (triage set's once ran to 380).</summary>
public sealed class HelpTests
{
    public static TheoryData<string> Commands()
    {
        var names = new TheoryData<string>();
        void Walk(Command command, string path)
        {
            names.Add(path);
            foreach (var sub in command.Subcommands)
            {
                Walk(sub, path.Length == 0 ? sub.Name : $"{path} {sub.Name}");
            }
        }
        Walk(CliApp.BuildRoot(new CliEnvironment(TextWriter.Null, TextWriter.Null, _ => null, false, "/")), "");
        return names;
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Help_fits_100_columns(string command)
    {
        var result = await CliRunner.RunAsync(null, "/", [.. command.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:", result.Out, StringComparison.Ordinal);
        var widest = result.Out.Split('\n').MaxBy(l => l.Length)!;
        Assert.True(widest.Length <= CliApp.HelpWidth, $"vigil {command} --help has a line of {widest.Length} columns: {widest}");
    }
}
