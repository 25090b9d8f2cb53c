using System.CommandLine;
using Vigil.Cli.Output;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil process init|check|checklist|report|matrix</c>: IEC 62443-4-1 evidence as records in git.</summary>
public static class ProcessCommand
{
    public static Command Build(GlobalOptions globals, CliEnvironment environment)
    {
        var process = new Command("process", "IEC 62443-4-1 process records as YAML next to the product's code: validate, measure, report");
        process.Subcommands.Add(BuildInit(globals, environment));
        process.Subcommands.Add(BuildCheck(globals, environment));
        process.Subcommands.Add(BuildChecklist(globals, environment));
        process.Subcommands.Add(ProcessReportCommand.BuildReport(globals, environment));
        process.Subcommands.Add(ProcessReportCommand.BuildMatrix(globals, environment));
        return process;
    }

    internal static Argument<string> FolderArgument() => new("DIR") { Description = "The records folder", DefaultValueFactory = _ => "security" };

    private static Command BuildInit(GlobalOptions globals, CliEnvironment environment)
    {
        var folder = FolderArgument();
        var command = new Command("init", "Write a starter records folder on CIP's defaults, every field explained in a comment; it passes 'process check' as it is") { folder };
        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var written = await run.Work.Process.InitAsync(environment.PathOf(parse.GetValue(folder)!), cancellation);
            run.Notice($"wrote {written.Count} files into {parse.GetValue(folder)}: edit them, then run 'vigil process check {parse.GetValue(folder)}'");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command BuildCheck(GlobalOptions globals, CliEnvironment environment)
    {
        var folder = FolderArgument();
        var format = new Option<string>("--format", "-f") { Description = "Output format", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("check",
            """
            Validate the records (schema errors as file:line) and list the gaps an assessor would find, each with the
            requirement it endangers. Exit code 1 while gaps remain: use it to gate merge requests.
            """)
        {
            folder, format,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var gaps = await run.Work.Process.CheckAsync(environment.PathOf(parse.GetValue(folder)!), parse.GetValue(folder)!, cancellation);
            if (parse.GetValue(format) == "json")
            {
                ReportWriter.WriteUtf8(run, null, stream => Contracts.ContractJson.Write(stream,
                    new Contracts.ProcessCheckReport([.. gaps.Select(g => new Contracts.ProcessCheckReport.GapEntry(g.Requirement, g.Where.File, g.Where.Line, g.Problem))]),
                    Contracts.ContractJson.Default.ProcessCheckReport));
            }
            else
            {
                foreach (var gap in gaps)
                {
                    environment.Out.WriteLine($"{gap.Where}: [{gap.Requirement}] {gap.Problem}");
                }
                environment.Out.WriteLine(gaps.Count == 0 ? "No gaps." : $"{gaps.Count} gaps.");
            }
            return gaps.Count == 0 ? ExitCodes.Success : ExitCodes.Error;
        });
        return command;
    }

    private static Command BuildChecklist(GlobalOptions globals, CliEnvironment environment)
    {
        var folder = FolderArgument();
        var release = new Option<string>("--release") { Description = "The release the checklist is for", HelpName = "R", Required = true };
        var from = new Option<string?>("--from") { Description = "Carry the previous release's checklist over and show what changed", HelpName = "R-1" };
        var command = new Command("checklist", "Start a release's SM-12 checklist: every applicable requirement, with the previous release's status and evidence carried over")
        {
            folder, release, from,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var started = await run.Work.Process.StartChecklistAsync(environment.PathOf(parse.GetValue(folder)!), parse.GetValue(folder)!, parse.GetValue(release)!, parse.GetValue(from), cancellation);
            environment.Out.WriteLine($"{started.Path}: {started.Items} requirements");
            foreach (var change in started.Changes)
            {
                environment.Out.WriteLine($"  changed: {change}");
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
