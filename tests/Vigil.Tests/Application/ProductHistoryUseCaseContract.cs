using Vigil.Application;
using Vigil.Feeds;
using Vigil.Inventory;
using Vigil.Scanning;
using Vigil.Tests.Support;
using Vigil.Triage;

namespace Vigil.Tests.Application;

/// <summary>
/// What recorded scans, diffs and triage decide, driven through the use cases that every front end calls, the same
/// for every database: the concrete classes below run it on SQLite and on PostgreSQL. The command line's own
/// contract (output, exit codes, messages) is ProductHistoryContract's.
/// </summary>
public abstract class ProductHistoryUseCaseContract : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempDirectory home = new();
    private readonly ITestDatabase database;
    private readonly TestVigil vigil;
    private readonly ShiftedClock clock = new();

    protected ProductHistoryUseCaseContract(Func<TempDirectory, ITestDatabase> makeDatabase)
    {
        database = makeDatabase(home);
        StatusFile = Path.Combine(home.Path, "image.dpkg_status");
        File.Copy(Fixture.Path("status-bookworm-excerpt"), StatusFile);
        vigil = new TestVigil(Path.Combine(home.Path, "data"), database.Setting, clock: clock);
    }

    private string StatusFile { get; }

    public void Dispose()
    {
        vigil.Dispose();
        database.Dispose();
        home.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task AddGateway()
    {
        await vigil.Use<FeedUseCases>().ImportAsync(new FeedImportRequest(FeedKind.DebianTracker, Fixture.Path("tracker-excerpt.json")), None);
        await vigil.Use<FeedUseCases>().ImportAsync(new FeedImportRequest(FeedKind.KernelCna, KernelFixture.Root), None);
        await vigil.Use<ProductUseCases>().AddReleaseAsync(new AddReleaseRequest
        {
            Product = "gateway",
            Release = "2026.1",
            PackagesKind = PackageInventoryKind.DpkgStatus,
            PackagesPath = StatusFile,
            DebianRelease = "bookworm",
            KernelVersion = "6.6.10-cip5",
        }, None);
    }

    private Task<DebianScanOutcome> Scan() => vigil.Use<ScanUseCases>().ScanDebianAsync(new DebianScanRequest { Product = "gateway" }, None);

    private void Upgrade(string from, string to) => File.WriteAllText(StatusFile, File.ReadAllText(StatusFile).Replace($"Version: {from}\n", $"Version: {to}\n", StringComparison.Ordinal));

    private async Task<string[]> Changes(ScanKind? kind = null) =>
        [.. (await vigil.Use<HistoryUseCases>().DiffAsync(new DiffRequest { Product = "gateway", Kind = kind }, None)).Diff.Changes
            .Select(c => $"{c.Change} {c.Component} {c.VulnerabilityId}").Order(StringComparer.Ordinal)];

    private Task<TriageDecision> Decide(string cve, string component, string state, string? justification = null, string? response = null, string detail = "", string? threat = null, string author = "alice") =>
        vigil.Use<TriageUseCases>().DecideAsync("gateway", new TriageService.Decision(cve, component, state, justification, response, detail, threat, author, null, "test"), None);

    private async Task<Dictionary<string, TriagedFinding>> Triage() =>
        (await vigil.Use<TriageUseCases>().ListAsync("gateway", null, None)).ToDictionary(f => $"{f.Finding.Component} {f.Finding.VulnerabilityId}");

    [Fact]
    public async Task Two_scans_with_a_changed_inventory_diff_as_fixed_and_changed()
    {
        await AddGateway();
        await Scan();
        Upgrade("2.36-9+deb12u14", "2.36-9+deb12u15");
        await Scan();

        Assert.Equal(["changed glibc CVE-2010-4756", "fixed glibc CVE-2025-4802"], await Changes());
    }

    [Fact]
    public async Task A_finding_that_returns_after_being_fixed_is_reopened()
    {
        await AddGateway();
        await Scan();
        Upgrade("2.36-9+deb12u14", "2.36-9+deb12u15");
        await Scan();
        Upgrade("2.36-9+deb12u15", "2.36-9+deb12u14");
        await Scan();

        Assert.Contains("reopened glibc CVE-2025-4802", await Changes());
    }

    [Fact]
    public async Task A_rescored_cve_with_the_same_inventory_is_a_feed_change()
    {
        await AddGateway();
        await Scan();
        var feed = File.ReadAllText(Fixture.Path("tracker-excerpt.json"));
        var rescored = home.Write("rescored.json", feed.Replace("\"urgency\": \"low\"", "\"urgency\": \"medium\"", StringComparison.Ordinal)
            .Replace("Minor issue", "Minor issue, reviewed", StringComparison.Ordinal));
        await vigil.Use<FeedUseCases>().ImportAsync(new FeedImportRequest(FeedKind.DebianTracker, rescored), None);
        await Scan();

        var changes = await Changes();

        Assert.Contains("severity-changed bash CVE-2019-18276", changes);
        Assert.Contains("feed-changed util-linux CVE-2022-0563", changes);
    }

    [Fact]
    public async Task Kernel_scans_of_a_product_are_recorded_and_diffed()
    {
        await AddGateway();
        await vigil.Use<ScanUseCases>().ScanKernelAsync(new KernelScanRequest { Product = "gateway" }, None);
        var compiled = home.Write("compiled.txt", "init/main.c\nkernel/fork.c\nmm/memory.c\ndrivers/soundwire/cadence_master.c\n");
        await vigil.Use<ScanUseCases>().ScanKernelAsync(new KernelScanRequest { Product = "gateway", BuildKind = KernelBuildKind.CompiledFiles, BuildPath = compiled }, None);

        var changes = await Changes(ScanKind.Kernel);

        Assert.Contains("fixed linux CVE-2024-26581", changes);
        Assert.DoesNotContain("fixed linux CVE-2024-38635", changes);
    }

    [Fact]
    public async Task Recorded_findings_read_back_from_the_database_as_they_were_recorded()
    {
        await AddGateway();
        var debian = (await Scan()).Recorded!;
        var kernel = (await vigil.Use<ScanUseCases>().ScanKernelAsync(new KernelScanRequest { Product = "gateway" }, None)).Recorded!;
        static string[] Rows(IEnumerable<Vigil.History.ScanFindingRecord> findings) => [.. findings
            .Select(f => string.Join('|', f.Id, f.ScanId, f.VulnerabilityId, f.Component, f.InstalledVersion, f.FixedVersion ?? "<null>", f.Status, f.Severity,
                f.EvidenceSha256, f.Summary, f.Scope ?? "<null>", f.Cvss?.ToString("R", System.Globalization.CultureInfo.InvariantCulture) ?? "<null>", f.ProgramFiles ?? "<null>", f.Reason ?? "<null>"))
            .Order(StringComparer.Ordinal)];

        // Another process keeps nothing of this one's in memory: what it reads comes from the tables.
        using var other = new TestVigil(vigil.Data.Path, database.Setting, clock: clock);
        var stored = await other.Use<Vigil.History.ScanHistory>().CurrentFindingsAsync((await other.Use<ProductUseCases>().ShowAsync("gateway", None)).Product, None);

        Assert.Equal(Rows([.. debian.Findings, .. kernel.Findings]), Rows(stored.Select(f => f.Finding)));
        Assert.Contains(kernel.Findings, f => f.Cvss is not null && f.ProgramFiles is not null && f.Reason is not null);
        Assert.Contains(kernel.Findings, f => f.Cvss is null && f.FixedVersion is null);
        Assert.Contains(debian.Findings, f => f.Scope is not null && f.FixedVersion is not null);
    }

    [Fact]
    public async Task A_scan_whose_findings_cannot_be_stored_is_not_stored_at_all()
    {
        await AddGateway();
        var recorded = (await Scan()).Recorded!;
        var release = (await vigil.Use<ProductUseCases>().ShowAsync("gateway", None)).Product.Releases[0];
        var broken = new Vigil.History.ScanRecord
        {
            Id = Vigil.Common.Ids.New(), ReleaseId = release.Id, Kind = ScanKind.Debian, ScannedAt = clock.GetUtcNow(), Target = "t",
            InventorySha256 = recorded.InventorySha256, FeedSha256 = recorded.FeedSha256, FeedDataAsOf = recorded.FeedDataAsOf,
        };
        // Two findings with one id: the database refuses the second row, after the scan's own row went in.
        broken.Findings.AddRange(recorded.Findings.Take(2).Select(f => new Vigil.History.ScanFindingRecord
        {
            Id = recorded.Findings[0].Id + "x", ScanId = broken.Id, VulnerabilityId = f.VulnerabilityId, Component = f.Component, InstalledVersion = f.InstalledVersion,
            Status = f.Status, Severity = f.Severity, EvidenceSha256 = f.EvidenceSha256, Summary = f.Summary,
        }));

        var error = await Assert.ThrowsAsync<Vigil.Common.VigilException>(() => vigil.Use<Vigil.History.IScanStore>().AddScanAsync(broken, null, None));
        using var other = new TestVigil(vigil.Data.Path, database.Setting, clock: clock);

        Assert.StartsWith("the scan could not be stored: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal([recorded.Id], (await other.Use<Vigil.History.IScanStore>().ScansAsync(release.Id, ScanKind.Debian, None)).Select(s => s.Id));
    }

    [Fact]
    public async Task The_diff_since_an_age_compares_with_the_last_scan_at_least_that_old()
    {
        await AddGateway();
        var first = (await Scan()).Recorded!;
        await Scan();
        var latest = (await Scan()).Recorded!;

        var diff = await vigil.Use<HistoryUseCases>().DiffAsync(new DiffRequest { Product = "gateway", Since = TimeSpan.FromDays(7) }, None);

        // No scan is a week old: the comparison falls back to the first one.
        Assert.Equal(first.Id, diff.Diff.From.Id);
        Assert.Equal(latest.Id, diff.Diff.To.Id);
    }

    [Fact]
    public async Task Decision_survives_a_rescan_and_is_flagged_when_the_package_changes()
    {
        await AddGateway();
        await Scan();
        await Decide("CVE-2010-4756", "glibc", "not_affected", "vulnerable_code_not_in_execute_path", detail: "glob() is never fed untrusted patterns");

        await Scan();
        var afterRescan = await Triage();
        Upgrade("2.36-9+deb12u14", "2.36-9+deb12u15");
        await Scan();
        var afterUpgrade = await Triage();

        Assert.Equal(TriageStanding.Decided, afterRescan["glibc CVE-2010-4756"].Standing);
        Assert.Equal(TriageState.NotAffected, afterRescan["glibc CVE-2010-4756"].Decision!.State);
        Assert.Equal(TriageStanding.ReReview, afterUpgrade["glibc CVE-2010-4756"].Standing);
    }

    [Fact]
    public async Task A_decision_shows_as_expired_on_the_first_read_after_its_expiry()
    {
        await AddGateway();
        await Scan();
        await vigil.Use<TriageUseCases>().DecideAsync("gateway", new TriageService.Decision("CVE-2025-4802", "glibc", "not_affected", "vulnerable_code_not_in_execute_path",
            null, "", null, "alice", clock.GetUtcNow().AddDays(1), "test"), None);

        var before = (await Triage())["glibc CVE-2025-4802"].Standing;
        clock.Shift = TimeSpan.FromDays(2);
        var after = (await Triage())["glibc CVE-2025-4802"].Standing;

        Assert.Equal((TriageStanding.Decided, TriageStanding.Expired), (before, after));
    }

    [Fact]
    public async Task Every_decision_is_kept_in_the_history()
    {
        await AddGateway();
        await Scan();
        await Decide("CVE-2025-4802", "glibc", "in_triage");
        await Decide("CVE-2025-4802", "glibc", "affected", response: "update", detail: "upgrade to deb12u15", threat: "TM-7", author: "bob");

        var history = await vigil.Use<TriageUseCases>().HistoryAsync("gateway", "CVE-2025-4802", None);

        Assert.Equal([(TriageState.InTriage, "alice"), (TriageState.Affected, "bob")], history.Select(d => (d.State, d.Author)));
        Assert.All(history, d => Assert.Equal("2.36-9+deb12u14", d.ComponentVersion));
        Assert.Equal(TriageResponse.Update, history[1].Response);
    }

    [Fact]
    public async Task Triage_check_lists_affected_high_findings_without_a_threat_model_entry()
    {
        await AddGateway();
        await Scan();
        foreach (var (cve, component) in new[] { ("CVE-2025-9230", "openssl"), ("TEMP-0000000-A1B2C3", "openssl"), ("CVE-2022-0563", "util-linux"), ("CVE-2010-4756", "glibc") })
        {
            await Decide(cve, component, "not_affected", detail: "not reachable");
        }
        await Decide("CVE-2025-4802", "glibc", "affected", response: "update", author: "bob");
        await Decide("CVE-2019-18276", "bash", "affected", response: "will_not_fix", threat: "TM-2", author: "bob");

        var gaps = await vigil.Use<TriageUseCases>().CheckAsync("gateway", null, None);
        await Decide("CVE-2025-4802", "glibc", "affected", response: "update", threat: "M-12", author: "bob");
        var none = await vigil.Use<TriageUseCases>().CheckAsync("gateway", null, None);

        Assert.Equal(["CVE-2025-4802: affected but names no threat-model entry or mitigation"], gaps.Select(g => $"{g.Finding.Finding.VulnerabilityId}: {g.Problem}"));
        Assert.Empty(none);
    }

    [Fact]
    public async Task Conflicting_decisions_in_one_document_store_nothing()
    {
        await AddGateway();
        await Scan();
        var vex = home.Write("conflict.vex.json", """
            {"@context": "https://openvex.dev/ns/v0.2.0", "@id": "urn:x", "author": "a", "timestamp": "2026-11-01T00:00:00Z", "version": 1,
             "statements": [
               {"vulnerability": {"name": "CVE-2025-4802"}, "products": [{"@id": "pkg:deb/debian/glibc@2.36-9%2Bdeb12u14"}], "status": "fixed"},
               {"vulnerability": {"name": "CVE-2025-4802"}, "products": [{"@id": "pkg:deb/debian/glibc@2.36-9%2Bdeb12u14"}], "status": "under_investigation"}]}
            """);

        var error = await Assert.ThrowsAsync<Vigil.Common.VigilException>(() => vigil.Use<TriageUseCases>().ImportVexAsync(new VexImportRequest("gateway", vex), None));

        Assert.Equal(Vigil.Common.ErrorKind.Conflict, error.Kind);
        Assert.Empty(await vigil.Use<TriageUseCases>().HistoryAsync("gateway", null, None));
    }

    [Fact]
    public async Task A_release_recorded_without_packages_cannot_be_scanned_for_them()
    {
        await vigil.Use<ProductUseCases>().AddReleaseAsync(new AddReleaseRequest { Product = "camera", Release = "1", KernelVersion = "6.1.119-cip33" }, None);

        var error = await Assert.ThrowsAsync<Vigil.Common.VigilException>(() => vigil.Use<ScanUseCases>().ScanDebianAsync(new DebianScanRequest { Product = "camera" }, None));

        Assert.Equal(Vigil.Common.ErrorCodes.ReleaseWithoutPackages, error.Code);
    }
}

public sealed class SqliteProductHistoryUseCaseTests() : ProductHistoryUseCaseContract(home => new SqliteTestDatabase(home));

public sealed class PostgresProductHistoryUseCaseTests() : ProductHistoryUseCaseContract(_ => new PostgresTestDatabase());
