using System.Diagnostics;
using Vigil.Common;
using Vigil.Feeds.Kernel;
using Vigil.Scanning.Kernel;
using Vigil.Versions;

// In-process benchmarks. Kernel: how long loading the imported feed takes, and evaluating every record for one
// version (target <= 50 ms). Usage: Vigil.Bench DATA_DIR [VERSION...]
// Portfolio rescan (issue 15): RELEASES releases of one status file scanned on FEED, then FEED2 imported and every
// release rescanned, as the server does after a feed update (target < 30 s for 100 x 3,000 packages).
// Usage: Vigil.Bench rescan DATA_DIR FEED FEED2 STATUS RELEASES
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: Vigil.Bench DATA_DIR [VERSION...] | Vigil.Bench rescan DATA_DIR FEED FEED2 STATUS RELEASES");
    return 1;
}
if (args[0] == "rescan")
{
    return await Vigil.Bench.PortfolioRescan.RunAsync(args[1], args[2], args[3], args[4], int.Parse(args[5], System.Globalization.CultureInfo.InvariantCulture));
}
var store = new KernelFeedStore(new DataDirectory(args[0]));
var versions = args.Length > 1 ? args[1..] : ["4.19.325", "5.10.240", "6.1.119", "6.6.60", "6.12.30"];

// Opening includes making every rule, which a scan does one record at a time (the feed stores records compiled).
var load = Stopwatch.StartNew();
using (var first = store.Open())
{
    AllRules(first);
}
load.Stop();
var again = Stopwatch.StartNew();
using var feed = store.Open();
var rules = AllRules(feed);
again.Stop();
Console.WriteLine($"| open feed and make its rules ({rules.Length} records) | first {load.Elapsed.TotalMilliseconds:0.0} ms (with JIT), then {again.Elapsed.TotalMilliseconds:0.0} ms |");

foreach (var text in versions)
{
    var version = KernelVersion.Parse(text);
    Affected(rules, version); // warm-up: first call pays for JIT
    var runs = new List<double>();
    var affected = 0;
    for (var i = 0; i < 9; i++)
    {
        var watch = Stopwatch.StartNew();
        affected = Affected(rules, version);
        runs.Add(watch.Elapsed.TotalMilliseconds);
    }
    runs.Sort();
    Console.WriteLine($"| evaluate all records for {text} ({affected} affected or needs-review) | median {runs[4]:0.0} ms, worst {runs[^1]:0.0} ms |");
}
return 0;

static KernelRule[] AllRules(KernelFeed feed) => [.. Enumerable.Range(0, feed.Ids.Count).Select(i => KernelScanner.RuleOf(feed, i))];

// What a scan evaluates: every record's rule for the version, keeping those that do not simply say "not affected".
static int Affected(IReadOnlyList<KernelRule> rules, KernelVersion version)
{
    var affected = 0;
    foreach (var rule in rules)
    {
        affected += rule.EvaluateUnlessNotAffected(version) is null ? 0 : 1;
    }
    return affected;
}
