using System.CommandLine;
using Vigil.Cli.Commands;
using Vigil.Common;

namespace Vigil.Cli;

/// <summary>The <c>vigil</c> command: builds the command tree and turns failures into one-line errors and exit codes.</summary>
public static class CliApp
{
    public static async Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken cancellation = default)
    {
        var root = BuildRoot(environment);
        // Response files (@file) would let an argument pull in a file's content unnoticed: off.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            interrupt.Cancel();
        };
        Console.CancelKeyPress += onCancel;
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
            await environment.Error.WriteLineAsync($"vigil: error: {e.Message}");
            return ExitCodes.Error;
        }
        catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
        {
            await environment.Error.WriteLineAsync("vigil: interrupted; nothing stored was changed");
            return ExitCodes.Interrupted;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await environment.Error.WriteLineAsync($"vigil: internal error: {e.GetType().Name}: {e.Message} (please report this)");
            return ExitCodes.Error;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static RootCommand BuildRoot(CliEnvironment environment)
    {
        var globals = new GlobalOptions();
        var root = new RootCommand(
            """
            Vigil tracks the CVEs that affect the Debian packages and the Linux kernel a product ships: debsecan's
            rules for packages, the kernel CNA's records for the kernel, fast, scriptable and exact.

            Start with:
              vigil scan                                   scan this machine (fetches the Debian feed on first use)
              vigil scan --dpkg-status image.dpkg_status   scan an Isar/CIP image's package list
              vigil kernel scan --version 6.1.119-cip33    which kernel CVEs affect this kernel
              vigil feeds status                           what feed data is cached, and how old it is
              vigil product add gateway --release 1 ...    then scan --product, diff, triage, vex, report, notify
              vigil release manifest dist/                 checksums, then sign, verify, key ...
              vigil process init security                  IEC 62443-4-1 records: check, checklist, report

            Exit codes: 0 success, 1 error, 2 findings at or above --fail-on remain (or triage check found gaps).
            """);
        globals.AddTo(root);
        root.Subcommands.Add(ScanCommand.Build(globals, environment));
        root.Subcommands.Add(KernelCommand.Build(globals, environment));
        root.Subcommands.Add(FeedsCommand.Build(globals, environment));
        root.Subcommands.Add(ProductCommand.Build(globals, environment));
        root.Subcommands.Add(DiffCommand.Build(globals, environment));
        root.Subcommands.Add(TriageCommand.Build(globals, environment));
        root.Subcommands.Add(TriageCommand.BuildVex(globals, environment));
        root.Subcommands.Add(ReportCommand.Build(globals, environment));
        root.Subcommands.Add(ReportCommand.BuildNotify(globals, environment));
        root.Subcommands.Add(ReleaseCommand.Build(globals, environment));
        root.Subcommands.Add(ProcessCommand.Build(globals, environment));
        root.Subcommands.Add(DbCommand.Build(globals, environment));
        foreach (var command in KeyCommand.Build(globals, environment))
        {
            root.Subcommands.Add(command);
        }
        return root;
    }
}
