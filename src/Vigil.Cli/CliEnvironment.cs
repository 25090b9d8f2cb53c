namespace Vigil.Cli;

/// <summary>What the CLI gets from the process around it; tests supply their own to run the CLI in-process.</summary>
public sealed record CliEnvironment(
    TextWriter Out,
    TextWriter Error,
    Func<string, string?> Variable,
    bool OutputIsTerminal,
    string WorkingDirectory)
{
    public static CliEnvironment FromProcess() => new(
        Console.Out,
        Console.Error,
        Environment.GetEnvironmentVariable,
        !Console.IsOutputRedirected && !Console.IsErrorRedirected,
        Environment.CurrentDirectory);
}
