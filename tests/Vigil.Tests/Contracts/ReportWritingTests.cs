using System.Text;
using System.Text.Json;
using Vigil.Contracts;
using Vigil.Inventory;
using Vigil.Scanning.Debian;
using Vigil.Versions;
using Vigil.Vulnerabilities;

namespace Vigil.Tests.Contracts;

public sealed class ReportWritingTests
{
    private static string Written(KernelFixedInReport report)
    {
        using var stream = new MemoryStream();
        ContractJson.Write(stream, report, ContractJson.Default.KernelFixedInReport);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public void Non_ascii_text_and_markup_characters_are_written_as_they_are()
    {
        var json = Written(new("6.1.120", [new("CVE-2024-0001", "wifi: mt76: fix <b>größe</b> & 'käse'")]));

        Assert.Contains("\"title\": \"wifi: mt76: fix <b>größe</b> & 'käse'\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_report_many_times_larger_than_a_write_block_is_written_whole_and_indented()
    {
        KernelFixedInReport.FixedCve[] many = [.. Enumerable.Range(1, 5_000).Select(i => new KernelFixedInReport.FixedCve($"CVE-2024-{i:00000}", new string('x', i % 97) + "é"))];

        var json = Written(new("6.1.120", many));
        var back = JsonDocument.Parse(json).RootElement.GetProperty("fixed");

        Assert.True(json.Length > 400_000);
        Assert.Equal(many.Select(c => (c.Cve, c.Title)), back.EnumerateArray().Select(e => (e.GetProperty("cve").GetString()!, e.GetProperty("title").GetString()!)));
        Assert.StartsWith("{\n  \"release\": \"6.1.120\",\n  \"fixed\": [\n    {\n", json, StringComparison.Ordinal);
    }

    private static DebianFinding Finding(string package, string id, string installed) =>
        new(VulnerabilityId.Parse(id), package, [package], DebianVersion.Parse(installed), null, "low", Severity.Low, null, null, null, null, null);

    private static ScanReport DebianReport(params DebianFinding[] findings)
    {
        InstalledPackage[] packages =
        [
            new("libssl3", "amd64", DebianVersion.Parse("3.0.19-1"), "openssl", DebianVersion.Parse("3.0.19-1")),
            new("libssl-dev", "amd64", DebianVersion.Parse("3.0.19-1"), "openssl", DebianVersion.Parse("3.0.19-1")),
            new("openssl", "amd64", DebianVersion.Parse("3.0.20-1"), "openssl", DebianVersion.Parse("3.0.20-1")),
            new("zlib1g", "amd64", DebianVersion.Parse("1:1.2.13.dfsg-1"), "zlib", DebianVersion.Parse("1:1.2.13.dfsg-1")),
        ];
        var feed = new Vigil.Feeds.FeedMetadata
        {
            Source = "tracker.json", ImportedAt = DateTimeOffset.UnixEpoch, DataAsOf = DateTimeOffset.UnixEpoch, Sha256 = "00", Bytes = 1,
            SourcePackages = 2, Entries = findings.Length, Releases = ["bookworm"],
        };
        var result = new DebianScanResult(new ScanTarget("dpkg-status", "status", packages, "bookworm"), "bookworm", feed,
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, findings);
        return ScanReport.From(result, "1.0", Vigil.Feeds.Exploits.ExploitSignals.None);
    }

    [Fact]
    public void A_debian_report_lists_findings_by_package_then_id_in_whatever_order_they_come()
    {
        var report = DebianReport(Finding("zlib", "CVE-2023-45853", "1:1.2.13.dfsg-1"), Finding("openssl", "CVE-2024-10000", "3.0.19-1"),
            Finding("openssl", "CVE-2024-9999", "3.0.20-1"), Finding("openssl", "CVE-2024-9999", "3.0.19-1"));

        Assert.Equal(["openssl CVE-2024-9999 3.0.20-1", "openssl CVE-2024-9999 3.0.19-1", "openssl CVE-2024-10000 3.0.19-1", "zlib CVE-2023-45853 1:1.2.13.dfsg-1"],
            report.Findings.Select(f => $"{f.Package} {f.Cve} {f.InstalledVersion}"));
    }

    [Fact]
    public void A_debian_report_counts_affected_packages_and_source_packages_at_each_version()
    {
        var report = DebianReport(Finding("openssl", "CVE-2024-9999", "3.0.19-1"), Finding("openssl", "CVE-2024-9999", "3.0.20-1"), Finding("zlib", "CVE-2023-45853", "1:1.2.13.dfsg-1"));

        Assert.Equal((3, 2), (report.Summary.Findings, report.Summary.PackagesAffected));
        Assert.Equal((4, 3), (report.Target.InstalledPackages, report.Target.SourcePackages));
    }
}
