using Vigil.Inventory;
using Vigil.Scanning.Debian;
using Vigil.Tests.Support;
using Vigil.Versions;
using Vigil.Vulnerabilities;

namespace Vigil.Tests.Scanning;

public sealed class DebianMatcherTests : IDisposable
{
    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    private static InstalledPackage Installed(string name, string version, string? source = null, string? sourceVersion = null) =>
        new(name, "amd64", DebianVersion.Parse(version), source ?? name, DebianVersion.Parse(sourceVersion ?? version));

    private IReadOnlyList<DebianFinding> Match(string json, params InstalledPackage[] installed)
    {
        using var feed = FeedFixture.Import(directory, json).Open();
        return DebianMatcher.Match(installed, feed, "bookworm");
    }

    [Fact]
    public void Resolved_entry_with_fixed_version_zero_is_not_affected()
    {
        var json = FeedFixture.OneEntry("openssl", "CVE-2007-6755", """{"status":"resolved","fixed_version":"0","urgency":"unimportant"}""");
        Assert.Empty(Match(json, Installed("openssl", "3.0.19-1~deb12u2")));
    }

    [Fact]
    public void Resolved_entry_affects_installed_source_version_below_the_fix_and_offers_the_fix()
    {
        var json = FeedFixture.OneEntry("openssl", "CVE-2025-9230", """{"status":"resolved","fixed_version":"3.0.20-1~deb12u1","urgency":"high"}""");
        var finding = Assert.Single(Match(json, Installed("openssl", "3.0.19-1~deb12u2")));
        Assert.True(finding.FixAvailable);
        Assert.Equal("3.0.20-1~deb12u1", finding.FixedVersion!.Text);
        Assert.Equal(Severity.High, finding.Severity);
    }

    [Theory]
    [InlineData("3.0.20-1~deb12u1")]
    [InlineData("3.0.20-1")]
    [InlineData("1:0.1")]
    public void Resolved_entry_does_not_affect_the_fixed_version_or_later(string installed)
    {
        var json = FeedFixture.OneEntry("openssl", "CVE-2025-9230", """{"status":"resolved","fixed_version":"3.0.20-1~deb12u1"}""");
        Assert.Empty(Match(json, Installed("openssl", installed)));
    }

    [Theory]
    [InlineData("open")]
    [InlineData("undetermined")]
    public void Open_and_undetermined_entries_affect_every_version_with_no_fix(string status)
    {
        var json = FeedFixture.OneEntry("bash", "CVE-2019-18276", $$"""{"status":"{{status}}","urgency":"low","nodsa":"Minor issue","nodsa_reason":"postponed"}""");
        var finding = Assert.Single(Match(json, Installed("bash", "5.2.15-2+b8", "bash", "5.2.15-2")));
        Assert.False(finding.FixAvailable);
        Assert.Null(finding.FixedVersion);
        Assert.Equal("Minor issue", finding.NoDsa);
        Assert.Equal("postponed", finding.NoDsaReason);
    }

    [Fact]
    public void Entry_without_the_scanned_release_is_not_reported()
    {
        var json = """{"openssl":{"CVE-2024-2511":{"releases":{"trixie":{"status":"open"}}}},"zz":{"CVE-2024-12345":{"releases":{"bookworm":{"status":"open"}}}}}""";
        Assert.Empty(Match(json, Installed("openssl", "3.0.19-1~deb12u2")));
    }

    [Fact]
    public void Matching_uses_the_source_version_not_the_binary_version()
    {
        // bsdutils 1:2.38.1-5+deb12u3 is built from util-linux 2.38.1-5+deb12u3: the epoch belongs to the binary only.
        var json = FeedFixture.OneEntry("util-linux", "CVE-2024-28085", """{"status":"resolved","fixed_version":"2.38.1-5+deb12u4"}""");
        var finding = Assert.Single(Match(json, Installed("bsdutils", "1:2.38.1-5+deb12u3", "util-linux", "2.38.1-5+deb12u3")));
        Assert.Equal("2.38.1-5+deb12u3", finding.InstalledVersion.Text);
    }

