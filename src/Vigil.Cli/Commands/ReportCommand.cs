using System.CommandLine;
using Vigil.Cli.Output;
using Vigil.Common;
using Vigil.Application;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil report weekly</c> and <c>vigil notify</c>: the weekly CVE report, rendered or mailed (DM-1..DM-5, SUM-2).</summary>
public static class ReportCommand
{
    public static Command Build(GlobalOptions globals, CliEnvironment environment)
    {
        var report = new Command("report", "Reports for people: the weekly CVE report of a product");
        var product = TriageCommand.ProductOption();
        var since = SinceOption();
        var format = new Option<string>("--format", "-f") { Description = "text (for a mailing list), markdown or html", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "markdown", "html");
        var output = new Option<string?>("--output", "-o") { Description = "Write the report to FILE", HelpName = "FILE" };
        var policy = TriageCommand.PolicyOption();
        var weekly = new Command("weekly",
            """
            What changed and what stands for a product: per release, new and fixed CVEs since the scan a week ago,
            what is still open by risk, the decisions taken and the triage that is overdue.
            """)
        {
            product, since, format, output, policy,
        };
        weekly.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var built = await run.Work.Reports.WeeklyAsync(parse.GetValue(product)!, Durations.Parse(parse.GetValue(since)!, "--since"), environment.PathOf(parse.GetValue(policy)), cancellation);
            var path = environment.PathOf(parse.GetValue(output));
            ReportWriter.Write(run, path, (writer, _) => writer.Write(parse.GetValue(format) switch
            {
                "markdown" => built.ToMarkdown(),
                "html" => built.ToHtml(),
                _ => built.ToText(VersionInfo.Current),
            }));
            return ExitCodes.Success;
        });
        report.Subcommands.Add(weekly);
        return report;
    }

    public static Command BuildNotify(GlobalOptions globals, CliEnvironment environment)
    {
        var products = new Option<string[]>("--product") { Description = "Report on this product (repeat for several)", HelpName = "NAME", AllowMultipleArgumentsPerToken = false };
        var all = new Option<bool>("--all") { Description = "Report on every product" };
        var mail = new MailOptions(recipientsRequired: true);
        var digest = new Option<bool>("--digest") { Description = "One message for all products instead of one per product" };
        var force = new Option<bool>("--force") { Description = "Send even if nothing changed or the same report was sent before" };
        var since = SinceOption();
        var policy = TriageCommand.PolicyOption();
        var command = new Command("notify",
            """
            Mail the weekly report by SMTP: one message per product, or --digest. Sends only when something changed
            in the period, and remembers what it sent, so running it from cron twice sends nothing twice.

            Example:
              VIGIL_SMTP_PASSWORD=... vigil notify --all --to cve-reports@lists.example.org --from vigil@example.org \
                --smtp-host smtp.example.org --smtp-user vigil
            """)
        {
            products, all, digest, force, since, policy,
        };
        mail.AddTo(command);
        command.Validators.Add(result =>
        {
            if ((result.GetValue(products) is not { Length: > 0 }) == !result.GetValue(all))
            {
                result.AddError("say which products: --product NAME (repeatable) or --all");
            }
        });
        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var settings = mail.Settings(parse, environment);
            var request = new NotifyRequest(parse.GetValue(all) ? null : parse.GetValue(products), settings, parse.GetValue(digest), parse.GetValue(force),
                Durations.Parse(parse.GetValue(since)!, "--since"), environment.PathOf(parse.GetValue(policy)));
            foreach (var outcome in await run.Work.Reports.NotifyAsync(request, cancellation))
            {
                run.Notice($"{outcome.Scope}: {(outcome.Sent ? "" : "not sent, ")}{outcome.Why}");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Option<string> SinceOption() => new("--since") { Description = "The period the report covers, e.g. 7d, 24h, 2w", HelpName = "AGE", DefaultValueFactory = _ => "7d" };
}
