using Vigil.History;
using Vigil.Scanning;

namespace Vigil.Tests.History;

/// <summary>The dashboard's open findings per week, from the scans' open counts.</summary>
public sealed class FindingTrendTests
{
    // A Thursday; its week starts on Monday 2026-11-23.
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 15, 0, 0, TimeSpan.Zero);

    private static ScanRecord Scan(string release, ScanKind kind, string at, int open) => new()
    {
        Id = $"{release}-{kind}-{at}", ReleaseId = release, Kind = kind, ScannedAt = DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture),
        Target = "t", InventorySha256 = "i", FeedSha256 = "f", FeedDataAsOf = Now, OpenCount = open,
    };

    [Fact]
    public void Weeks_start_on_monday_in_utc_and_the_last_is_the_current_week()
    {
        var weeks = FindingTrend.Weekly([], Now, 3);

        Assert.Equal([new DateOnly(2026, 11, 9), new DateOnly(2026, 11, 16), new DateOnly(2026, 11, 23)], weeks.Select(w => w.Monday));
        Assert.All(weeks, w => Assert.Equal(0, w.Open));
    }

    [Fact]
    public void A_release_keeps_its_last_scans_count_until_it_is_scanned_again()
    {
        var weeks = FindingTrend.Weekly([Scan("r1", ScanKind.Debian, "2026-11-10T08:00:00Z", 40), Scan("r1", ScanKind.Debian, "2026-11-24T08:00:00Z", 25)], Now, 3);

        Assert.Equal([40, 40, 25], weeks.Select(w => w.Open));
    }

    [Fact]
    public void A_scan_in_the_first_second_of_a_week_counts_for_that_week_not_the_one_before()
    {
        var weeks = FindingTrend.Weekly([Scan("r1", ScanKind.Debian, "2026-11-09T00:00:00Z", 7), Scan("r1", ScanKind.Debian, "2026-11-16T00:00:00Z", 3)], Now, 3);

        Assert.Equal([7, 3, 3], weeks.Select(w => w.Open));
    }

    [Fact]
    public void Debian_and_kernel_scans_of_every_release_add_up_and_the_latest_of_a_week_wins()
    {
        var weeks = FindingTrend.Weekly(
        [
            Scan("r1", ScanKind.Debian, "2026-11-17T08:00:00Z", 10), Scan("r1", ScanKind.Debian, "2026-11-18T08:00:00Z", 12),
            Scan("r1", ScanKind.Kernel, "2026-11-17T09:00:00Z", 100), Scan("r2", ScanKind.Debian, "2026-11-25T08:00:00Z", 5),
        ], Now, 3);

        Assert.Equal([0, 112, 117], weeks.Select(w => w.Open));
    }
}
