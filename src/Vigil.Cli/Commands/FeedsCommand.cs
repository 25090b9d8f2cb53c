using System.CommandLine;
using Vigil.Cli.Output;
using Vigil.Application;
using Vigil.Feeds;
using Vigil.Feeds.Debian;
using Vigil.Feeds.Kernel;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil feeds update|import|status</c>: getting vulnerability data into the data directory.</summary>
public static class FeedsCommand
{
    public static Command Build(GlobalOptions globals, CliEnvironment environment)
    {
        var feeds = new Command("feeds", "Download, import and inspect the vulnerability feeds Vigil scans against");
        feeds.Subcommands.Add(BuildUpdate(globals, environment));
        feeds.Subcommands.Add(BuildImport(globals, environment));
        feeds.Subcommands.Add(BuildStatus(globals, environment));
        return feeds;
    }

    private static Command BuildUpdate(GlobalOptions globals, CliEnvironment environment)
    {
        var which = new Argument<string[]>("FEED")
        {
            Description = "Which feeds: debian, kernel, kev (CISA's known exploited), epss (FIRST's exploit prediction) "
                + "[default: debian, plus each other feed that is cached]",
            Arity = ArgumentArity.ZeroOrMore,
        };
        which.AcceptOnlyFromAmong([.. UpdateNames.Keys]);
        var url = new Option<string?>("--url")
        {
            Description = $"Fetch from this URL instead (one feed only) [defaults: $VIGIL_DEBIAN_TRACKER_URL or {DebianFeedService.DefaultUrl}; "
                + $"$VIGIL_KERNEL_VULNS_URL or {KernelFeedService.DefaultUrl}; $VIGIL_KEV_URL or {Feeds.Exploits.ExploitFeedService.KnownExploitedUrl}; "
                + $"$VIGIL_EPSS_URL or {Feeds.Exploits.ExploitFeedService.PredictionsUrl}]",
            HelpName = "URL",
        };
        var command = new Command("update",
            """
            Download the feeds and import them: the Debian Security Tracker JSON (about 100 MB) and the kernel CNA's
            vulns.git snapshot (about 20 MB). Asks the server whether its copy changed first (ETag/If-Modified-Since),
            so running it often is cheap. A failed or partial download never replaces the feed already cached.
            """)
        {
            which, url,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var kinds = parse.GetValue(which) is { Length: > 0 } named ? named.Select(n => UpdateNames[n]).ToArray() : null;
            foreach (var (kind, source, outcome, metadata) in await run.Work.Feeds.UpdateAsync(new FeedUpdateRequest(kinds, parse.GetValue(url)), cancellation))
            {
                run.Notice(outcome == UpdateOutcome.NotModified
                    ? $"{FeedTitle(kind)} is up to date ({source} unchanged since {metadata.DataAsOf:yyyy-MM-dd HH:mm} UTC)"
                    : $"{FeedTitle(kind)} updated from {source}: {Contents(kind, metadata)}");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command BuildImport(GlobalOptions globals, CliEnvironment environment)
    {
        var file = new Argument<string>("FILE")
        {
            Description = "A copy of https://security-tracker.debian.org/tracker/data/json: plain JSON, or gzip, xz or zstd compressed",
        };
        var debian = new Command("debian",
            """
            Import the Debian Security Tracker JSON from a local file, for machines without network access:
            download it elsewhere (curl -o tracker.json.gz --compressed URL) and bring it over. The cached feed
            is replaced only when the whole file is valid.
            """)
        {
            file,
        };
        debian.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var metadata = await run.Work.Feeds.ImportAsync(new FeedImportRequest(FeedKind.DebianTracker, environment.PathOf(parse.GetValue(file)!)), cancellation);
            run.Notice($"Debian tracker feed imported from {metadata.Source}: {metadata.SourcePackages} source packages, {metadata.Entries} entries, releases {string.Join(", ", metadata.Releases)}");
            return ExitCodes.Success;
        });
        var path = new Argument<string>("PATH")
        {
            Description = "A vulns.git clone, an unpacked snapshot (a directory with cve/published), or a .tar(.gz/.xz/.zst) of one",
        };
        var kernel = new Command("kernel",
            """
            Import the Linux kernel CNA's CVE records (vulns.git: cve/published/YYYY/CVE-*.json and .dyad; the ids
            under cve/rejected are remembered so old findings can be retired). The cached feed is replaced only when
            every record is valid.
            """)
        {
            path,
        };
        kernel.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var metadata = await run.Work.Feeds.ImportAsync(new FeedImportRequest(FeedKind.KernelCna, environment.PathOf(parse.GetValue(path)!)), cancellation);
            run.Notice($"kernel CVE feed imported from {metadata.Source}: {metadata.Entries} published CVEs, {metadata.Rejected} rejected ids, data as of {metadata.DataAsOf:yyyy-MM-dd}");
            return ExitCodes.Success;
        });

