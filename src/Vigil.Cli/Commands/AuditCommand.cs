using System.CommandLine;
using System.Text.Json;
using Vigil.Application;
using Vigil.Cli.Output;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil audit verify|list</c>: the hash-chained record of every change (SM-7, DM, SUM evidence).</summary>
public static class AuditCommand
{
    public static Command Build(GlobalOptions globals, CliEnvironment environment)
    {
        var audit = new Command("audit", "The audit log: every change made through the server or the command line, who made it, from where, before and after");
        audit.Subcommands.Add(BuildVerify(globals, environment));
        audit.Subcommands.Add(BuildList(globals, environment));
        return audit;
    }

    private static Command BuildVerify(GlobalOptions globals, CliEnvironment environment)
    {
        var anchor = new Option<string?>("--anchor")
        {
            Description = "A head recorded earlier, as SEQUENCE:HASH (what verify printed then): also proves the log was not cut short",
            HelpName = "SEQ:HASH",
        };
        var command = new Command("verify",
            """
            Walk the audit chain: each entry must match its own hash and link to the one before, with no gaps. Exit 0
            when it holds (and prints the head, SEQUENCE:HASH, to keep as an anchor), 1 naming the first entry that
            was altered, removed or inserted.
            """)
        {
            anchor,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            long? anchorSequence = null;
            string? anchorHash = null;
            if (parse.GetValue(anchor) is { } given)
            {
                var colon = given.IndexOf(':', StringComparison.Ordinal);
                anchorSequence = colon > 0 && long.TryParse(given[..colon], System.Globalization.CultureInfo.InvariantCulture, out var sequence) && sequence > 0 && given.Length - colon - 1 == 64
                    ? sequence
                    : throw new Common.VigilException($"--anchor '{given}': expected SEQUENCE:HASH, e.g. 42:{new string('0', 64)}");
                anchorHash = given[(colon + 1)..];
            }
            var result = await run.Use<AuditUseCases>().VerifyAsync(anchorSequence, anchorHash, cancellation);
            if (result.Break is { } broken)
            {
                environment.Error.WriteLine($"vigil: audit log broken at entry {broken.Sequence}: {broken.Problem} ({result.Entries} entries before it hold)");
                return ExitCodes.Error;
            }
            environment.Out.WriteLine($"{result.Entries}:{result.HeadHash}");
            run.Notice($"audit log holds: {result.Entries} entries, each matching its hash and linked to the one before");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command BuildList(GlobalOptions globals, CliEnvironment environment)
    {
        var from = new Option<long>("--from") { Description = "First entry", HelpName = "SEQUENCE", DefaultValueFactory = _ => 1 };
        var limit = new Option<int>("--limit") { Description = "At most this many entries", HelpName = "N", DefaultValueFactory = _ => 1000 };
        var format = new Option<string>("--format", "-f") { Description = "Output format (json for export)", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("list", "List audit entries in order: when, who, from where, what, on what") { from, limit, format };
        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var entries = await run.Use<AuditUseCases>().ListAsync(parse.GetValue(from), parse.GetValue(limit), cancellation);
            if (parse.GetValue(format) == "json")
            {
                ReportWriter.WriteUtf8(run, null, stream => JsonSerializer.Serialize(stream, Contracts.AuditEntryView.Of(entries), Contracts.ContractJson.Reports.IReadOnlyListAuditEntryView));
                return ExitCodes.Success;
            }
            foreach (var e in entries)
            {
                environment.Out.WriteLine($"{e.Sequence}\t{e.At:yyyy-MM-dd HH:mm:ss}\t{e.Actor}\t{e.Origin}\t{e.Action}\t{e.Subject}");
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
