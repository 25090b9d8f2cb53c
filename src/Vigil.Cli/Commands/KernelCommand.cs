using System.CommandLine;
using System.Text.RegularExpressions;
using Vigil.Cli.Output;
using Vigil.Common;
using Vigil.Feeds;
using Vigil.Feeds.CipKernelSec;
using Vigil.Feeds.Kernel;
using Vigil.Inventory;
using Vigil.Reporting;
using Vigil.Scanning.Kernel;
using Vigil.Storage;
using Vigil.Versions;
using Vigil.Vulnerabilities;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil kernel scan|fixed-in</c>: which kernel CNA CVEs affect a kernel, and which a release fixes.</summary>
public static partial class KernelCommand
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
        var format = new Option<string>("--format", "-f") { Description = "Output format; json always lists every finding, whatever the filters", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json", "csv", "markdown");
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
        var spdx = new Option<string?>("--spdx") { Description = "An SPDX 2 or SPDX 3 JSON kernel SBOM listing compiled sources (as Yocto produces)", HelpName = "FILE" };
        var kconfig = new Option<string?>("--kconfig") { Description = "A kernel .config; with --source, the built files are derived from the Kbuild Makefiles (config-derived)", HelpName = "FILE" };
        var source = new Option<string?>("--source") { Description = "The kernel source tree for --kconfig", HelpName = "DIR" };
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
            """)
        {
            version, packageVersion, format, output, failOn, show, offline, gitRepo, gitRef, branchPoint, cipBranch,
            compiledFiles, buildDir, spdx, kconfig, source, arch, product, productRelease,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(version) is null && result.GetResult(product) is null)
            {
                result.AddError("say which kernel: --version VERSION, or --product NAME for a product's recorded kernel");
            }
            var builds = new Option[] { compiledFiles, buildDir, spdx, kconfig }.Where(o => result.GetResult(o) is not null).Select(o => o.Name).ToArray();
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
            var run = globals.Resolve(parse, environment);
            using var db = parse.GetValue(product) is null ? null : run.OpenDatabase();
            var productRecord = db is null ? null : new ProductCatalog(db, TimeProvider.System).FindRelease(parse.GetValue(product)!, parse.GetValue(productRelease));
            var versionText = parse.GetValue(version) ?? productRecord?.KernelVersion
                ?? throw new VigilException($"release {productRecord!.Name} of {parse.GetValue(product)} records no kernel; add --version");
            var kernelVersion = ResolveVersion(versionText, parse.GetValue(packageVersion) ?? productRecord?.KernelPackageVersion);
            using var feed = await OpenFeed(run, parse.GetValue(offline), cancellation);

            var filters = new List<IKernelFindingFilter>();
            var cip = CipOverrides(run, parse.GetValue(cipBranch), kernelVersion, treeChecksFixes: (parse.GetValue(gitRepo) ?? productRecord?.KernelGitRepo) is not null);
            string? tree = null;
            if ((parse.GetValue(gitRepo) ?? productRecord?.KernelGitRepo) is { } repo)
            {
                var point = parse.GetValue(branchPoint) ?? $"v{kernelVersion.Branch.Number}";
                var fixes = await run.WithProgressAsync(progress => Task.Run(() => KernelTreeFixes.Load(environment.PathOf(repo),
                    parse.GetResult(gitRef) is null && productRecord?.KernelGitRef is { } recordedRef ? recordedRef : parse.GetValue(gitRef)!, point, run.DataDirectory, progress, cip is null ? null : cip.FixCommits), cancellation));
                run.Notice($"{fixes.Description}: {fixes.Commits} commits since {point} ({fixes.CommitsFromCache} from cache), {fixes.Backports} cite an upstream commit");
                filters.Add(fixes);
                tree = fixes.Description;
            }
            if (cip is not null)
            {
                filters.Add(cip);
            }
            var recordedBuild = productRecord?.KernelBuildKind;
            var build = LoadBuild(environment,
                parse.GetValue(compiledFiles) ?? (recordedBuild == KernelBuildKind.CompiledFiles ? productRecord!.KernelBuildPath : null),
                parse.GetValue(buildDir) ?? (recordedBuild == KernelBuildKind.BuildDirectory ? productRecord!.KernelBuildPath : null),
                parse.GetValue(spdx) ?? (recordedBuild == KernelBuildKind.Spdx ? productRecord!.KernelBuildPath : null),
                parse.GetValue(kconfig), parse.GetValue(source), parse.GetValue(arch));
            if (build is not null)
            {
                filters.Add(new NotBuiltFilter(build));
            }
            var result = KernelScanner.Scan(feed, kernelVersion, filters, DateTimeOffset.UtcNow, tree, build?.Source);
            if (db is not null && productRecord is not null)
            {
                var recorded = new ScanHistory(db).RecordKernel(productRecord, result, cancellation);
                run.Notice($"recorded kernel scan {recorded.Id} of {parse.GetValue(product)} {productRecord.Name}: {result.Findings.Count(f => f.IsOpen)} open findings");
            }

            var statuses = parse.GetValue(show) is { } list ? ParseStatuses(list) : null;
            var shown = result.Findings.Where(f => statuses is null || statuses.Contains(f.Status)).ToArray();
            var outputPath = environment.PathOf(parse.GetValue(output));
            var chosen = parse.GetValue(format)!;
            if (chosen == "json")
            {
                ReportWriter.WriteUtf8(run, outputPath, stream => System.Text.Json.JsonSerializer.Serialize(stream, Contracts.KernelScanReport.From(result, VersionInfo.Current), Contracts.ContractJson.Reports.KernelScanReport));
            }
            else
            {
                ReportWriter.Write(run, outputPath, (writer, terminal) =>
                {
                    switch (chosen)
                    {
                        case "csv":
                            KernelReports.WriteCsv(writer, shown);
                            break;
                        case "markdown":
                            KernelReports.WriteMarkdown(writer, result, shown);
                            break;
                        default:
                            KernelTable.Write(writer, terminal, result, shown);
                            break;
                    }
                });
            }

            if (parse.GetValue(failOn) is { } gateText && SeverityExtensions.TryParseLabel(gateText, out var gate))
            {
                var failing = result.Findings.Where(f => f.IsOpen && f.Severity.FailsGate(gate)).ToArray();
                if (failing.Length > 0)
                {
                    var unknown = failing.Count(f => f.Severity == Severity.Unknown);
                    environment.Error.WriteLine($"vigil: {failing.Length} open kernel finding(s) at or above '{gateText}' "
                        + $"({DebianTextReports.SeverityCounts(failing.Select(f => f.Severity))}{(unknown > 0 ? $"; {unknown} without a CVSS score count as failing" : "")})");
                    return ExitCodes.GateFailed;
                }
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
            var run = globals.Resolve(parse, environment);
            var text = parse.GetValue(release)!;
            if (!KernelVersion.TryParse(text, out var version) || version.LocalVersion.Length > 0 || version.IsReleaseCandidate)
            {
                throw new VigilException($"invalid kernel release '{text}': expected a release number such as 6.1.120 or 6.12");
            }
            using var feed = await OpenFeed(run, offline: false, cancellation);
            var fixedCves = KernelScanner.FixedIn(feed.Rules, version).Select(i => (Id: feed.Ids[i], feed.Details(i).Title)).ToArray();
            if (parse.GetValue(format) == "json")
            {
                ReportWriter.WriteUtf8(run, null, stream => System.Text.Json.JsonSerializer.Serialize(stream,
                    new Contracts.KernelFixedInReport(version.Number, [.. fixedCves.Select(r => new Contracts.KernelFixedInReport.FixedCve(r.Id.Text, r.Title))]),
                    Contracts.ContractJson.Reports.KernelFixedInReport));
            }
            else
            {
                foreach (var r in fixedCves)
                {
                    environment.Out.WriteLine($"{r.Id.Text}\t{r.Title}");
                }
                run.Notice($"{fixedCves.Length} CVEs fixed in {version.Number}");
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
            var run = globals.Resolve(parse, environment);
            var text = parse.GetValue(cve)!;
            if (!VulnerabilityId.TryParse(text, out var id) || !id.IsCve)
            {
                throw new VigilException($"invalid CVE id '{text}': expected CVE-YYYY-NNNN");
            }
            using var feed = await OpenFeed(run, offline: false, cancellation);
            var index = feed.IndexOf(id);
            if (index < 0)
            {
                throw new VigilException(feed.Rejected.Contains(id) ? $"{id} was rejected by the kernel CNA" : $"{id} is not in the kernel CVE feed");
            }
            var record = feed.Record(index);
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
            if (parse.GetValue(version) is { } v)
            {
                var kernelVersion = ResolveVersion(v, null);
                var verdict = feed.Rules[index].Evaluate(kernelVersion);
                output.WriteLine($"  for {kernelVersion}: {verdict.Status.Label()}: {verdict.Reason}");
            }
            output.WriteLine();
            output.WriteLine(feed.DescriptionOf(index));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The release a version string names; a Debian ABI name needs the package version to say it.</summary>
    internal static KernelVersion ResolveVersion(string text, string? packageVersion)
    {
        if (packageVersion is not null)
        {
            if (!DebianVersion.TryParse(packageVersion, out var debian, out var why))
            {
                throw new VigilException($"--package-version '{packageVersion}': {why}");
            }
            return KernelVersion.TryParse(debian.Upstream, out var fromPackage)
                ? fromPackage
                : throw new VigilException($"--package-version '{packageVersion}': its upstream part '{debian.Upstream}' is not a kernel release");
        }
        if (!KernelVersion.TryParse(text, out var version))
        {
            throw new VigilException($"invalid kernel version '{text}': expected e.g. 6.1.119-cip33, v4.19.325-cip115 or 6.1.0-28-amd64 with --package-version");
        }
        if (DebianAbiName().IsMatch(text))
        {
            throw new VigilException($"'{text}' is a Debian kernel ABI name, not the release it runs: pass --package-version with the package's version "
                + $"(dpkg-query -W -f '${{Version}}' linux-image-{text}), e.g. --package-version 6.1.119-1");
        }
        return version;
    }

    private static async Task<KernelFeed> OpenFeed(RunContext run, bool offline, CancellationToken cancellation)
    {
        var store = new KernelFeedStore(run.DataDirectory);
        if (!store.Exists)
        {
            var url = FeedsCommand.FeedUrl(run, FeedKind.KernelCna, null);
            if (offline)
            {
                throw new VigilException($"no kernel CVE feed is cached and --offline forbids fetching it; run 'vigil feeds import kernel PATH' with a vulns.git clone or a snapshot of {url}");
            }
            run.Notice($"No kernel CVE feed cached yet: fetching {url} (about 20 MB, once)");
            using var downloader = new HttpDownloader();
            var catalog = new FeedCatalog(run.DataDirectory, downloader, TimeProvider.System);
            try
            {
                await run.WithProgressAsync(async progress =>
                {
                    await catalog.EnsureAsync(FeedKind.KernelCna, url, progress, cancellation);
                    return true;
                });
            }
            catch (VigilException e) when (e.Code == ErrorCodes.FeedUnreachable)
            {
                throw new VigilException($"no kernel CVE feed is cached and {e.Message}; offline, fetch vulns.git (git clone or {url}) on another machine and run 'vigil feeds import kernel PATH'", e);
            }
        }
        return store.Open();
    }

    private static CipKernelSecOverrides? CipOverrides(RunContext run, string? branch, KernelVersion version, bool treeChecksFixes)
    {
        var store = new CipKernelSecStore(run.DataDirectory);
        if (branch is null)
        {
            if (!store.Exists || !version.LocalVersion.Contains("-cip", StringComparison.Ordinal))
            {
                return null;
            }
            branch = $"cip/{version.Branch.Number}{(version.LocalVersion.Contains("-rt", StringComparison.Ordinal) ? "-rt" : "")}";
        }
        return new CipKernelSecOverrides(store.Load(), branch, treeChecksFixes);
    }

    private static KernelBuild? LoadBuild(CliEnvironment environment, string? compiledFiles, string? buildDir, string? spdx, string? kconfig, string? source, string? arch)
    {
        if (compiledFiles is not null)
        {
            return KernelBuild.FromFileList(environment.PathOf(compiledFiles));
        }
        if (buildDir is not null)
        {
            return KernelBuild.FromBuildDirectory(environment.PathOf(buildDir));
        }
        if (spdx is not null)
        {
            return KernelBuild.FromSpdx(environment.PathOf(spdx));
        }
        return kconfig is not null && source is not null ? KernelBuild.FromKbuild(environment.PathOf(source), environment.PathOf(kconfig), arch) : null;
    }

    private static HashSet<KernelStatus>? ParseStatuses(string list)
    {
        var set = new HashSet<KernelStatus>();
        foreach (var word in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var match = Enum.GetValues<KernelStatus>().Where(s => s != KernelStatus.NotAffected && s.Label() == word).ToArray();
            if (match.Length == 0)
            {
                return null;
            }
            set.Add(match[0]);
        }
        return set.Count == 0 ? null : set;
    }

    // Debian names its kernel packages after the ABI (6.1.0-28-amd64), not the release (6.1.119).
    [GeneratedRegex(@"^\d+\.\d+\.0-\d+(-[a-z0-9]+)+$", RegexOptions.CultureInvariant)]
    private static partial Regex DebianAbiName();
}
