using Quartz;
using Vigil.Application;
using Vigil.Common;

namespace Vigil.Server.Schedules;

/// <summary>
/// What the server does on its own and when: Quartz cron expressions (seconds first, UTC), null for a job that is
/// not scheduled. The weekly mail needs <see cref="Mail"/>. A failed run is retried after each of
/// <see cref="RetryDelays"/>, then waits for its next period.
/// </summary>
/// <param name="AuditAnchors">The file the audit chain's head is appended to (at <paramref name="AuditAnchor"/>), or null.</param>
public sealed record ScheduleOptions(string? FeedUpdate, string? WeeklyMail, NotifyRequest? Mail, IReadOnlyList<TimeSpan> RetryDelays,
    string? AuditAnchor = null, string? AuditAnchors = null)
{
    /// <summary>Daily at 00:30 UTC.</summary>
    public const string DefaultAuditAnchor = "0 30 0 * * ?";

    /// <summary>Every six hours, at 17 past (off the hour, when every other cron job runs).</summary>
    public const string DefaultFeedUpdate = "0 17 0/6 * * ?";

    /// <summary>Mondays at 07:00 UTC, before the Monday-morning triage.</summary>
    public const string DefaultWeeklyMail = "0 0 7 ? * MON";

    public static readonly IReadOnlyList<TimeSpan> DefaultRetryDelays = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15)];

    /// <summary>Nothing scheduled: the jobs can still be run on request.</summary>
    public static ScheduleOptions None { get; } = new(null, null, null, DefaultRetryDelays);

    /// <summary>The expression, refused in one line naming <paramref name="what"/> when Quartz cannot read it.</summary>
    public static string Cron(string expression, string what) =>
        CronExpression.TryParse(expression, out _)
            ? expression
            : throw new VigilException($"{what} '{expression}' is not a cron expression: six or seven fields, seconds first, e.g. '{DefaultWeeklyMail}' (Mondays 07:00 UTC)");
}
