using Vigil.Scanning.Kernel;
using Vigil.Tests.Support;
using Vigil.Versions;

namespace Vigil.Tests.Scanning;

public class KernelRecordEvaluatorTests
{
    private static KernelVerdict Evaluate(string cve, string version) =>
        KernelRule.Compile(KernelFixture.Record(cve)).Evaluate(KernelVersion.Parse(version));

    [Theory]
    [InlineData("CVE-2021-47645")]
    [InlineData("CVE-2022-50518")]
    [InlineData("CVE-2023-52920")]
    [InlineData("CVE-2024-26581")]
    [InlineData("CVE-2024-38635")]
    [InlineData("CVE-2025-40039")]
    public void The_scans_short_verdict_drops_exactly_the_plain_not_affected_ones(string cve)
    {
        var rule = KernelRule.Compile(KernelFixture.Record(cve));
        // Every release the record names, each one before and after it, release candidates and other branches.
        var versions = rule.FixReleases().SelectMany(f => new[] { f.Number, $"{f.Number}-rc2" })
            .Concat(["2.6.32.71", "4.4.302", "4.19.325", "5.10.0", "5.10.240", "6.1.0", "6.1.78", "6.1.119", "6.4.7", "6.4.8", "6.5", "6.6.16", "6.6.17", "6.6.33", "6.8-rc3", "6.9", "6.12.30", "6.18"])
            .Where(v => KernelVersion.TryParse(v, out _)).Select(KernelVersion.Parse).ToArray();

        foreach (var version in versions)
        {
            var full = rule.Evaluate(version);
            var kept = rule.EvaluateUnlessNotAffected(version);

            Assert.Equal(full.Status == KernelStatus.NotAffected ? null : full, kept);
        }
    }

    [Fact]
    public void Stable_backport_makes_a_release_vulnerable_before_the_mainline_release_that_introduced_the_bug()
    {
        var verdict = Evaluate("CVE-2024-26581", "6.4.8");
        Assert.Equal(KernelStatus.Affected, verdict.Status);
        Assert.Equal("introduced in 6.5 (in 6.4 from 6.4.8), fixed upstream in 6.8, no fix for 6.4 yet", verdict.Reason);
    }

    [Fact]
    public void Release_before_the_backport_is_not_yet_affected()
    {
        var verdict = Evaluate("CVE-2024-26581", "6.4.7");
        Assert.Equal(KernelStatus.NotAffected, verdict.Status);
        Assert.Equal("not yet introduced (introduced in 6.5)", verdict.Reason);
    }

    [Theory]
    [InlineData("6.6.16", KernelStatus.Affected, "6.6.17")]
    [InlineData("6.6.17", KernelStatus.NotAffected, "6.6.17")]
    [InlineData("6.1.77", KernelStatus.Affected, "6.1.78")]
    [InlineData("6.1.78", KernelStatus.NotAffected, "6.1.78")]
    [InlineData("6.7.4", KernelStatus.Affected, "6.7.5")]
    [InlineData("6.8", KernelStatus.NotAffected, "6.8")]
    [InlineData("6.12.1", KernelStatus.NotAffected, "6.8")]
    public void Branch_fix_and_mainline_fix_end_the_vulnerability(string version, KernelStatus status, string fixedIn)
    {
        var verdict = Evaluate("CVE-2024-26581", version);
        Assert.Equal(status, verdict.Status);
        Assert.Equal(fixedIn, verdict.FixedIn?.Number);
    }

    [Fact]
    public void Branch_that_got_the_bug_and_its_fix_in_one_release_is_never_affected()
    {
        // The dyad's 4.19.316:...:4.19.316:... line: introduced and fixed in the same stable release.
        var verdict = Evaluate("CVE-2024-26581", "4.19.316");
        Assert.Equal(KernelStatus.NotAffected, verdict.Status);
    }

