using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quartz;
using Vigil.Application;
using Vigil.Common;
using Vigil.Schedules;
using Vigil.Server.Schedules;
using Vigil.Server.Security;

namespace Vigil.Server.Api;

/// <summary>The scheduled jobs: when each runs next, how the latest runs ended, and running one now.</summary>
public static class SchedulesApi
{
    public static IEndpointRouteBuilder MapSchedulesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/schedules").WithTags("schedules");

        api.MapGet("/", async (int? limit, ScheduleUseCases schedules, IServiceProvider services, CancellationToken cancellation) =>
        {
            var scheduler = await ServerSchedules.SchedulerOf(services, cancellation);
            var jobs = new List<ScheduledJobView>();
            foreach (var job in Enum.GetValues<ScheduledJob>())
            {
                var trigger = scheduler is null ? null : (await scheduler.GetTriggersOfJob(ServerSchedules.KeyOf(job), cancellation)).OfType<ICronTrigger>().FirstOrDefault();
                jobs.Add(new ScheduledJobView(job.Name(), trigger?.CronExpressionString, trigger?.NextFireTimeUtc, trigger?.PreviousFireTimeUtc));
            }
            var runs = await schedules.RecentRunsAsync(limit ?? 50, cancellation);
            return TypedResults.Ok(new SchedulesView(scheduler is not null, jobs, [.. runs.Select(r => new JobRunView(
                r.Job.Name(), r.Period, r.State.Name(), r.Attempts, r.Node, r.StartedAt, r.FinishedAt, r.Message))]));
        }).Requires(Permission.ReadAudit);

        // Started now on whichever server's scheduler takes it; the outcome appears in the runs.
        api.MapPost("/{job}/run", async (string job, IServiceProvider services, CancellationToken cancellation) =>
        {
            var which = ScheduleWords.Jobs.Parse(job, "job");
            if (!await ServerSchedules.RunNowAsync(services, which, cancellation))
            {
                throw new VigilException(ErrorKind.Unavailable, ErrorCodes.SchedulerOff, "this server runs no scheduler, so jobs cannot be started here");
            }
            return TypedResults.Accepted("/api/v1/schedules", new ScheduledJobView(which.Name(), null, null, null));
        }).Requires(Permission.ManageFeeds);
        return app;
    }
}
