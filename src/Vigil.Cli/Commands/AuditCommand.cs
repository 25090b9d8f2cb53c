using System.CommandLine;
using Vigil.Audit;
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
        audit.Subcommands.Add(BuildExport(globals, environment));
        audit.Subcommands.Add(BuildAnchor(globals, environment));
        return audit;
    }

    private static Command BuildVerify(GlobalOptions globals, CliEnvironment environment)
    {
        var anchor = new Option<string?>("--anchor")
        {
            Description = "A head recorded earlier, as SEQUENCE:HASH (what verify printed then): also proves the log was not cut short",
            HelpName = "SEQ:HASH",
        };
        var anchors = new Option<string?>("--anchors") { Description = "An anchors file ('vigil audit anchor', or the server's daily anchors): every anchor in it must still be reached", HelpName = "FILE" };
        var command = new Command("verify",
            """
            Walk the audit chain: each entry must match its own hash and link to the one before, with no gaps. Exit 0
            when it holds (and prints the head, SEQUENCE:HASH, to keep as an anchor), 1 naming the first entry that
            was altered, removed or inserted, or the anchor the log was cut short of.
            """)
        {
            anchor, anchors,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var given = new List<AuditAnchor>();
            if (parse.GetValue(anchor) is { } text)
            {
                given.Add(AuditAnchor.Parse(text, "--anchor"));
            }
            if (environment.PathOf(parse.GetValue(anchors)) is { } file)
            {
                given.AddRange(AuditAnchor.ReadFile(file));
            }
            var result = await run.Work.Audit.VerifyAsync(given, cancellation);
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

    private static Command BuildAnchor(GlobalOptions globals, CliEnvironment environment)
    {
        var file = new Argument<string>("FILE") { Description = "The anchors file to append to (keep it away from the database: another machine, a WORM share, a signed commit)" };
        var command = new Command("anchor",
            """
            Verify the chain against the anchors already in FILE and, when it holds, append its head (SEQUENCE:HASH and
            the time) as a new anchor. Truncating the log afterwards is then caught by 'vigil audit verify --anchors FILE'.
            The server does this daily by itself (see 'vigil serve --audit-anchors').
            """)
        {
            file,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var (anchored, verification) = await run.Work.Audit.AnchorAsync(environment.PathOf(parse.GetValue(file))!, cancellation);
            if (verification.Break is { } broken)
            {
                environment.Error.WriteLine($"vigil: audit log broken at entry {broken.Sequence}: {broken.Problem}; not anchored");
                return ExitCodes.Error;
            }
            environment.Out.WriteLine(anchored!.Line);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command BuildExport(GlobalOptions globals, CliEnvironment environment)
    {
        var output = new Option<string?>("--output", "-o") { Description = "Write the export to FILE (default: standard output)", HelpName = "FILE" };
        var command = new Command("export",
            """
            Export the whole audit log for an auditor: every entry in order as JSON (the schema of 'audit list --format
            json'), hashes included, so the chain can be checked with other tools.
            """)
        {
            output,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var entries = await run.Work.Audit.ExportAsync(cancellation);
            ReportWriter.WriteUtf8(run, environment.PathOf(parse.GetValue(output)),
                stream => Contracts.ContractJson.Write(stream, Contracts.AuditEntryView.Of(entries), Contracts.ContractJson.Default.IReadOnlyListAuditEntryView));
            run.Notice($"exported {entries.Count} audit entries");
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
            var entries = await run.Work.Audit.ListAsync(parse.GetValue(from), parse.GetValue(limit), cancellation);
            if (parse.GetValue(format) == "json")
            {
                ReportWriter.WriteUtf8(run, null, stream => Contracts.ContractJson.Write(stream, Contracts.AuditEntryView.Of(entries), Contracts.ContractJson.Default.IReadOnlyListAuditEntryView));
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
