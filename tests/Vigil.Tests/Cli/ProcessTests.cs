using System.Diagnostics;
using Vigil.Tests.Support;

namespace Vigil.Tests.Cli;

/// <summary>The built vigil program run as a separate process, the way CI jobs and shell scripts run it.</summary>
public sealed class ProcessTests : IDisposable
{
    private readonly TempDirectory home = new();

    public void Dispose() => home.Dispose();

    private async Task<CliResult> RunVigil(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = home.Path,
        };
        info.ArgumentList.Add(VigilProcess.Dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["VIGIL_DATA_DIR"] = Path.Combine(home.Path, "data");
        info.Environment["VIGIL_DEBIAN_TRACKER_URL"] = "http://127.0.0.1:9/unused";
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new CliResult(process.ExitCode, await output, await error);
    }

    [Fact]
    public async Task Piped_run_prints_no_progress_or_escape_codes_and_exits_2_when_the_gate_fails()
    {
        var import = await RunVigil("feeds", "import", "debian", Fixture.Path("tracker-excerpt.json.zst"));
        var scan = await RunVigil("scan", "--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--release", "bookworm", "--fail-on", "high");

        Assert.Equal(0, import.ExitCode);
        Assert.Equal(2, scan.ExitCode);
        Assert.DoesNotContain('\u001b', import.Error + import.Out + scan.Out + scan.Error);
        Assert.Contains("7 findings in 4 source packages", scan.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_exit_1_with_one_line_and_no_stack_trace()
    {
        var result = await RunVigil("feeds", "import", "debian", Fixture.Path("status-bookworm-excerpt"));

        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.Error.TrimEnd('\n').Split('\n'));
        Assert.StartsWith($"vigil: error: {Fixture.Path("status-bookworm-excerpt")}: line 1", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }
}
