using System.Diagnostics.CodeAnalysis;

namespace Vigil.Cli;

/// <summary>What the CLI gets from the process around it; tests supply their own to run the CLI in-process.</summary>
public sealed record CliEnvironment(
    TextWriter Out,
    TextWriter Error,
    Func<string, string?> Variable,
    bool OutputIsTerminal,
    string WorkingDirectory,
    Func<Stream>? StandardInput = null)
{
    /// <summary>
    /// The process's standard output as bytes, for reports (large JSON, long tables) written straight to it in big
    /// blocks rather than through <see cref="Out"/>, which flushes every write; tests, which read <see cref="Out"/>, have none.
    /// </summary>
    public Func<Stream>? StandardOutput { get; init; }

    /// <summary>The one clock every service reads: the system's, or a test's set time.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>How an input named "-" (standard input, as Unix tools take it) is named in messages.</summary>
    public const string StandardInputName = "standard input";

    public static CliEnvironment FromProcess() => new(
        new DeferredConsoleWriter(() => Console.Out),
        new DeferredConsoleWriter(() => Console.Error),
        Environment.GetEnvironmentVariable,
        !Console.IsOutputRedirected && !Console.IsErrorRedirected,
        Environment.CurrentDirectory,
        Console.OpenStandardInput)
    {
        StandardOutput = Console.OpenStandardOutput,
    };

    public static bool IsStandardInput(string? path) => path == "-";

    /// <summary>
    /// All of standard input, bounded like any text input. A read from a pipe or a terminal cannot be cancelled, so it
    /// runs on its own thread and the run stops waiting for it when cancelled (Ctrl-C, SIGTERM): a writer that never
    /// closes the pipe does not keep vigil alive, and the process exits as interrupted.
    /// </summary>
    public async Task<byte[]> ReadStandardInputAsync(CancellationToken cancellation)
    {
        var read = Task.Run(async () =>
        {
            using var input = (StandardInput ?? (() => Stream.Null))();
            return await Common.InputFiles.ReadAllAsync(input, StandardInputName, CancellationToken.None);
        }, CancellationToken.None);
        return await read.WaitAsync(cancellation);
    }

    /// <summary>A path the user gave, taken relative to <see cref="WorkingDirectory"/> (in tests not the process's own).</summary>
    [return: NotNullIfNotNull(nameof(path))]
    public string? PathOf(string? path) => path is null ? null : Path.Combine(WorkingDirectory, path);
}
