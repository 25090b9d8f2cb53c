using System.CommandLine;
using Vigil.Cli.Output;
using Vigil.Common;
using Vigil.Scanning;
using Vigil.Application;
using static Vigil.Cli.Output.TextTable;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil diff</c>: what changed between two recorded scans of a product release.</summary>
public static class DiffCommand
{
    public static Command Build(GlobalOptions globals, CliEnvironment environment)
    {
        var product = new Option<string>("--product") { Description = "The product", HelpName = "NAME", Required = true };
        var release = new Option<string?>("--product-release") { Description = "Which release [default: the newest]", HelpName = "NAME" };
        var kind = new Option<string?>("--kind") { Description = "debian or kernel [default: debian if the release has packages, else kernel]", HelpName = "KIND" };
        kind.AcceptOnlyFromAmong("debian", "kernel");
        var from = new Option<string?>("--from") { Description = "The earlier scan's id [default: the scan before --to]", HelpName = "SCAN" };
        var to = new Option<string?>("--to") { Description = "The later scan's id [default: the latest]", HelpName = "SCAN" };
        var since = new Option<string?>("--since") { Description = "Compare with the last scan at least this long ago, e.g. 7d or 24h (\"since last week\")", HelpName = "AGE" };
        var format = new Option<string>("--format", "-f") { Description = "Output format", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("diff",
            """
            Compare two recorded scans of a product release: new findings, fixed ones, reopened ones (open again
            after being fixed), severity changes, and changes that come from the feed alone (same inventory, the CVE
            record changed, e.g. re-scored upstream).

            Examples:
              vigil diff --product gateway                 the latest scan against the one before
              vigil diff --product gateway --since 7d      against the last scan a week or more ago
            """)
        {
            product, release, kind, from, to, since, format,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(from) is not null && result.GetResult(since) is not null)
            {
                result.AddError("--from and --since both choose the earlier scan: give one");
            }
        });
        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var productName = parse.GetValue(product)!;
            var outcome = await run.Work.History.DiffAsync(new DiffRequest
            {
                Product = productName,
                Release = parse.GetValue(release),
                Kind = parse.GetValue(kind) is { } named ? ScanKindNames.Parse(named) : null,
                FromScan = parse.GetValue(from),
                ToScan = parse.GetValue(to),
                Since = parse.GetValue(since) is { } age ? Durations.Parse(age, "--since") : null,
            }, cancellation);
            var (diff, releaseRecord, chosenKind) = (outcome.Diff, outcome.Release, outcome.Kind);
            var (earlier, later) = (diff.From, diff.To);
            if (parse.GetValue(format) == "json")
            {
                ReportWriter.WriteUtf8(run, null, stream => Contracts.ContractJson.Write(stream, Contracts.DiffReport.Of(diff), Contracts.ContractJson.Default.DiffReport));
                return ExitCodes.Success;
            }
            environment.Out.WriteLine($"{productName} {releaseRecord.Name}, {chosenKind.Name()}: {earlier.ScannedAt:yyyy-MM-dd HH:mm} ({earlier.Id}) -> {later.ScannedAt:yyyy-MM-dd HH:mm} ({later.Id})"
                + (earlier.InventorySha256 == later.InventorySha256 ? ", same inventory" : ", inventory changed")
                + (earlier.FeedSha256 == later.FeedSha256 ? ", same feed" : ", feed updated"));
            if (diff.Changes.Count == 0)
            {
                environment.Out.WriteLine("No changes.");
                return ExitCodes.Success;
            }
            var table = new TextTable("Change", "CVE", "Component", "Severity", "Detail");
            foreach (var c in diff.Changes)
            {
                table.AddRow(new Cell(c.Change), new Cell(c.VulnerabilityId), new Cell(c.Component), new Cell((c.After ?? c.Before)!.Severity), new Cell(c.Detail));
            }
            table.Write(environment.Out, run.Colour);
            environment.Out.WriteLine(string.Join(", ", diff.Changes.GroupBy(c => c.Change).Select(g => $"{g.Count()} {g.Key}")));
            return ExitCodes.Success;
        });
        return command;
    }
}
