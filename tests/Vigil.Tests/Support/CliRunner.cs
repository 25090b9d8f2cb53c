using Vigil.Cli;

namespace Vigil.Tests.Support;

public sealed record CliResult(int ExitCode, string Out, string Error);

/// <summary>Runs the vigil command in-process, as a user would type it, with its own environment variables.</summary>
public static class CliRunner
{
    public static Task<CliResult> RunAsync(IDictionary<string, string>? variables, string workingDirectory, params string[] args) =>
        RunAsync(variables, workingDirectory, terminal: false, null, args);

    /// <summary>As if standard output were a terminal (colour, progress).</summary>
    public static Task<CliResult> RunInTerminalAsync(IDictionary<string, string>? variables, string workingDirectory, params string[] args) =>
        RunAsync(variables, workingDirectory, terminal: true, null, args);

    /// <summary>With the clock at a set time (every service reads it: scans, cases, reports).</summary>
    public static Task<CliResult> RunAtAsync(TimeProvider clock, IDictionary<string, string>? variables, string workingDirectory, params string[] args) =>
        RunAsync(variables, workingDirectory, terminal: false, null, args, clock);

    /// <summary>With <paramref name="input"/> on standard input.</summary>
    public static Task<CliResult> RunWithInputAsync(byte[] input, string workingDirectory, params string[] args) =>
        RunAsync(null, workingDirectory, terminal: false, input, args);

    private static async Task<CliResult> RunAsync(IDictionary<string, string>? variables, string workingDirectory, bool terminal, byte[]? input, string[] args, TimeProvider? clock = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var environment = new CliEnvironment(
            output,
            error,
            name => variables is not null && variables.TryGetValue(name, out var value) ? value : null,
            OutputIsTerminal: terminal,
            workingDirectory,
            () => new MemoryStream(input ?? [], writable: false)) { Clock = clock ?? TimeProvider.System };
        var code = await CliApp.RunAsync(args, environment);
        return new CliResult(code, output.ToString(), error.ToString());
    }
}