    [Fact]
    public void Range_ending_at_a_stable_release_speaks_only_for_that_branch()
    {
        // "0 lessThan 6.9.4" must not make 6.6.40 (fixed in 6.6.33) affected.
        Assert.Equal(KernelStatus.NotAffected, Evaluate("CVE-2024-38635", "6.6.40").Status);
        Assert.Equal(KernelStatus.Affected, Evaluate("CVE-2024-38635", "6.6.32").Status);
        Assert.Equal(KernelStatus.Affected, Evaluate("CVE-2024-38635", "6.9.3").Status);
        Assert.Equal(KernelStatus.NotAffected, Evaluate("CVE-2024-38635", "6.9.4").Status);
    }

    [Fact]
    public void Branch_without_a_fix_stays_affected_with_no_fix_named()
    {
        var verdict = Evaluate("CVE-2024-38635", "6.5.3");
        Assert.Equal(KernelStatus.Affected, verdict.Status);
        Assert.Null(verdict.FixedIn);
        Assert.EndsWith("no fix for 6.5 yet", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_fixes_for_one_branch_make_versions_between_them_need_review()
    {
        var verdict = Evaluate("CVE-2023-52920", "6.6.65");
        Assert.Equal(KernelStatus.NeedsReview, verdict.Status);
        Assert.Contains("3 fixes are listed for 6.6 (6.6.64, 6.6.70, 6.6.140)", verdict.Contradiction, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("6.6.63", KernelStatus.Affected)]
    [InlineData("6.6.140", KernelStatus.NotAffected)]
    public void Several_fixes_for_one_branch_leave_versions_outside_them_decided(string version, KernelStatus status)
    {
        Assert.Equal(status, Evaluate("CVE-2023-52920", version).Status);
    }

    [Fact]
    public void Dyad_line_without_a_matching_json_range_needs_review()
    {
        var verdict = Evaluate("CVE-2025-40039", "6.1.100");
        Assert.Equal(KernelStatus.NeedsReview, verdict.Status);
        Assert.Contains("the dyad says 6.1 is vulnerable from 6.1.71 (052b41ef2abe) with no fix, but the JSON has no affected range for 6.1",
            verdict.Contradiction, StringComparison.Ordinal);
        Assert.Equal(KernelStatus.NotAffected, Evaluate("CVE-2025-40039", "6.1.70").Status);
    }

    [Fact]
    public void Stable_fixes_without_a_mainline_fix_make_later_kernels_need_review()
    {
        var verdict = Evaluate("CVE-2021-47645", "6.1.50");
        Assert.Equal(KernelStatus.NeedsReview, verdict.Status);
        Assert.Contains("no mainline fix is recorded", verdict.Contradiction, StringComparison.Ordinal);
        Assert.Contains("the dyad's fix 5.2 (8dce4b265a53) predates its introduction in 5.10", verdict.Contradiction, StringComparison.Ordinal);
        Assert.Equal(KernelStatus.NotAffected, Evaluate("CVE-2021-47645", "5.10.110").Status);
        Assert.Equal(KernelStatus.Affected, Evaluate("CVE-2021-47645", "5.10.109").Status);
    }

    [Theory]
    [InlineData("2.6.24.5", KernelStatus.Affected)]
    [InlineData("2.6.24.4", KernelStatus.NotAffected)]
    [InlineData("4.19.300", KernelStatus.Affected)]
    [InlineData("6.1.4", KernelStatus.NotAffected)]
    public void Two_point_six_era_four_number_releases_are_branches_of_their_own(string version, KernelStatus status)
    {
        Assert.Equal(status, Evaluate("CVE-2022-50518", version).Status);
    }

    [Fact]
    public void Fix_releases_are_every_branch_fix_and_the_mainline_fix()
    {
        var fixes = KernelRule.Compile(KernelFixture.Record("CVE-2024-26581")).FixReleases().Select(v => v.Number).Order();
        Assert.Equal(["5.10.210", "5.15.149", "5.4.269", "6.1.78", "6.6.17", "6.7.5", "6.8"], fixes);
    }
}
