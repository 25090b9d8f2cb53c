using System.CommandLine;
using System.Globalization;
using Vigil.Cli.Output;
using Vigil.Common;
using Vigil.Application;
using Vigil.Triage;
using static Vigil.Cli.Output.TextTable;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil triage set|list|history|check</c> and <c>vigil vex export|import</c>: deciding about findings (SM-9).</summary>
public static class TriageCommand
{
    public static Command Build(GlobalOptions globals, CliEnvironment environment)
    {
        var triage = new Command("triage", "Decide about a product's findings: state, justification, response, threat-model reference; with history");
        triage.Subcommands.Add(BuildSet(globals, environment));
        triage.Subcommands.Add(BuildList(globals, environment));
        triage.Subcommands.Add(BuildHistory(globals, environment));
        triage.Subcommands.Add(BuildCheck(globals, environment));
        return triage;
    }

    public static Command BuildVex(GlobalOptions globals, CliEnvironment environment)
    {
        var vex = new Command("vex", "Exchange triage decisions as VEX documents (OpenVEX or CycloneDX)");
        var product = ProductOption();
        var output = new Option<string?>("--output", "-o") { Description = "Write the document to FILE instead of standard output", HelpName = "FILE" };
        var author = AuthorOption();
        var format = new Option<string>("--format", "-f") { Description = "openvex (0.2.0) or cyclonedx (1.6 VEX)", DefaultValueFactory = _ => "openvex" };
        format.AcceptOnlyFromAmong("openvex", "cyclonedx");
        var export = new Command("export", "Write the product's current decisions as a VEX document") { product, output, author, format };
        export.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var document = await run.Work.Triage.ExportVexAsync(new VexExportRequest(parse.GetValue(product)!,
                parse.GetValue(format) == "cyclonedx" ? VexFormat.CycloneDx : VexFormat.OpenVex, Author(parse.GetValue(author), environment)), cancellation);
            ReportWriter.WriteUtf8(run, environment.PathOf(parse.GetValue(output)), document.WriteTo);
            return ExitCodes.Success;
        });
        var file = new Argument<string>("FILE") { Description = "An OpenVEX or CycloneDX VEX document (told apart by content); - reads standard input" };
        var importProduct = ProductOption();
        var import = new Command("import", "Record a VEX document's statements as triage decisions for the product (all of them, or none if any is malformed)")
        {
            file, importProduct,
        };
        import.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var given = parse.GetValue(file)!;
            var outcome = await run.Work.Triage.ImportVexAsync(CliEnvironment.IsStandardInput(given)
                ? new VexImportRequest(parse.GetValue(importProduct)!, CliEnvironment.StandardInputName, Content: await environment.ReadStandardInputAsync(cancellation))
                : new VexImportRequest(parse.GetValue(importProduct)!, environment.PathOf(given)), cancellation);
            var (found, stored, unmatched) = (outcome.Product, outcome.Stored, outcome.Unmatched);
            run.Notice($"imported {stored.Count} statements into {found.Name}'s triage{(unmatched.Count == 0 ? "" : $"; {unmatched.Count} match no open finding")}");
            foreach (var miss in unmatched)
            {
                run.Warn(miss.Component is null
                    ? $"{miss.Statement.VulnerabilityId} on {miss.Statement.Product} was not imported: {miss.Reason}"
                    : $"{miss.Statement.VulnerabilityId} on {miss.Statement.Product} ({miss.Component}) matches no open finding: {miss.Reason}");
            }
            return ExitCodes.Success;
        });
        vex.Subcommands.Add(export);
        vex.Subcommands.Add(import);
        return vex;
    }

    internal static Option<string> ProductOption() => new("--product") { Description = "The product", HelpName = "NAME", Required = true };

    internal static Option<string?> AuthorOption() => new("--author") { Description = "Who decides [default: $VIGIL_AUTHOR, else $USER, else the account's name]", HelpName = "NAME" };

    internal static Option<string?> PolicyOption() => new("--policy")
    {
        Description = "The team's risk policy (YAML) [default: $VIGIL_POLICY, else policy.yml in the data directory, else built-in: CVSS 7/4, unrated = medium, remote raises]",
        HelpName = "FILE",
    };

    /// <summary>Who decides: the option, VIGIL_AUTHOR, USER, else the account running Vigil; never nobody.</summary>
    internal static string Author(string? given, CliEnvironment environment) =>
        new[] { given, environment.Variable("VIGIL_AUTHOR"), environment.Variable("USER"), Environment.UserName }.FirstOrDefault(a => !string.IsNullOrWhiteSpace(a))
        ?? throw new VigilException("no author: pass --author NAME or set VIGIL_AUTHOR");

    private static Command BuildSet(GlobalOptions globals, CliEnvironment environment)
    {
        var product = ProductOption();
        var cve = new Option<string>("--cve") { Description = "The vulnerability", HelpName = "CVE-ID", Required = true };
        var component = new Option<string>("--component") { Description = "The Debian source package, or linux for the kernel", HelpName = "NAME", Required = true };
        // The value lists go into the descriptions, which wrap, not into the option column, which does not.
        var state = new Option<string>("--state") { Description = $"The analysis state: {string.Join(", ", TriageWords.States.All)}", HelpName = "STATE", Required = true };
        state.AcceptOnlyFromAmong([.. TriageWords.States.All]);
        var justification = new Option<string?>("--justification")
        {
            Description = $"Why not_affected (OpenVEX/CycloneDX vocabulary): {string.Join(", ", TriageWords.Justifications.All)}",
            HelpName = "WHY",
        };
        justification.AcceptOnlyFromAmong([.. TriageWords.Justifications.All]);
        var response = new Option<string?>("--response") { Description = $"What is done about it: {string.Join(", ", TriageWords.Responses.All)}", HelpName = "RESPONSE" };
        response.AcceptOnlyFromAmong([.. TriageWords.Responses.All]);
        var detail = new Option<string>("--detail") { Description = "Free text: the reasoning a reviewer reads", HelpName = "TEXT", DefaultValueFactory = _ => "" };
        var threat = new Option<string?>("--threat") { Description = "The threat-model entry or mitigation that handles it (required in practice for affected medium/high findings)", HelpName = "REF" };
        var expires = new Option<string?>("--expires") { Description = "Look at it again by this date (YYYY-MM-DD)", HelpName = "DATE" };
        var author = AuthorOption();
        var command = new Command("set",
            """
            Record a decision about a CVE in a component of a product. Decisions are never overwritten: each one joins the
            history. A decision holds for the component version and CVE record it was made for, across scans and
            releases; when either changes, the finding is flagged for review again.

            Example:
              vigil triage set --product gateway --cve CVE-2024-26581 --component linux --state not_affected \
                --justification vulnerable_code_not_present --detail "nftables is not built"
            """)
        {
            product, cve, component, state, justification, response, detail, threat, expires, author,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            DateTimeOffset? expiry = null;
            if (parse.GetValue(expires) is { } text)
            {
                expiry = DateTimeOffset.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
                    ? date
                    : throw new VigilException($"--expires '{text}': expected a date as YYYY-MM-DD");
            }
            var stored = await run.Work.Triage.DecideAsync(parse.GetValue(product)!,
                new TriageService.Decision(parse.GetValue(cve)!, parse.GetValue(component)!, parse.GetValue(state)!, parse.GetValue(justification),
                    parse.GetValue(response), parse.GetValue(detail)!, parse.GetValue(threat), Author(parse.GetValue(author), environment), expiry, "cli"), cancellation);
            run.Notice($"recorded: {stored.VulnerabilityId} in {stored.Component} is {stored.State.Name()}{(stored.ComponentVersion is { } v ? $" (for {v})" : " (no open finding now; holds for any version)")}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command BuildList(GlobalOptions globals, CliEnvironment environment)
    {
        var product = ProductOption();
        var policy = PolicyOption();
        var format = new Option<string>("--format", "-f") { Description = "Output format", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("list", "The open findings of the product's latest scans with their risk category and the decision that applies") { product, policy, format };
        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var findings = await run.Work.Triage.ListAsync(parse.GetValue(product)!, environment.PathOf(parse.GetValue(policy)), cancellation);
            if (parse.GetValue(format) == "json")
            {
                ReportWriter.WriteUtf8(run, null, stream => Contracts.ContractJson.Write(stream, Contracts.TriageListEntry.Of(findings), Contracts.ContractJson.Default.IReadOnlyListTriageListEntry));
                return ExitCodes.Success;
            }
            var table = new TextTable("Risk", "CVE", "Exploited", "Component", "Installed", "Triage", "Decision");
            foreach (var f in findings)
            {
                table.AddRow(new Cell(f.Risk.ToString().ToLowerInvariant()), new Cell(f.Finding.VulnerabilityId),
                    ExploitTable.Note(f.Exploitation, "") is { Text.Length: > 0 } exploited ? exploited : new Cell("-"), new Cell(f.Finding.Component),
                    new Cell(f.Finding.InstalledVersion), new Cell(f.Standing.ToString().ToLowerInvariant()),
                    new Cell(f.Decision is { } d ? $"{d.State.Name()}{(d.Justification is { } j ? $" ({j.Name()})" : "")} by {d.Author}" : "-"));
            }
            table.Write(environment.Out, run.Colour);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command BuildHistory(GlobalOptions globals, CliEnvironment environment)
    {
        var product = ProductOption();
        var cve = new Option<string?>("--cve") { Description = "Only this vulnerability", HelpName = "CVE-ID" };
        var format = new Option<string>("--format", "-f") { Description = "Output format", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("history", "Every decision recorded for the product, oldest first: who, when, what, why") { product, cve, format };
        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var history = await run.Work.Triage.HistoryAsync(parse.GetValue(product)!, parse.GetValue(cve), cancellation);
            if (parse.GetValue(format) == "json")
            {
                ReportWriter.WriteUtf8(run, null, stream => Contracts.ContractJson.Write(stream, Contracts.TriageHistoryEntry.Of(history), Contracts.ContractJson.Default.IReadOnlyListTriageHistoryEntry));
                return ExitCodes.Success;
            }
            foreach (var d in history)
            {
                environment.Out.WriteLine($"{d.DecidedAt:yyyy-MM-dd HH:mm} {d.Author}: {d.VulnerabilityId} in {d.Component}{(d.ComponentVersion is null ? "" : $" {d.ComponentVersion}")} -> {d.State.Name()}"
                    + (d.Justification is { } j ? $" ({j.Name()})" : "") + (d.Response is { } r ? $", {r.Name()}" : "")
                    + (d.ThreatReference is null ? "" : $", threat model {d.ThreatReference}") + (d.ExpiresAt is { } e ? $", expires {e:yyyy-MM-dd}" : "")
                    + (d.Detail.Length == 0 ? "" : $": {d.Detail}") + (d.Source == "cli" ? "" : $" [{d.Source}]"));
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command BuildCheck(GlobalOptions globals, CliEnvironment environment)
    {
        var product = ProductOption();
        var policy = PolicyOption();
        var format = new Option<string>("--format", "-f") { Description = "Output format", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("check",
            """
            List the medium and high risk findings the process has not handled: not triaged, still in triage, affected
            without a threat-model entry or mitigation, changed since their decision, or with an expired decision.
            Exit code 2 when there are any (for CI), 0 when there are none.
            """)
        {
            product, policy, format,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var gaps = await run.Work.Triage.CheckAsync(parse.GetValue(product)!, environment.PathOf(parse.GetValue(policy)), cancellation);
            if (parse.GetValue(format) == "json")
            {
                ReportWriter.WriteUtf8(run, null, stream => Contracts.ContractJson.Write(stream, Contracts.TriageCheckReport.Of(gaps), Contracts.ContractJson.Default.TriageCheckReport));
            }
            else if (gaps.Count > 0)
            {
                var table = new TextTable("Risk", "CVE", "Component", "Problem");
                foreach (var g in gaps)
                {
                    table.AddRow(new Cell(g.Finding.Risk.ToString().ToLowerInvariant()), new Cell(g.Finding.Finding.VulnerabilityId), new Cell(g.Finding.Finding.Component), new Cell(g.Problem));
                }
                table.Write(environment.Out, run.Colour);
                environment.Out.WriteLine($"{gaps.Count} medium/high findings need attention.");
            }
            else
            {
                environment.Out.WriteLine("Every medium and high finding is triaged.");
            }
            return gaps.Count > 0 ? ExitCodes.GateFailed : ExitCodes.Success;
        });
        return command;
    }
}
