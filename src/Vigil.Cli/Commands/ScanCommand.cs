using System.CommandLine;
using Vigil.Application;
using Vigil.Cli.Output;
using Vigil.Inventory;
using Vigil.Reporting;
using Vigil.Scanning.Debian;
using Vigil.Vulnerabilities;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil scan</c>: which CVEs affect the Debian packages installed on a system, image or status file.</summary>
public static class ScanCommand
{
    public static Command Build(GlobalOptions globals, CliEnvironment environment)
    {
        var dpkgStatus = new Option<string?>("--dpkg-status")
        {
            Description = "Scan this dpkg status file, e.g. an Isar/CIP image's *.dpkg_status; - reads standard input",
            HelpName = "FILE",
        };
        var rootfs = new Option<string?>("--rootfs")
        {
            Description = "Scan a root filesystem: DIR/var/lib/dpkg/status, release from DIR/etc/os-release",
            HelpName = "DIR",
        };
        var isarDeploy = new Option<string?>("--isar-deploy")
        {
            Description = "Scan the one *.dpkg_status image manifest in an Isar deploy directory (build/tmp/deploy/images/MACHINE)",
            HelpName = "DIR",
        };
        var sbom = new Option<string?>("--sbom")
        {
            Description = "Scan the Debian packages an SBOM lists by purl (CycloneDX JSON, SPDX 2 JSON or tag-value, SPDX 3 JSON-LD; from syft, trivy, debsbom, Yocto)",
            HelpName = "FILE",
        };
        var release = new Option<string?>("--release")
        {
            Description = "Debian release to judge against, e.g. bookworm [default: the scanned system's os-release; for status files, a codename in the file name]",
            HelpName = "CODENAME",
        };
        var format = new Option<string>("--format", "-f")
        {
            Description = "Output format; json always lists every finding, whatever the filters; sarif (2.1.0) is for code-scanning dashboards",
            DefaultValueFactory = _ => "table",
        };
        format.AcceptOnlyFromAmong("table", "json", "csv", "markdown", "sarif");
        var output = new Option<string?>("--output", "-o")
        {
            Description = "Write the report to FILE instead of standard output",
            HelpName = "FILE",
        };
        var failOn = new Option<string?>("--fail-on")
        {
            Description = "Exit with code 2 when a shown finding has this urgency or higher. Findings whose urgency is unknown "
                + "(\"not yet assigned\", \"end-of-life\") always count as failing: an unrated CVE is not a harmless one",
            HelpName = "unimportant|low|medium|high",
        };
        failOn.AcceptOnlyFromAmong("unimportant", "low", "medium", "high");
        var onlyFixed = new Option<bool>("--only-fixed") { Description = "Show only findings that have a fixed version to upgrade to" };
        var hideUnimportant = new Option<bool>("--hide-unimportant") { Description = "Hide findings the tracker rates unimportant" };
        var severity = new Option<string?>("--severity")
        {
            Description = "Show only these urgencies, comma-separated: unimportant,low,medium,high,unknown",
            HelpName = "LIST",
        };
        var offline = new Option<bool>("--offline") { Description = "Never use the network: fail if no feed is cached instead of fetching it" };
        var vex = VexOption("Take findings off the list that these VEX documents (OpenVEX, CycloneDX) say are not_affected, false_positive or fixed; "
            + "statements may name binary packages by purl");
        var product = new Option<string?>("--product") { Description = "Scan a product's release (its recorded inventory) and record the scan in the history", HelpName = "NAME" };
        var productRelease = new Option<string?>("--product-release") { Description = "Which release of --product [default: the newest]", HelpName = "NAME" };

        var command = new Command("scan",
            """
            Report the CVEs that affect the installed Debian packages, by the Debian Security Tracker's verdict for
            the release (debsecan's rules). Scans this machine unless --dpkg-status, --rootfs, --isar-deploy or --sbom
            says otherwise. Fetches the tracker feed on first use.

            Examples:
              vigil scan --only-fixed                         what an upgrade would fix on this machine
              vigil scan --dpkg-status image.dpkg_status --release bookworm --format json -o findings.json
              vigil scan --rootfs /mnt/image --fail-on high   gate a CI job on high-urgency findings
              vigil scan --sbom image.cdx.json --vex supplier.vex.json --format sarif -o vigil.sarif
            """)
        {
            dpkgStatus, rootfs, isarDeploy, sbom, release, format, output, failOn, onlyFixed, hideUnimportant, severity, offline, vex, product, productRelease,
        };
        var packages = new OneOf<PackageInventoryKind>((PackageInventoryKind.DpkgStatus, dpkgStatus), (PackageInventoryKind.Rootfs, rootfs),
            (PackageInventoryKind.IsarDeploy, isarDeploy), (PackageInventoryKind.Sbom, sbom));
        command.Validators.Add(result =>
        {
            string[] given = [.. packages.GivenIn(result), .. result.GetResult(product) is null ? Array.Empty<string>() : [product.Name]];
            if (given.Length > 1)
            {
                result.AddError($"choose one of {string.Join(", ", given)}: they name different things to scan");
            }
            if (result.GetValue(severity) is { } list && ParseSeverities(list) is null)
            {
                result.AddError($"--severity '{list}': expected a comma-separated list of unimportant, low, medium, high, unknown");
            }
        });

        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var (kind, path) = packages.ChosenIn(parse);
            ReportWriter.CheckWritable(environment.PathOf(parse.GetValue(output)));
            var outcome = await run.Work.Scans.ScanDebianAsync(new DebianScanRequest
            {
                InventoryKind = kind,
                InventoryPath = CliEnvironment.IsStandardInput(path) ? null : environment.PathOf(path),
                InventoryContent = CliEnvironment.IsStandardInput(path) ? await environment.ReadStandardInputAsync(cancellation) : null,
                InventoryContentName = CliEnvironment.StandardInputName,
                Product = parse.GetValue(product),
                ProductRelease = parse.GetValue(productRelease),
                DebianRelease = parse.GetValue(release),
                Offline = parse.GetValue(offline),
                Filter = new FindingFilter(parse.GetValue(onlyFixed), parse.GetValue(hideUnimportant), parse.GetValue(severity) is { } list ? ParseSeverities(list) : null),
                FailOn = parse.GetValue(failOn) is { } gateText && SeverityExtensions.TryParseLabel(gateText, out var gate) ? gate : null,
                VexFiles = [.. (parse.GetValue(vex) ?? []).Select(f => environment.PathOf(f)!)],
            }, cancellation);
            var result = outcome.Result;
            if (outcome.Vex is { } applied)
            {
                ReportVex(run, applied, outcome.Cleared.Select(c => (c.Finding.Id, c.Finding.SourcePackage, c.Statement)));
            }
            if (result.Target.NotDebian.Count > 0)
            {
                run.Notice($"{result.Target.NotDebian.Count} component(s) of {result.Target.Path} are not Debian packages and were not scanned: {string.Join(", ", result.Target.NotDebian)}");
            }
            if (result.Target.SourceUnclear.Count > 0)
            {
                run.Warn($"{result.Target.SourceUnclear.Count} binary package(s) of {result.Target.Path} are linked to source packages none of which is clearly theirs; "
                    + $"scanned as their own source: {string.Join(", ", result.Target.SourceUnclear)}");
            }
            if (outcome.Recorded is { } recorded)
            {
                run.Notice($"recorded Debian scan {recorded.Id} of {parse.GetValue(product)} {outcome.Release!.Name}: {result.Findings.Count} findings");
            }
            if (result.FeedIsStale)
            {
                run.Warn($"the Debian tracker feed is {FeedsCommand.FormatAge(result.FeedAge)} old (data as of {result.FeedFreshAsOf:yyyy-MM-dd}); run 'vigil feeds update'");
            }
            Render(run, environment, parse.GetValue(format)!, outcome, environment.PathOf(parse.GetValue(output)));
            if (outcome.Failing.Count > 0)
            {
                var unknown = outcome.Failing.Count(f => f.Severity == Severity.Unknown);
                environment.Error.WriteLine($"vigil: {outcome.Failing.Count} finding(s) at or above '{parse.GetValue(failOn)}' "
                    + $"({DebianTextReports.SeverityCounts(outcome.Failing.Select(f => f.Severity))}{(unknown > 0 ? $"; {unknown} with unknown urgency count as failing" : "")})");
                return ExitCodes.GateFailed;
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Render(RunContext run, CliEnvironment environment, string format, DebianScanOutcome outcome, string? outputPath)
    {
        var (result, shown) = (outcome.Result, outcome.Shown);
        var cleared = StatementsClearing(outcome.Cleared);
        switch (format)
        {
            case "json":
                ReportWriter.WriteUtf8(run, outputPath, stream => Contracts.ContractJson.Write(stream,
                    Contracts.ScanReport.From(result, VersionInfo.Current, outcome.Exploits, f => cleared.GetValueOrDefault(f)), Contracts.ContractJson.Default.ScanReport));
                return;
            case "sarif":
                ReportWriter.WriteUtf8(run, outputPath, stream => SarifReport.WriteDebian(stream, result, shown,
                    [.. outcome.Cleared.Select(c => (c.Finding, $"{c.Statement.Source}: {c.Statement.Verdict}"))], outcome.Exploits, VersionInfo.Current, environment.WorkingDirectory));
                return;
        }
        ReportWriter.Write(run, outputPath, (writer, terminal) =>
        {
            switch (format)
            {
                case "csv":
                    DebianTextReports.WriteCsv(writer, shown, outcome.Exploits);
                    break;
                case "markdown":
                    DebianTextReports.WriteMarkdown(writer, result, shown, outcome.Exploits);
                    break;
                default:
                    DebianTable.Write(writer, terminal, result, shown, outcome.Exploits);
                    break;
            }
        });
    }

    internal static Option<string[]> VexOption(string description) => new("--vex")
    {
        Description = description,
        HelpName = "FILE",
        AllowMultipleArgumentsPerToken = true,
    };

    /// <summary>The statement that cleared each finding, for the reports: a loop, as LINQ over the pairs (value tuples) is
    /// code compiled at run time in every scan.</summary>
    internal static Dictionary<T, Triage.VexStatement> StatementsClearing<T>(IReadOnlyList<(T Finding, Triage.VexStatement Statement)> cleared)
        where T : notnull
    {
        var statements = new Dictionary<T, Triage.VexStatement>(cleared.Count);
        foreach (var (finding, statement) in cleared)
        {
            statements[finding] = statement;
        }
        return statements;
    }

    /// <summary>Says which findings VEX statements took off the list and why, and how many statements named nothing scanned.</summary>
    internal static void ReportVex(RunContext run, Triage.VexFilter vex, IEnumerable<(VulnerabilityId Id, string Component, Triage.VexStatement Statement)> cleared)
    {
        var list = cleared.ToArray();
        run.Notice($"VEX: {list.Length} finding(s) taken off the list by {vex.Statements} statement(s)"
            + (vex.Unmatched.Count > 0 ? $"; {vex.Unmatched.Count} statement(s) name no component of this scan" : ""));
        foreach (var (id, component, statement) in list)
        {
            run.Notice($"  {id} in {component}: {statement.Verdict} [{statement.Source}]");
        }
    }

    private static HashSet<Severity>? ParseSeverities(string list)
    {
        var set = new HashSet<Severity>();
        foreach (var word in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!SeverityExtensions.TryParseLabel(word, out var parsed))
            {
                return null;
            }
            set.Add(parsed);
        }
        return set.Count == 0 ? null : set;
    }
}
