using Vigil.Application;
using Vigil.History;
using Vigil.Notifications;
using Vigil.Tests.Support;
using Vigil.Triage;

namespace Vigil.Tests.Reporting;

/// <summary>
/// The weekly mail for a large product (1,600 Debian and 4,800 kernel findings, as the CIP reference products have),
/// sent through a real SMTP server: small enough for a mailing list, and what was triaged resolved is never open.
/// </summary>
public sealed class WeeklyMailSizeTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 6, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory home = new();
    private readonly TestVigil vigil;

    public WeeklyMailSizeTests() => vigil = new TestVigil(home.File("data"), clock: new Cra.ManualClock(Now));

    public void Dispose()
    {
        vigil.Dispose();
        home.Dispose();
    }

    /// <summary>
    /// Two recorded scans of each kind, a week apart: the later one finds 200 Debian and 300 kernel CVEs more. The
    /// findings are generated (one shape per kind, real package and file names), as a scan of such a product records them.
    /// </summary>
    private async Task LargeProduct()
    {
        var release = await vigil.Use<ProductUseCases>().AddReleaseAsync(new AddReleaseRequest { Product = "gateway", Release = "2026.1", KernelVersion = "6.1.119-cip33" }, default);
        var store = vigil.Use<IScanStore>();
        string[] packages = ["openssl", "glibc", "systemd", "curl", "libxml2", "python3.11", "openssh", "busybox"];
        foreach (var (at, debian, kernel) in new[] { (Now.AddDays(-8), 1_400, 4_500), (Now.AddHours(-1), 1_600, 4_800) })
        {
            foreach (var (kind, count) in new[] { (Vigil.Scanning.ScanKind.Debian, debian), (Vigil.Scanning.ScanKind.Kernel, kernel) })
            {
                var scan = new ScanRecord
                {
                    Id = Vigil.Common.Ids.New(), ReleaseId = release.Id, Kind = kind, ScannedAt = at, Target = "generated",
                    InventorySha256 = new string('a', 64), FeedSha256 = new string('b', 64), FeedDataAsOf = at,
                };
                for (var i = 0; i < count; i++)
                {
                    var isKernel = kind == Vigil.Scanning.ScanKind.Kernel;
                    scan.Findings.Add(new ScanFindingRecord
                    {
                        Id = Vigil.Common.Ids.New(), ScanId = scan.Id, VulnerabilityId = $"CVE-{(isKernel ? 2024 : 2025)}-{10_000 + i}",
                        Component = isKernel ? "linux" : packages[i % packages.Length], InstalledVersion = isKernel ? "6.1.119-cip33" : "1.0-1",
                        Status = isKernel ? FindingStatus.Affected : FindingStatus.Open, Severity = (i % 3) switch { 0 => "high", 1 => "medium", _ => "low" },
                        Cvss = isKernel ? 4.0 + (i % 6) : null, EvidenceSha256 = new string('c', 64), Summary = $"generated finding {i} with a description of ordinary length",
                        ProgramFiles = isKernel ? $"drivers/net/ethernet/driver{i % 40}.c" : null,
                    });
                }
                scan.OpenCount = scan.Findings.Count;
                await store.AddScanAsync(scan, null, default);
            }
        }
    }

    [Fact]
    public async Task The_weekly_mail_of_a_product_with_6400_findings_stays_under_40_kb_and_never_lists_resolved_findings_as_open()
    {
        await LargeProduct();
        // The first three findings the report says need action, then triaged resolved: they must leave it.
        var before = (await vigil.Use<ReportUseCases>().WeeklyAsync("gateway", TimeSpan.FromDays(7), null, default)).ToText("test");
        var resolved = System.Text.RegularExpressions.Regex.Matches(before.Split("== Needs action")[1], @"(CVE-\d{4}-\d+) +(\S+)").Take(3)
            .Select(m => (m.Groups[2].Value, m.Groups[1].Value)).ToArray();
        Assert.Equal(3, resolved.Length);
        foreach (var (component, cve) in resolved)
        {
            await vigil.Use<TriageUseCases>().DecideAsync("gateway", new TriageService.Decision(cve, component, component == "linux" ? "not_affected" : "fixed",
                component == "linux" ? "vulnerable_code_not_present" : null, null, "not built for this board", null, "psirt", null, "cli"), default);
        }
        await using var smtp = await LoopbackSmtpServer.StartAsync();

        var outcome = await vigil.Use<ReportUseCases>().NotifyAsync(new NotifyRequest(["gateway"],
            new SmtpSettings("127.0.0.1", smtp.Port, SmtpSecurity.None, null, null, "cve-reports@acme.example", ["cve@lists.acme.example"], null) { ListId = "Gateway CVE reports <cve.gateway.acme.example>" },
            Digest: false, Force: true, TimeSpan.FromDays(7), null), default);
        var message = Assert.Single(smtp.Messages);
        using var raw = new MemoryStream();
        await message.WriteToAsync(raw);

        Assert.True(outcome.Single().Sent, outcome.Single().Why);
        Assert.True(raw.Length < 40 * 1024, $"the mail is {raw.Length} bytes");
        Assert.Contains("and ", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("This week: 500 new, 0 fixed, 0 reopened; 3 decisions", message.TextBody, StringComparison.Ordinal);
        Assert.All(resolved, r => Assert.Contains($"{r.Item2} ", before, StringComparison.Ordinal));
        Assert.All(resolved, r => Assert.DoesNotContain($"{r.Item2} ", message.TextBody!.Split("== Decisions")[0], StringComparison.Ordinal));
        Assert.Equal(("auto-generated", "Gateway CVE reports <cve.gateway.acme.example>"), (message.Headers["Auto-Submitted"], message.Headers["List-Id"]));
        Assert.EndsWith("@acme.example", message.MessageId, StringComparison.Ordinal);
        Assert.Equal("Vigil", message.From.Mailboxes.Single().Name);
    }

    [Fact]
    public async Task The_html_part_says_what_the_text_part_says()
    {
        await LargeProduct();
        var report = await vigil.Use<ReportUseCases>().WeeklyAsync("gateway", TimeSpan.FromDays(7), null, default);

        var text = report.ToText("test");
        var html = System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(report.ToHtml(), "<[^>]+>", ""));

        foreach (var line in text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("==", StringComparison.Ordinal) && !l.StartsWith("--", StringComparison.Ordinal)
            && !l.StartsWith("vigil test", StringComparison.Ordinal) && !l.StartsWith("Vigil weekly", StringComparison.Ordinal)))
        {
            Assert.Contains(line, html, StringComparison.Ordinal);
        }
    }
}
