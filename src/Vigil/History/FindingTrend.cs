namespace Vigil.History;

/// <summary>The open findings at the end of one week (Monday to Sunday, UTC; the current week as of now).</summary>
public sealed record WeekCount(DateOnly Monday, int Open);

/// <summary>
/// Open findings per week, as the scanner reported them (before triage): at each week's end, the open count of the
/// latest scan of each kind of every release by then, summed. A release keeps its last scan's count until it is
/// scanned again and counts nothing before its first scan.
/// </summary>
public static class FindingTrend
{
    public static IReadOnlyList<WeekCount> Weekly(IReadOnlyList<ScanRecord> scans, DateTimeOffset now, int weeks)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var thisMonday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var series = scans.GroupBy(s => (s.ReleaseId, s.Kind))
            .Select(g => g.OrderBy(s => s.ScannedAt).ThenBy(s => s.Id, StringComparer.Ordinal).ToArray()).ToArray();
        return [.. Enumerable.Range(0, weeks).Select(i =>
        {
            var monday = thisMonday.AddDays(-7 * (weeks - 1 - i));
            var end = i == weeks - 1 ? DateTimeOffset.MaxValue : new DateTimeOffset(monday.AddDays(7).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return new WeekCount(monday, series.Sum(s => s.LastOrDefault(scan => scan.ScannedAt < end)?.OpenCount ?? 0));
        })];
    }
}
