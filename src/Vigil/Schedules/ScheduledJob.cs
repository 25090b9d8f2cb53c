using Vigil.Common;

namespace Vigil.Schedules;

/// <summary>The work a team server does on its own (DM-1..DM-5): keep the feeds current, rescan, mail the week.</summary>
public enum ScheduledJob
{
    /// <summary>Download the feeds that changed; a change starts <see cref="Rescan"/>.</summary>
    FeedUpdate,

    /// <summary>Scan every product release whose latest scan used another feed than the current one.</summary>
    Rescan,

    /// <summary>Mail the weekly report (per product, or one digest).</summary>
    WeeklyMail,

    /// <summary>Verify the audit chain and append its head to the anchors file, so a truncated log is caught later.</summary>
    AuditAnchor,
}

/// <summary>How one claimed run of a job ended, or that it is still going.</summary>
public enum JobRunState
{
    Running,
    Succeeded,
    Failed,
}

public static class ScheduleWords
{
    public static readonly EnumWords<ScheduledJob> Jobs = new(
        (ScheduledJob.FeedUpdate, "feed-update"), (ScheduledJob.Rescan, "rescan"), (ScheduledJob.WeeklyMail, "weekly-mail"),
        (ScheduledJob.AuditAnchor, "audit-anchor"));

    public static readonly EnumWords<JobRunState> States = new(
        (JobRunState.Running, "running"), (JobRunState.Succeeded, "succeeded"), (JobRunState.Failed, "failed"));

    public static string Name(this ScheduledJob job) => Jobs[job];

    public static string Name(this JobRunState state) => States[state];
}

/// <summary>
/// One period's run of a job, as claimed in the team database. The key (job, period) is what makes a job run once
/// per period however many servers are woken for it: only the server whose claim is stored does the work.
/// </summary>
public sealed class JobRun
{
    public required ScheduledJob Job { get; init; }

    /// <summary>What the run is for: the scheduled time it fired for, or the feed state a rescan follows.</summary>
    public required string Period { get; init; }

    public required JobRunState State { get; set; }

    /// <summary>How many times the period's work was started (a failed run is retried under the same claim).</summary>
    public required int Attempts { get; set; }

    /// <summary>The server process that ran (or runs) it.</summary>
    public required string Node { get; set; }

    public required DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>What the run did, or why it failed: one line per item.</summary>
    public string? Message { get; set; }
}
