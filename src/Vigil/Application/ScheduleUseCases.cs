using System.Globalization;
using Vigil.Common;
using Vigil.Feeds;
using Vigil.Schedules;

namespace Vigil.Application;

/// <summary>
/// One firing of a scheduled job on one server. <see cref="Period"/> is what the run is for (the time it was
/// scheduled for, or the feed state a rescan follows); <see cref="Mail"/> says how to mail, for the weekly mail;
/// <see cref="AnchorsFile"/> where the audit chain's heads go.
/// </summary>
public sealed record JobRequest(ScheduledJob Job, string Period, string Node, NotifyRequest? Mail = null, string? AnchorsFile = null);

/// <summary>
/// How a firing ended on this server: <see cref="Ran"/> is false when another server had the period already.
/// <see cref="RescanPeriod"/>, after a feed update, names the feed state to rescan for.
/// </summary>
public sealed record JobOutcome(ScheduledJob Job, string Period, bool Ran, JobRunState State, string Summary, string? RescanPeriod = null);

/// <summary>
/// Scheduled work, run once per period across every server on one database: a run first claims its period in the
/// team database, and only the server whose claim is stored does the work; its outcome is stored for the report.
/// </summary>
public sealed class ScheduleUseCases(IJobRunStore runs, FeedUseCases feeds, ScanUseCases scans, ReportUseCases reports, AuditUseCases audit, TimeProvider clock)
{
    /// <summary>A claim older than this whose server never finished is taken over (that server died mid-run).</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromHours(2);

    public async Task<JobOutcome> RunAsync(JobRequest request, CancellationToken cancellation)
    {
        if (!await runs.TryClaimAsync(request.Job, request.Period, request.Node, clock.GetUtcNow(), Lease, cancellation))
        {
            return new JobOutcome(request.Job, request.Period, false, JobRunState.Succeeded, "another server has this period's run");
        }
        JobOutcome outcome;
        try
        {
            outcome = request.Job switch
            {
                ScheduledJob.FeedUpdate => await UpdateFeedsAsync(request, cancellation),
                ScheduledJob.Rescan => await RescanAsync(request, cancellation),
                ScheduledJob.AuditAnchor => await AnchorAsync(request, cancellation),
                _ => await MailAsync(request, cancellation),
            };
        }
        catch (VigilException e)
        {
            outcome = new JobOutcome(request.Job, request.Period, true, JobRunState.Failed, e.Message);
        }
        catch (OperationCanceledException)
        {
            outcome = new JobOutcome(request.Job, request.Period, true, JobRunState.Failed, "interrupted: the server stopped");
        }
        // Recorded even when the work was cancelled: the claim must not stay "running" until its lease runs out.
        await runs.FinishAsync(request.Job, request.Period, outcome.State, outcome.Summary, clock.GetUtcNow(), CancellationToken.None);
        return outcome;
    }

    public Task<IReadOnlyList<JobRun>> RecentRunsAsync(int limit, CancellationToken cancellation) => runs.RecentRunsAsync(Math.Clamp(limit, 1, 500), cancellation);

    private async Task<JobOutcome> UpdateFeedsAsync(JobRequest request, CancellationToken cancellation)
    {
        var updates = await feeds.UpdateAsync(new FeedUpdateRequest(), cancellation);
        var summary = string.Join("\n", updates.Select(u => $"{FeedCatalog.NameOf(u.Kind)}: {(u.Outcome == Feeds.Debian.UpdateOutcome.Updated ? "updated" : "not modified")}, data as of {u.Metadata.DataAsOf:yyyy-MM-dd HH:mm} UTC"));
        // The rescan is keyed by the feed state it follows, so each state is rescanned once, by one server.
        var state = await feeds.StatusAsync(cancellation);
        var fingerprint = Sha256Hex.OfLines(state.Where(f => f.Metadata is not null).Select(f => $"{f.Name} {f.Metadata!.Sha256}").Order(StringComparer.Ordinal));
        return new JobOutcome(request.Job, request.Period, true, JobRunState.Succeeded, summary, "feeds " + fingerprint[..16]);
    }

    private async Task<JobOutcome> RescanAsync(JobRequest request, CancellationToken cancellation)
    {
        var items = await scans.RescanAsync(cancellation);
        var summary = items.Count == 0
            ? "no product release to scan"
            : string.Join("\n", items.Select(i => $"{i.Product}/{i.Release} {Scanning.ScanKindNames.Name(i.Kind)}: {RescanWords.Results[i.Result]}, {i.Detail}"));
        return new JobOutcome(request.Job, request.Period, true, items.Any(i => i.Result == RescanResult.Failed) ? JobRunState.Failed : JobRunState.Succeeded, summary);
    }

    private async Task<JobOutcome> MailAsync(JobRequest request, CancellationToken cancellation)
    {
        var mail = request.Mail ?? throw new VigilException(ErrorKind.InvalidInput, ErrorCodes.NoRecipients, "the weekly mail has no recipients configured");
        var outcomes = await reports.NotifyAsync(mail, cancellation);
        var summary = outcomes.Count == 0 ? "no product to report on" : string.Join("\n", outcomes.Select(o => $"{o.Scope}: {(o.Sent ? "" : "not sent, ")}{o.Why}"));
        return new JobOutcome(request.Job, request.Period, true, JobRunState.Succeeded, summary);
    }

    private async Task<JobOutcome> AnchorAsync(JobRequest request, CancellationToken cancellation)
    {
        var file = request.AnchorsFile ?? throw new VigilException("no audit anchors file is configured");
        var (anchor, verification) = await audit.AnchorAsync(file, cancellation);
        return anchor is null
            ? new JobOutcome(request.Job, request.Period, true, JobRunState.Failed, $"audit log broken at entry {verification.Break!.Sequence}: {verification.Break.Problem}; not anchored")
            : new JobOutcome(request.Job, request.Period, true, JobRunState.Succeeded, $"anchored {anchor.Sequence}:{anchor.Hash} in {file}");
    }

    /// <summary>The period of a firing scheduled for <paramref name="at"/>: the same on every server.</summary>
    public static string PeriodOf(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
