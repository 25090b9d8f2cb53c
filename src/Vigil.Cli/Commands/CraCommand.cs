using System.CommandLine;
using System.Globalization;
using Vigil.Application;
using Vigil.Cli.Output;
using Vigil.Common;
using Vigil.Cra;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil cra status|submit|mark</c>: the EU Cyber Resilience Act's Article 14 reporting clock.</summary>
public static class CraCommand
{
    public static Command Build(GlobalOptions globals, CliEnvironment environment)
    {
        var cra = new Command("cra",
            """
            CRA Article 14: an actively exploited vulnerability in a product (listed in CISA's KEV catalog, or marked)
            opens a reporting case. Early warning within 24 h of becoming aware, notification within 72 h, final
            report within 14 days after a fix is available; the cases and the reports sent are kept in the audit log.
            """);
        cra.Subcommands.Add(BuildStatus(globals, environment));
        cra.Subcommands.Add(BuildDraft(globals, environment));
        cra.Subcommands.Add(BuildSubmit(globals, environment));
        cra.Subcommands.Add(BuildMark(globals, environment));
        return cra;
    }

    private static Command BuildStatus(GlobalOptions globals, CliEnvironment environment)
    {
        var product = new Option<string?>("--product") { Description = "Only this product's cases [default: every product's]", HelpName = "NAME" };
        var format = new Option<string>("--format", "-f") { Description = "Output format", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("status",
            """
            Open the cases of exploited vulnerabilities found since the last look, and list every case with the time
            left per report, most urgent first. Exits 2 when a report is overdue, so a CI job or cron can alarm.
            """)
        {
            product, format,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var now = run.Environment.Clock.GetUtcNow();
            var cases = await run.Work.Cra.StatusAsync(parse.GetValue(product), cancellation);
            if (parse.GetValue(format) == "json")
            {
                ReportWriter.WriteUtf8(run, null, stream => Contracts.ContractJson.Write(stream, Contracts.CraStatusReport.Of(cases, now), Contracts.ContractJson.Default.CraStatusReport));
            }
            else if (cases.Count == 0)
            {
                run.Notice("no reporting cases: no open finding is known exploited (import CISA's catalog with 'vigil feeds update kev', or mark one with 'vigil cra mark')");
            }
            else
            {
                var table = new TextTable("Case", "Aware since", "Early warning (24 h)", "Notification (72 h)", "Final report (fix + 14 d)", "Evidence");
                foreach (var c in cases)
                {
                    string[] cells = [c.Id, $"{c.Case.AwareAt:yyyy-MM-dd HH:mm} UTC", .. c.Deadlines.Select(d => d.Describe(now)), c.Case.EvidenceDetail];
                    table.AddRow([.. cells.Select(text => new TextTable.Cell(text))]);
                }
                table.Write(environment.Out, run.Colour);
            }
            var overdue = cases.Where(c => c.IsOverdue(now)).ToArray();
            if (overdue.Length > 0)
            {
                environment.Error.WriteLine($"vigil: {overdue.Length} reporting case(s) with an overdue report: {string.Join(", ", overdue.Select(c => c.Id))}");
                return ExitCodes.GateFailed;
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command BuildDraft(GlobalOptions globals, CliEnvironment environment)
    {
        var caseName = new Argument<string>("CASE") { Description = "The case, as 'vigil cra status' names it: PRODUCT/CVE" };
        var stage = new Option<string?>("--stage") { Description = "Which report [default: the next one to send]", HelpName = "early-warning|notification|final-report" };
        stage.AcceptOnlyFromAmong([.. CraWords.Stages.All]);
        var format = new Option<string>("--format", "-f") { Description = "Output format", DefaultValueFactory = _ => "markdown" };
        format.AcceptOnlyFromAmong("markdown", "json");
        var output = new Option<string?>("--output", "-o") { Description = "Write the draft to FILE instead of standard output", HelpName = "FILE" };
        var advisories = new Option<string?>("--advisories") { Description = "The CSAF provider tree 'vigil advisory' writes, to say whether users were informed", HelpName = "DIR" };
        var command = new Command("draft",
            "Write what a report of a case needs (product and versions affected, the vulnerability, the exploitation, corrective measures, whether users were informed), "
            + "filled from the scans, the triage and the advisories; what Vigil cannot know is marked [to fill in]")
        {
            caseName, stage, format, output, advisories,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var outputPath = environment.PathOf(parse.GetValue(output));
            ReportWriter.CheckWritable(outputPath);
            var draft = await run.Work.Cra.DraftAsync(parse.GetValue(caseName)!, parse.GetValue(stage) is { } named ? CraWords.Stages.Parse(named, "--stage") : null,
                environment.PathOf(parse.GetValue(advisories)), cancellation);
            if (parse.GetValue(format) == "json")
            {
                ReportWriter.WriteUtf8(run, outputPath, stream => Contracts.ContractJson.Write(stream, Contracts.CraDraftView.Of(draft), Contracts.ContractJson.Default.CraDraftView));
            }
            else
            {
                ReportWriter.Write(run, outputPath, (writer, _) => writer.Write(draft.ToMarkdown(run.Environment.Clock.GetUtcNow())));
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command BuildSubmit(GlobalOptions globals, CliEnvironment environment)
    {
        var caseName = new Argument<string>("CASE") { Description = "The case, as 'vigil cra status' names it: PRODUCT/CVE" };
        var stage = new Option<string>("--stage") { Description = "Which report was sent", HelpName = "early-warning|notification|final-report", Required = true };
        stage.AcceptOnlyFromAmong([.. CraWords.Stages.All]);
        var reference = new Option<string>("--reference") { Description = "The reporting platform's reference for the report", HelpName = "TEXT", Required = true };
        var at = new Option<string?>("--at") { Description = "When it was sent, ISO 8601 [default: now]", HelpName = "TIME" };
        var author = TriageCommand.AuthorOption();
        var command = new Command("submit", "Record that a report of a case was sent (ENISA's single reporting platform): it closes that report's deadline")
        {
            caseName, stage, reference, at, author,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var standing = await run.Work.Cra.SubmitAsync(new ReportSubmissionRequest(parse.GetValue(caseName)!, CraWords.Stages.Parse(parse.GetValue(stage)!, "--stage"),
                parse.GetValue(reference)!, TriageCommand.Author(parse.GetValue(author), environment), Time(parse.GetValue(at), "--at")), cancellation);
            run.Notice($"recorded the {parse.GetValue(stage)} of {standing.Id}" + (standing.Next is { } next
                ? $"; next: {CraWords.Stages[next.Stage]} {next.Describe(run.Environment.Clock.GetUtcNow())}" : standing.IsClosed ? "; the case is closed" : ""));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command BuildMark(GlobalOptions globals, CliEnvironment environment)
    {
        var product = TriageCommand.ProductOption();
        var cve = new Option<string>("--cve") { Description = "The vulnerability", HelpName = "CVE-ID", Required = true };
        var source = new Option<string>("--source") { Description = "Who says it is exploited: a customer report, a CERT notice, a vendor advisory", HelpName = "TEXT", Required = true };
        var aware = new Option<string?>("--aware-at") { Description = "When you learned it, ISO 8601 [default: now]; the 24 h clock runs from it", HelpName = "TIME" };
        var author = TriageCommand.AuthorOption();
        var command = new Command("mark", "Mark a vulnerability actively exploited in a product (not in CISA's catalog, or known earlier): it opens a reporting case once a scan finds it")
        {
            product, cve, source, aware, author,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var mark = await run.Work.Cra.MarkExploitedAsync(new ExploitationMarkRequest(parse.GetValue(product)!, parse.GetValue(cve)!, parse.GetValue(source)!,
                TriageCommand.Author(parse.GetValue(author), environment), Time(parse.GetValue(aware), "--aware-at")), cancellation);
            run.Notice($"marked {mark.VulnerabilityId} actively exploited in {parse.GetValue(product)} (aware since {mark.AwareAt:yyyy-MM-dd HH:mm} UTC); 'vigil cra status' shows its case");
            return ExitCodes.Success;
        });
        return command;
    }

    private static DateTimeOffset? Time(string? text, string option) =>
        text is null ? null
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time.ToUniversalTime()
        : throw new VigilException($"{option} '{text}': expected an ISO 8601 time such as 2026-11-27T09:30:00Z");
}
