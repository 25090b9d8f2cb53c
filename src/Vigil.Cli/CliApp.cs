using System.Runtime.InteropServices;
using System.CommandLine;
using Vigil.Cli.Commands;
using Vigil.Common;
using TopLevelCommand = (string[] Names, System.Func<Vigil.Cli.GlobalOptions, Vigil.Cli.CliEnvironment, System.Collections.Generic.IEnumerable<System.CommandLine.Command>> Build);

namespace Vigil.Cli;

/// <summary>The <c>vigil</c> command: builds the command tree and turns failures into one-line errors and exit codes.</summary>
public static class CliApp
{
    public static async Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken cancellation = default)
    {
        var root = BuildRoot(environment, args.Length > 0 ? args[0] : null);
        // Response files (@file) would let an argument pull in a file's content unnoticed: off.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var exitCode = ExitCodes.Interrupted;
        // Ctrl-C and SIGTERM (systemd, kill) both stop the work where it stands: stored data is replaced only by
        // complete work, temporary files are removed on the way out.
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            exitCode = context.Signal == PosixSignal.SIGTERM ? ExitCodes.Terminated : ExitCodes.Interrupted;
            interrupt.Cancel();
        }
        using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                Output = environment.Out,
                Error = environment.Error,
                EnableDefaultExceptionHandler = false,
            }, interrupt.Token);
        }
        catch (VigilException e)
        {
            await environment.Error.WriteLineAsync($"vigil: error: {ErrorHints.Line(e)}");
            return ExitCodes.Error;
        }
        catch (Exception e) when (interrupt.IsCancellationRequested && IsCancellation(e))
        {
            await environment.Error.WriteLineAsync("vigil: interrupted; nothing stored was changed");
            return exitCode;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Never the exception's text: it can hold paths, values or secrets, and means nothing to the user.
            await environment.Error.WriteLineAsync($"vigil: internal error: an unexpected {e.GetType().Name} (please report this with the command that caused it)");
            return ExitCodes.Error;
        }
    }

    /// <summary>Cancellation as such, or wrapped by a library that does not let it through (EF Core wraps it in its own errors).</summary>
    private static bool IsCancellation(Exception e) => e is OperationCanceledException || (e.InnerException is { } inner && IsCancellation(inner));

    /// <summary>Help fits a 100-column terminal (and a mail or a review tool) whatever the caller's width.</summary>
    public const int HelpWidth = 100;

    /// <summary>
    /// Descriptions are written as paragraphs broken at the source's width; joined again here (indented lines, such as
    /// examples, stay as they are), so the help renderer can wrap them at <see cref="HelpWidth"/> without ragged lines.
    /// </summary>
    private static void Reflow(Command command)
    {
        if (command.Description is { } description)
        {
            var text = new System.Text.StringBuilder();
            var inParagraph = false;
            foreach (var line in description.Split('\n'))
            {
                if (line.Length > 0 && line[0] != ' ' && inParagraph)
                {
                    text.Append(' ').Append(line);
                    continue;
                }
                text.Append(text.Length > 0 ? "\n" : "").Append(line);
                inParagraph = line.Length > 0 && line[0] != ' ' && !line.EndsWith(':');
            }
            command.Description = text.ToString();
        }
        foreach (var sub in command.Subcommands)
        {
            Reflow(sub);
        }
    }

    /// <summary>
    /// The top-level commands by the names they add, each built only when needed: a run that starts with a command's
    /// name builds that one alone (the whole tree costs 15-20 ms of every start), --version none, help and anything
    /// else the whole tree. The native build has only the commands it runs (<see cref="NativeCommandSet"/>).
    /// </summary>
    private static readonly TopLevelCommand[] TopLevel =
        NativeCommandSet.IsNative ? NativeTopLevel : FullTopLevel;

    private static TopLevelCommand[] NativeTopLevel =>
    [
        (["scan"], (g, e) => [ScanCommand.Build(g, e)]),
        (["kernel"], (g, e) => [KernelCommand.Build(g, e)]),
        (["feeds"], (g, e) => [FeedsCommand.Build(g, e)]),
    ];

    private static TopLevelCommand[] FullTopLevel =>
    [
        .. NativeTopLevel,
        (["sbom"], (g, e) => [SbomCommand.Build(g, e)]),
        (["product"], (g, e) => [ProductCommand.Build(g, e)]),
        (["diff"], (g, e) => [DiffCommand.Build(g, e)]),
        (["triage"], (g, e) => [TriageCommand.Build(g, e)]),
        (["vex"], (g, e) => [TriageCommand.BuildVex(g, e)]),
        (["report"], (g, e) => [ReportCommand.Build(g, e)]),
        (["cra"], (g, e) => [CraCommand.Build(g, e)]),
        (["advisory"], (g, e) => [AdvisoryCommand.Build(g, e)]),
        (["notify"], (g, e) => [ReportCommand.BuildNotify(g, e)]),
        (["release"], (g, e) => [ReleaseCommand.Build(g, e)]),
        (["process"], (g, e) => [ProcessCommand.Build(g, e)]),
        (["db"], (g, e) => [DbCommand.Build(g, e)]),
        (["audit"], (g, e) => [AuditCommand.Build(g, e)]),
        (["serve"], (g, e) => [ServeCommand.Build(g, e)]),
        (["user", "token"], UserCommand.Build),
        (["key", "sign", "verify"], KeyCommand.Build),
    ];

    /// <summary>The command tree; with <paramref name="named"/> the name of a top-level command, only that command's part of it.</summary>
    internal static RootCommand BuildRoot(CliEnvironment environment, string? named = null)
    {
        var globals = new GlobalOptions();
        var root = new RootCommand(
            """
            Vigil tracks the CVEs that affect the Debian packages and the Linux kernel a product ships: debsecan's
            rules for packages, the kernel CNA's records for the kernel, fast, scriptable and exact.

            Start with:
              vigil scan                                   scan this machine (fetches the feed first)
              vigil scan --dpkg-status image.dpkg_status   scan an Isar/CIP image's package list
              vigil kernel scan --version 6.1.119-cip33    which kernel CVEs affect this kernel
              vigil feeds status                           what feed data is cached, and how old it is
              vigil product add gateway --release 1 ...    then scan --product, diff, triage, report
              vigil release manifest dist/                 checksums, then sign, verify, key ...
              vigil process init security                  IEC 62443-4-1 records: check, report

            Exit codes: 0 success, 1 error, 2 findings at or above --fail-on remain (or triage check found gaps).
            """);
        globals.AddTo(root);
        foreach (var help in root.Options.OfType<System.CommandLine.Help.HelpOption>())
        {
            help.Action = new System.CommandLine.Help.HelpAction { MaxWidth = HelpWidth };
        }
        // --version answers before any command is looked at: it needs none. Loops, not LINQ over the table's value
        // tuples, whose code would be compiled at run time on every start.
        var known = false;
        foreach (var (names, _) in TopLevel)
        {
            known |= names.Contains(named);
        }
        foreach (var (names, build) in TopLevel)
        {
            if (named == "--version" || (known && !names.Contains(named)))
            {
                continue;
            }
            foreach (var command in build(globals, environment))
            {
                root.Subcommands.Add(command);
            }
        }
        Reflow(root);
        return root;
    }
}
