namespace Vigil.Cra;

/// <summary>One report's deadline and, once sent, the submission that met it.</summary>
public sealed record ReportDeadline(ReportStage Stage, DateTimeOffset? Due, ReportSubmission? Submitted)
{
    /// <summary>Past due and not sent.</summary>
    public bool IsOverdue(DateTimeOffset now) => Submitted is null && Due is { } due && now > due;

    /// <summary>Time left until it is due (negative when overdue); null when sent or not yet due to start (no fix yet).</summary>
    public TimeSpan? Left(DateTimeOffset now) => Submitted is null && Due is { } due ? due - now : null;

    /// <summary>For people: sent (when, reference), overdue by how long, due in how long, or waiting for a fix.</summary>
    public string Describe(DateTimeOffset now) => this switch
    {
        { Submitted: { } sent } => $"sent {sent.SubmittedAt:yyyy-MM-dd HH:mm} ({sent.Reference})",
        { Due: null } => "after a fix (none yet)",
        { Due: { } due } when now > due => $"OVERDUE by {Span(now - due)} (was due {due:yyyy-MM-dd HH:mm})",
        { Due: { } due } => $"due {due:yyyy-MM-dd HH:mm}, in {Span(due - now)}",
    };

    private static string Span(TimeSpan span) =>
        span.TotalDays >= 2 ? $"{span.TotalDays:0} days" : span.TotalHours >= 1 ? $"{span.TotalHours:0} h" : $"{Math.Max(0, span.TotalMinutes):0} min";
}

/// <summary>
/// CRA Article 14(2)'s clock. The manufacturer is aware of an actively exploited vulnerability in its product from
/// the later of: the first scan of the product that found it, and the day the KEV catalog listed it (a scan cannot
/// know before CISA says so); or from the time a person marking it says they learned it; the earliest evidence wins.
/// Early warning: aware + 24 h. Notification: aware + 72 h. Final report: 14 days after a fix was first seen.
/// </summary>
public static class CraClock
{
    public static readonly TimeSpan EarlyWarningWithin = TimeSpan.FromHours(24);
    public static readonly TimeSpan NotificationWithin = TimeSpan.FromHours(72);
    public static readonly TimeSpan FinalReportWithin = TimeSpan.FromDays(14);

    public static DateTimeOffset AwareFromCatalog(DateTimeOffset firstSeen, DateOnly listed) =>
        Max(firstSeen, new DateTimeOffset(listed.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));

    public static IReadOnlyList<ReportDeadline> Deadlines(ReportingCase reportingCase)
    {
        ReportSubmission? Sent(ReportStage stage) => reportingCase.Submissions.Where(s => s.Stage == stage).OrderBy(s => s.SubmittedAt).FirstOrDefault();
        return
        [
            new(ReportStage.EarlyWarning, reportingCase.AwareAt + EarlyWarningWithin, Sent(ReportStage.EarlyWarning)),
            new(ReportStage.Notification, reportingCase.AwareAt + NotificationWithin, Sent(ReportStage.Notification)),
            new(ReportStage.FinalReport, reportingCase.FixAvailableAt + FinalReportWithin, Sent(ReportStage.FinalReport)),
        ];
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