    [Fact]
    public void Binaries_of_one_source_share_one_finding_that_names_them_all()
    {
        var json = FeedFixture.OneEntry("openssl", "CVE-2025-9230", """{"status":"resolved","fixed_version":"3.0.20-1"}""");
        var finding = Assert.Single(Match(json, Installed("openssl", "3.0.19-1"), Installed("libssl3", "3.0.19-1", "openssl")));
        Assert.Equal(["libssl3", "openssl"], finding.Binaries);
    }

    [Fact]
    public void Two_versions_of_one_source_are_matched_apart_lower_first()
    {
        // A half-upgraded multi-arch pair: the fix covers one version only, and each finding names its own binaries.
        var json = FeedFixture.OneEntry("openssl", "CVE-2025-9230", """{"status":"resolved","fixed_version":"3.0.20-1"}""");
        var findings = Match(json, Installed("openssl", "3.0.20-1"), Installed("libssl3", "3.0.19-1", "openssl"), Installed("libssl3-dev", "3.0.19-1", "openssl"));
        var finding = Assert.Single(findings);
        Assert.Equal("3.0.19-1", finding.InstalledVersion.Text);
        Assert.Equal(["libssl3", "libssl3-dev"], finding.Binaries);

        var open = FeedFixture.OneEntry("openssl", "CVE-2010-0928", """{"status":"open"}""");
        Assert.Equal(["3.0.19-1", "3.0.20-1"], Match(open, Installed("openssl", "3.0.20-1"), Installed("libssl3", "3.0.19-1", "openssl")).Select(f => f.InstalledVersion.Text));
    }

    [Fact]
    public void Findings_come_out_by_source_then_id_then_installed_version()
    {
        // The tracker lists ids as it likes; numbers compare as numbers (9999 before 10000), TEMP ids after CVEs.
        var json = """
            {"zlib":{"CVE-2023-45853":{"releases":{"bookworm":{"status":"open"}}}},
             "openssl":{"TEMP-0000000-ABCDEF":{"releases":{"bookworm":{"status":"open"}}},
                        "CVE-2024-10000":{"releases":{"bookworm":{"status":"open"}}},
                        "CVE-2024-9999":{"releases":{"bookworm":{"status":"resolved","fixed_version":"3.0.20-1"}}}}}
            """;
        var findings = Match(json, Installed("zlib1g", "1:1.2.13.dfsg-1", "zlib"), Installed("openssl", "3.0.20-1"),
            Installed("libssl3", "3.0.19-1", "openssl"));

        Assert.Equal(
            ["openssl CVE-2024-9999 3.0.19-1", "openssl CVE-2024-10000 3.0.19-1", "openssl CVE-2024-10000 3.0.20-1",
             "openssl TEMP-0000000-ABCDEF 3.0.19-1", "openssl TEMP-0000000-ABCDEF 3.0.20-1", "zlib CVE-2023-45853 1:1.2.13.dfsg-1"],
            findings.Select(f => $"{f.SourcePackage} {f.Id.Text} {f.InstalledVersion.Text}"));
    }

    [Theory]
    [InlineData("unimportant", Severity.Unimportant)]
    [InlineData("low", Severity.Low)]
    [InlineData("medium", Severity.Medium)]
    [InlineData("high", Severity.High)]
    [InlineData("low**", Severity.Low)]
    [InlineData("not yet assigned", Severity.Unknown)]
    [InlineData("end-of-life", Severity.Unknown)]
    [InlineData(null, Severity.Unknown)]
    public void Urgency_maps_onto_severity_with_unrated_as_unknown(string? urgency, Severity expected)
    {
        Assert.Equal(expected, DebianFinding.SeverityOf(urgency));
    }

    [Fact]
    public void Unknown_severity_fails_every_gate()
    {
        Assert.True(Severity.Unknown.FailsGate(Severity.High));
        Assert.True(Severity.High.FailsGate(Severity.Medium));
        Assert.False(Severity.Low.FailsGate(Severity.Medium));
    }

    [Fact]
    public void Release_missing_from_the_feed_is_an_error_listing_the_known_ones()
    {
        using var feed = FeedFixture.Import(directory, FeedFixture.OneEntry("a", "CVE-2024-1234", """{"status":"open"}""")).Open();
        var error = Assert.Throws<Vigil.Common.VigilException>(() => DebianMatcher.Match([], feed, "jammy"));
        Assert.Contains("release 'jammy' is not in the Debian tracker feed, which knows bookworm, trixie", error.Message, StringComparison.Ordinal);
    }
}
