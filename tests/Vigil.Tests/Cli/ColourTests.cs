using Vigil.Tests.Support;

namespace Vigil.Tests.Cli;

/// <summary>Colour only where it is wanted: a terminal, unless NO_COLOR (any value), TERM=dumb or --no-color says otherwise.</summary>
public sealed class ColourTests : IDisposable
{
    private readonly TempDirectory home = new();

    public void Dispose() => home.Dispose();

    private async Task<CliResult> ScanInTerminal(Dictionary<string, string> variables, params string[] more)
    {
        var dataDir = Path.Combine(home.Path, "data");
        Assert.Equal(0, (await CliRunner.RunAsync(null, home.Path, "feeds", "import", "debian", Fixture.Path("tracker-excerpt.json"), "--data-dir", dataDir)).ExitCode);
        return await CliRunner.RunInTerminalAsync(variables, home.Path,
            ["scan", "--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--release", "bookworm", "--data-dir", dataDir, .. more]);
    }

    [Fact]
    public async Task A_terminal_gets_a_coloured_table()
    {
        var result = await ScanInTerminal([]);

        Assert.Contains('\u001b', result.Out);
    }

    [Theory]
    [InlineData("NO_COLOR", "1")]
    [InlineData("NO_COLOR", "")]
    [InlineData("TERM", "dumb")]
    public async Task The_environment_can_turn_colour_off(string variable, string value)
    {
        var result = await ScanInTerminal(new() { [variable] = value });

        Assert.Contains("CVE-", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', result.Out + result.Error);
    }

    [Fact]
    public async Task No_color_turns_colour_off()
    {
        var result = await ScanInTerminal([], "--no-color");

        Assert.Contains("CVE-", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', result.Out + result.Error);
    }
}
