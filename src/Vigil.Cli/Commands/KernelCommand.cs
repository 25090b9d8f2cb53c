using System.CommandLine;
using Vigil.Application;
using Vigil.Cli.Output;
using Vigil.Feeds.Kernel;
using Vigil.Inventory;
using Vigil.Reporting;
using Vigil.Scanning.Kernel;
using Vigil.Vulnerabilities;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil kernel scan|fixed-in</c>: which kernel CNA CVEs affect a kernel, and which a release fixes.</summary>
public static class KernelCommand
{
    public static Command Build(GlobalOptions globals, CliEnvironment environment)
    {
        var kernel = new Command("kernel", "Linux kernel CVEs (the kernel CNA's vulns.git data) for CIP and other long-term kernels");
        kernel.Subcommands.Add(BuildScan(globals, environment));
        kernel.Subcommands.Add(BuildFixedIn(globals, environment));
        kernel.Subcommands.Add(BuildShow(globals, environment));
        return kernel;
    }

    private static Command BuildScan(GlobalOptions globals, CliEnvironment environment)
    {
        var version = new Option<string>("--version")
        {
            Description = "The kernel: uname -r style (6.1.119-cip33, 6.1.119-cip33-rt20), a tag (v4.19.325-cip115) or Debian's ABI name with --package-version",
            HelpName = "VERSION",
        };
        var packageVersion = new Option<string?>("--package-version")
        {
            Description = "For a Debian kernel (6.1.0-28-amd64): the linux-image package version, e.g. 6.1.119-1, which carries the real release",
            HelpName = "DEBVERSION",
        };
        var format = new Option<string>("--format", "-f")
        {
            Description = "Output format; json always lists every finding, whatever the filters; sarif (2.1.0) is for code-scanning dashboards",
            DefaultValueFactory = _ => "table",
        };
        format.AcceptOnlyFromAmong("table", "json", "csv", "markdown", "sarif");
        var output = new Option<string?>("--output", "-o") { Description = "Write the report to FILE instead of standard output", HelpName = "FILE" };
        var failOn = new Option<string?>("--fail-on")
        {
            Description = "Exit with code 2 when an open finding (affected or needs-review) has this CVSS rating or higher; CVEs without a CVSS score count as failing",
            HelpName = "low|medium|high|critical",
        };
        failOn.AcceptOnlyFromAmong("low", "medium", "high", "critical");
        var show = new Option<string?>("--show")
        {
            Description = "Show only these statuses, comma-separated: affected,needs-review,fixed,ignored,not-built [default: all]",
            HelpName = "LIST",
        };
        var offline = new Option<bool>("--offline") { Description = "Never use the network: fail if no kernel feed is cached instead of fetching it" };
        var gitRepo = new Option<string?>("--git-repo") { Description = "A kernel git tree: CVEs whose fix, or a backport citing it, is in the tree count as fixed", HelpName = "DIR" };
        var gitRef = new Option<string>("--ref") { Description = "The commit to judge in --git-repo", HelpName = "REF", DefaultValueFactory = _ => "HEAD" };
        var branchPoint = new Option<string?>("--branch-point") { Description = "Where the branch left mainline; history before it is not read [default: tag v<major>.<minor>, e.g. v6.1]", HelpName = "REV" };
        var cipBranch = new Option<string?>("--cip-branch")
        {
            Description = "Apply the imported cip-kernel-sec data for this branch (ignored CVEs, listed fixes) [default: cip/<major>.<minor>(-rt) for a -cip kernel when the data is imported]",
            HelpName = "NAME",
        };
        var compiledFiles = new Option<string?>("--compiled-files") { Description = "A list of the source files compiled into the kernel, one per line", HelpName = "FILE" };
        var buildDir = new Option<string?>("--build-dir") { Description = "A kernel build directory: its *.o.cmd files say which sources and headers were compiled", HelpName = "DIR" };
        var sbom = new Option<string?>("--sbom")
        {
            Description = "Take the kernel from an SBOM (a linux_kernel CPE, pkg:generic/linux, a linux-image package or a component named linux); "
                + "a Yocto SPDX kernel SBOM's file list also says what is built",
            HelpName = "FILE",
        };
        var spdx = new Option<string?>("--spdx") { Description = "A kernel SBOM listing the compiled sources: SPDX 2 or 3 JSON (as Yocto writes it) or CycloneDX (as vigil sbom writes it)", HelpName = "FILE" };
        var kconfig = new Option<string?>("--kconfig") { Description = "A kernel .config; with --source, the built files are derived from the Kbuild Makefiles (config-derived)", HelpName = "FILE" };
        var source = new Option<string?>("--source") { Description = "The kernel source tree for --kconfig", HelpName = "DIR" };
        var vex = ScanCommand.VexOption("Take open findings off the list that these VEX documents say are not_affected, false_positive or fixed "
            + "for the kernel (pkg:generic/linux, a cpe:2.3:o:linux:linux_kernel CPE, or the kernel's Debian package)");
        var product = new Option<string?>("--product") { Description = "Scan a product's release (its recorded kernel) and record the scan in the history", HelpName = "NAME" };
        var productRelease = new Option<string?>("--product-release") { Description = "Which release of --product [default: the newest]", HelpName = "NAME" };
        var arch = new Option<string?>("--arch") { Description = "Architecture directory for --kconfig (x86, arm64, arm, riscv, ...) [default: from the .config]", HelpName = "ARCH" };

        var command = new Command("scan",
            """
            Evaluate every published kernel CVE for one kernel version: affected (introduced in X, fixed upstream in
            Y, fix for this branch in Z or none yet), needs review (the record contradicts itself), or not affected.

            Examples:
              vigil kernel scan --version 6.1.119-cip33
              vigil kernel scan --version v4.19.325-cip115 --format json -o kernel.json
              vigil kernel scan --version 6.1.0-28-amd64 --package-version 6.1.119-1 --fail-on high
              vigil kernel scan --sbom linux-cip.spdx.json --format sarif -o kernel.sarif
            """)
        {
            version, sbom, packageVersion, format, output, failOn, show, offline, gitRepo, gitRef, branchPoint, cipBranch,
            compiledFiles, buildDir, spdx, kconfig, source, arch, vex, product, productRelease,
        };
        var kernelBuilds = new OneOf<KernelBuildKind>((KernelBuildKind.CompiledFiles, compiledFiles), (KernelBuildKind.BuildDirectory, buildDir), (KernelBuildKind.Spdx, spdx));
        command.Validators.Add(result =>
        {
            if (result.GetResult(version) is null && result.GetResult(product) is null && result.GetResult(sbom) is null)
            {
                result.AddError("say which kernel: --version VERSION, --sbom FILE naming it, or --product NAME for a product's recorded kernel");
            }
            string[] builds = [.. kernelBuilds.GivenIn(result), .. result.GetResult(kconfig) is null ? Array.Empty<string>() : [kconfig.Name]];
            if (builds.Length > 1)
            {
                result.AddError($"choose one of {string.Join(", ", builds)}: each describes the whole build");
            }
            if ((result.GetResult(kconfig) is null) != (result.GetResult(source) is null))
            {
                result.AddError("--kconfig and --source go together: the .config and the source tree whose Kbuild files it selects from");
            }
            if (result.GetResult(gitRepo) is null && (result.GetResult(branchPoint) is not null))
            {
                result.AddError("--branch-point needs --git-repo");
            }
            if (result.GetValue(show) is { } list && ParseStatuses(list) is null)
            {
                result.AddError($"--show '{list}': expected a comma-separated list of affected, needs-review, fixed, ignored, not-built");
            }
        });
        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var (buildKind, buildPath) = kernelBuilds.ChosenIn(parse);
            ReportWriter.CheckWritable(environment.PathOf(parse.GetValue(output)));
            var outcome = await run.Work.Scans.ScanKernelAsync(new KernelScanRequest
            {
                Version = parse.GetValue(version),
                SbomPath = environment.PathOf(parse.GetValue(sbom)),
                PackageVersion = parse.GetValue(packageVersion),
                Product = parse.GetValue(product),
                ProductRelease = parse.GetValue(productRelease),
                Offline = parse.GetValue(offline),
                GitRepository = environment.PathOf(parse.GetValue(gitRepo)),
                GitReference = parse.GetResult(gitRef) is null ? null : parse.GetValue(gitRef),
                BranchPoint = parse.GetValue(branchPoint),
                CipBranch = parse.GetValue(cipBranch),
                BuildKind = buildKind,
                BuildPath = environment.PathOf(buildPath),
                Kconfig = environment.PathOf(parse.GetValue(kconfig)),
                KernelSource = environment.PathOf(parse.GetValue(source)),
                Architecture = parse.GetValue(arch),
                Show = parse.GetValue(show) is { } list ? ParseStatuses(list) : null,
                FailOn = parse.GetValue(failOn) is { } gateText && SeverityExtensions.TryParseLabel(gateText, out var gate) ? gate : null,
                VexFiles = [.. (parse.GetValue(vex) ?? []).Select(f => environment.PathOf(f)!)],
            }, cancellation);
            var result = outcome.Result;
            if (outcome.Vex is { } applied)
            {
                ScanCommand.ReportVex(run, applied, outcome.Cleared.Select(c => (c.Finding.Id, "linux", c.Statement)));
            }
            if (outcome.Recorded is not null)
            {
                run.Notice($"recorded kernel scan {outcome.Recorded.Id} of {parse.GetValue(product)} {outcome.Release!.Name}: {result.Findings.Count(f => f.IsOpen)} open findings");
            }
            var shown = outcome.Shown;
            var outputPath = environment.PathOf(parse.GetValue(output));
            var chosen = parse.GetValue(format)!;
            var cleared = ScanCommand.StatementsClearing(outcome.Cleared);
            if (chosen == "json")
            {
                ReportWriter.WriteUtf8(run, outputPath, stream => Contracts.ContractJson.Write(stream,
                    Contracts.KernelScanReport.From(result, VersionInfo.Current, outcome.Exploits, f => cleared.GetValueOrDefault(f)), Contracts.ContractJson.Default.KernelScanReport));
            }
            else if (chosen == "sarif")
            {
                // Results sit at the file that says what the kernel is built from, when the scan read one.
                var located = environment.PathOf(parse.GetValue(kconfig) ?? buildPath ?? parse.GetValue(sbom));
                ReportWriter.WriteUtf8(run, outputPath, stream => SarifReport.WriteKernel(stream, result, shown,
                    [.. outcome.Cleared.Select(c => (c.Finding, $"{c.Statement.Source}: {c.Statement.Verdict}"))], located, outcome.Exploits, VersionInfo.Current, environment.WorkingDirectory));
            }
            else
            {
                ReportWriter.Write(run, outputPath, (writer, terminal) =>
                {
                    switch (chosen)
                    {
                        case "csv":
                            KernelReports.WriteCsv(writer, shown, outcome.Exploits);
                            break;
                        case "markdown":
                            KernelReports.WriteMarkdown(writer, result, shown, outcome.Exploits);
                            break;
                        default:
                            KernelTable.Write(writer, terminal, result, shown, outcome.Exploits);
                            break;
                    }
                });
            }

            if (outcome.Failing.Count > 0)
            {
                var failing = outcome.Failing;
                var unknown = failing.Count(f => f.Severity == Severity.Unknown);
                environment.Error.WriteLine($"vigil: {failing.Count} open kernel finding(s) at or above '{parse.GetValue(failOn)}' "
                    + $"({DebianTextReports.SeverityCounts(failing.Select(f => f.Severity))}{(unknown > 0 ? $"; {unknown} without a CVSS score count as failing" : "")})");
                return ExitCodes.GateFailed;
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command BuildFixedIn(GlobalOptions globals, CliEnvironment environment)
    {
        var release = new Argument<string>("RELEASE") { Description = "A kernel release, e.g. 6.1.120 (stable) or 6.12 (mainline)" };
        var format = new Option<string>("--format", "-f") { Description = "Output format", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("fixed-in", "List the CVEs that a kernel release fixes, by the CNA's records (like strak --fixed)")
        {
            release, format,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var report = await run.Work.Scans.KernelFixedInAsync(parse.GetValue(release)!, cancellation);
            if (parse.GetValue(format) == "json")
            {
                ReportWriter.WriteUtf8(run, null, stream => Contracts.ContractJson.Write(stream, report, Contracts.ContractJson.Default.KernelFixedInReport));
            }
            else
            {
                foreach (var r in report.Fixed)
                {
                    environment.Out.WriteLine($"{r.Cve}\t{r.Title}");
                }
                run.Notice($"{report.Fixed.Count} CVEs fixed in {report.Release}");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command BuildShow(GlobalOptions globals, CliEnvironment environment)
    {
        var cve = new Argument<string>("CVE") { Description = "A kernel CVE id, e.g. CVE-2024-26581" };
        var version = new Option<string?>("--version") { Description = "Also say what the record means for this kernel", HelpName = "VERSION" };
        var command = new Command("show", "Show everything Vigil keeps of one kernel CVE record: ranges as published, dyad pairs, fix commits, files; with --version, the verdict and why")
        {
            cve, version,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var view = await run.Work.Scans.KernelRecordAsync(parse.GetValue(cve)!, parse.GetValue(version), cancellation);
            var (id, record) = (view.Id, view.Record);
            var output = environment.Out;
            output.WriteLine($"{id}: {record.Title}");
            output.WriteLine($"  CVSS:          {(record.Cvss is { } c ? $"{c.BaseScore:0.0} {c.Vector}" : "none")}");
            output.WriteLine($"  program files: {string.Join(", ", record.ProgramFiles)}");
            output.WriteLine($"  fix commits:   {string.Join(", ", record.FixCommits())}");
            foreach (var block in record.Affected)
            {
                output.WriteLine($"  affected block (default {block.DefaultStatus.ToString().ToLowerInvariant()}):");
                foreach (var r in block.Versions)
                {
                    var range = r.LessThan is { } lt ? $"{r.Version} < {lt}" : r.LessThanOrEqual is { } lte ? $"{r.Version} <= {lte}" : r.Version;
                    var type = r.Type switch { RangeType.OriginalCommitForFix => "original_commit_for_fix", RangeType.None => "no versionType", _ => r.Type.ToString().ToLowerInvariant() };
                    output.WriteLine($"    {r.Status.ToString().ToLowerInvariant(),-10} {range} ({type})");
                }
            }
            output.WriteLine("  dyad (introduced:commit:fixed:commit):");
            foreach (var pair in record.Dyad)
            {
                output.WriteLine($"    {pair.IntroducedVersion}:{pair.IntroducedCommit}:{pair.FixedVersion}:{pair.FixedCommit}");
            }
            if (view.Verdict is { } verdict)
            {
                output.WriteLine($"  for {view.Version}: {verdict.Status.Label()}: {verdict.Reason}");
            }
            output.WriteLine();
            output.WriteLine(view.Description);
            return ExitCodes.Success;
        });
        return command;
    }

    private static HashSet<KernelStatus>? ParseStatuses(string list)
    {
        var set = new HashSet<KernelStatus>();
        foreach (var word in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var match = KernelStatusExtensions.Reported.Where(s => s.Label() == word).ToArray();
            if (match.Length == 0)
            {
                return null;
            }
            set.Add(match[0]);
        }
        return set.Count == 0 ? null : set;
    }
}
