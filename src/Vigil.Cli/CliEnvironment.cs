using System.Diagnostics.CodeAnalysis;

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

    /// <summary>A path the user gave, taken relative to <see cref="WorkingDirectory"/> (in tests not the process's own).</summary>
    [return: NotNullIfNotNull(nameof(path))]
    public string? PathOf(string? path) => path is null ? null : Path.Combine(WorkingDirectory, path);
}
