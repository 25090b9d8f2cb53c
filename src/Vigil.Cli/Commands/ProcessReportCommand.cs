using System.CommandLine;
using Vigil.Cli.Output;
using Vigil.ProcessRecords;
using static Vigil.Cli.Output.TextTable;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil process report</c> and <c>vigil process matrix</c>.</summary>
public static class ProcessReportCommand
{
    public static Command BuildReport(GlobalOptions globals, CliEnvironment environment)
    {
        var folder = ProcessCommand.FolderArgument();
        var release = new Option<string>("--release") { Description = "The release the report is for", HelpName = "R", Required = true };
        var format = new Option<string>("--format", "-f") { Description = "markdown or html", DefaultValueFactory = _ => "markdown" };
        format.AcceptOnlyFromAmong("markdown", "html");
        var output = new Option<string?>("--output", "-o") { Description = "Write the report to FILE", HelpName = "FILE" };
        var product = new Option<string?>("--product") { Description = "Add the CVE status of this Vigil product's release (from recorded scans)", HelpName = "NAME" };
        var command = new Command("report", "The assessor-ready report of a release: all 47 requirements, traceability, review calendar, open gaps, CVE status")
        {
            folder, release, format, output, product,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var report = await run.Work.Process.ReportAsync(environment.PathOf(parse.GetValue(folder)!), parse.GetValue(folder)!, parse.GetValue(release)!, parse.GetValue(product), cancellation);
            var path = environment.PathOf(parse.GetValue(output));
            ReportWriter.Write(run, path, (writer, _) => writer.Write(parse.GetValue(format) == "html" ? report.ToHtml() : report.ToMarkdown()));
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command BuildMatrix(GlobalOptions globals, CliEnvironment environment)
    {
        var folder = ProcessCommand.FolderArgument();
        var from = new Option<string>("--from") { Description = "Rows: threat, mitigation, requirement, design or test", Required = true };
        from.AcceptOnlyFromAmong(Traceability.Kinds);
        var to = new Option<string>("--to") { Description = "What each row traces to: threat, mitigation, requirement, design or test", Required = true };
        to.AcceptOnlyFromAmong(Traceability.Kinds);
        var format = new Option<string>("--format", "-f") { Description = "table or csv", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "csv");
        var command = new Command("matrix", "Print a traceability matrix, e.g. --from threat --to test; rows that reach nothing say none") { folder, from, to, format };
        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var matrix = await run.Work.Process.MatrixAsync(environment.PathOf(parse.GetValue(folder)!), parse.GetValue(folder)!, parse.GetValue(from)!, parse.GetValue(to)!, cancellation);
            if (parse.GetValue(format) == "csv")
            {
                environment.Out.Write($"{parse.GetValue(from)},{parse.GetValue(to)}\n");
                foreach (var (row, targets) in matrix)
                {
                    foreach (var target in targets.DefaultIfEmpty(""))
                    {
                        environment.Out.Write($"{row},{target}\n");
                    }
                }
                return ExitCodes.Success;
            }
            var table = new TextTable(parse.GetValue(from)!, parse.GetValue(to)!);
            foreach (var (row, targets) in matrix)
            {
                table.AddRow(new Cell(row), targets.Count == 0 ? new Cell("none", "31") : new Cell(string.Join(", ", targets)));
            }
            table.Write(environment.Out, run.Colour);
            return ExitCodes.Success;
        });
        return command;
    }
}