        var checkout = new Argument<string>("DIR") { Description = "A cip-kernel-sec checkout (issues/CVE-*.yml)" };
        var cip = new Command("cip-kernel-sec",
            """
            Import CIP's kernel CVE tracker (cip-kernel-sec): per CVE and branch, the commits that fix it and the
            branches that ignore it with a reason. kernel scan applies it for the CIP branch it scans.
            """)
        {
            checkout,
        };
        cip.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var metadata = await run.Work.Feeds.ImportAsync(new FeedImportRequest(FeedKind.CipKernelSec, environment.PathOf(parse.GetValue(checkout)!)), cancellation);
            run.Notice($"cip-kernel-sec imported from {metadata.Source}: {metadata.Entries} issues");
            return ExitCodes.Success;
        });

        var kev = ExploitImport(globals, environment, FeedKind.KnownExploited, "kev",
            "A copy of CISA's known_exploited_vulnerabilities.json (plain or compressed)",
            """
            Import CISA's Known Exploited Vulnerabilities catalog from a local file. Findings of a listed CVE are
            high risk, show 'kev' in every output, and open a CRA Article 14 reporting case. Replaced only whole.
            """);
        var epss = ExploitImport(globals, environment, FeedKind.ExploitPrediction, "epss",
            "A copy of FIRST's epss_scores-current.csv.gz (or the plain CSV)",
            """
            Import FIRST's daily EPSS scores from a local file: the probability that a CVE is exploited in the next
            30 days. The risk policy's epss.high threshold applies to them. Replaced only whole.
            """);

        var import = new Command("import", "Import a feed from a local file or directory (for offline machines)");
        import.Subcommands.Add(kev);
        import.Subcommands.Add(epss);
        import.Subcommands.Add(debian);
        import.Subcommands.Add(kernel);
        import.Subcommands.Add(cip);
        return import;
    }

    private static Command BuildStatus(GlobalOptions globals, CliEnvironment environment)
    {
        var format = new Option<string>("--format", "-f")
        {
            Description = "Output format",
            DefaultValueFactory = _ => "table",
        };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("status", "Show which feeds are cached, where they came from and how old they are")
        {
            format,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var feeds = await run.Work.Feeds.StatusAsync(cancellation);
            var now = run.Environment.Clock.GetUtcNow();
            if (parse.GetValue(format) == "json")
            {
                ReportWriter.WriteUtf8(run, null, stream => Contracts.ContractJson.Write(stream, Contracts.FeedsStatus.Of(feeds, now), Contracts.ContractJson.Default.FeedsStatus));
                return ExitCodes.Success;
            }
            foreach (var feed in feeds)
            {
                if (feed.Metadata is not { } metadata)
                {
                    environment.Out.WriteLine($"{feed.Name}: not cached (in {run.DataDirectory.FeedsPath}); run '{HowToGet(feed.Kind)}'");
                    continue;
                }
                var age = now - feed.FreshAsOf!.Value;
                environment.Out.WriteLine($"{feed.Name}: {Contents(feed.Kind, metadata)}");
                environment.Out.WriteLine($"  source:     {metadata.Source} ({FeedWords.Origins[metadata.Origin]})");
                environment.Out.WriteLine($"  data as of: {feed.FreshAsOf:yyyy-MM-dd HH:mm} UTC, {FormatAge(age)} old{(feed.Stale ? $" (stale: run '{HowToGet(feed.Kind)}')" : "")}");
                environment.Out.WriteLine($"  imported:   {metadata.ImportedAt:yyyy-MM-dd HH:mm} UTC");
                environment.Out.WriteLine($"  sha256:     {metadata.Sha256} ({metadata.Bytes} bytes)");
                environment.Out.WriteLine($"  cache file: {feed.CacheFile}");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The names 'feeds update' takes.</summary>
    private static readonly Dictionary<string, FeedKind> UpdateNames = new(StringComparer.Ordinal)
    {
        ["debian"] = FeedKind.DebianTracker, ["kernel"] = FeedKind.KernelCna, ["kev"] = FeedKind.KnownExploited, ["epss"] = FeedKind.ExploitPrediction,
    };

    private static Command ExploitImport(GlobalOptions globals, CliEnvironment environment, FeedKind kind, string name, string fileHelp, string description)
    {
        var file = new Argument<string>("FILE") { Description = fileHelp };
        var command = new Command(name, description) { file };
        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var metadata = await run.Work.Feeds.ImportAsync(new FeedImportRequest(kind, environment.PathOf(parse.GetValue(file)!)), cancellation);
            run.Notice($"{FeedTitle(kind)} imported from {metadata.Source}: {Contents(kind, metadata)}, data as of {metadata.DataAsOf:yyyy-MM-dd}");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>What a feed holds, in its own terms.</summary>
    private static string Contents(FeedKind kind, FeedMetadata metadata) => kind switch
    {
        FeedKind.DebianTracker => $"{metadata.SourcePackages} source packages, {metadata.Entries} entries, releases {string.Join(", ", metadata.Releases)}",
        FeedKind.KernelCna => $"{metadata.Entries} published CVEs, {metadata.Rejected} rejected ids",
        FeedKind.KnownExploited => $"{metadata.Entries} known exploited CVEs",
        FeedKind.ExploitPrediction => $"{metadata.Entries} CVE scores",
        _ => $"{metadata.Entries} issues",
    };

    private static string HowToGet(FeedKind kind) => kind switch
    {
        FeedKind.DebianTracker => "vigil feeds update' or 'vigil feeds import debian FILE",
        FeedKind.KernelCna => "vigil feeds update kernel' or 'vigil feeds import kernel PATH",
        FeedKind.KnownExploited => "vigil feeds update kev' or 'vigil feeds import kev FILE",
        FeedKind.ExploitPrediction => "vigil feeds update epss' or 'vigil feeds import epss FILE",
        _ => "vigil feeds import cip-kernel-sec DIR",
    };

    internal static string FeedTitle(FeedKind kind) => kind switch
    {
        FeedKind.DebianTracker => "Debian tracker feed",
        FeedKind.KernelCna => "kernel CVE feed",
        FeedKind.KnownExploited => "CISA KEV catalog",
        FeedKind.ExploitPrediction => "EPSS scores",
        _ => "cip-kernel-sec data",
    };

    public static string FormatAge(TimeSpan age) =>
        age.TotalDays >= 1 ? $"{age.TotalDays:0.#} days" : age.TotalHours >= 1 ? $"{age.TotalHours:0} hours" : $"{Math.Max(0, age.TotalMinutes):0} minutes";
}
