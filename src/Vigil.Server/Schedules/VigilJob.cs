using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;
using Vigil.Application;
using Vigil.Audit;
using Vigil.Common;
using Vigil.Schedules;

namespace Vigil.Server.Schedules;

/// <summary>
/// Quartz's side of every scheduled job: names the period, runs the use case in a scope of its own as the
/// scheduler, logs the outcome, starts the rescan a feed update asks for, and fails the firing so Quartz retries it.
/// </summary>
/// <remarks>
/// One run of a job at a time across the cluster: two periods' firings of the weekly mail, late under load, would
/// otherwise both find nothing sent yet and both send (seen in the two-servers test).
/// </remarks>
[DisallowConcurrentExecution]
internal sealed class VigilJob(IServiceScopeFactory scopes, ScheduleOptions options, ServerNode node, ILogger<VigilJob> log) : IJob
{
    /// <summary>The job data entry naming the period of a firing requested by other work (a rescan's feed state).</summary>
    public const string PeriodKey = "period";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var job = ScheduleWords.Jobs.Parse(context.JobDetail.Key.Name, "scheduled job");
        var name = job.Name();
        var period = context.MergedJobDataMap.GetString(PeriodKey) ?? ScheduleUseCases.PeriodOf(context.ScheduledFireTimeUtc ?? context.FireTimeUtc);
        JobOutcome outcome;
        try
        {
            using var scope = scopes.CreateScope();
            scope.ServiceProvider.GetRequiredService<CurrentActor>().Value = new Actor("scheduler", node.Name);
            outcome = await scope.ServiceProvider.GetRequiredService<ScheduleUseCases>()
                .RunAsync(new JobRequest(job, period, node.Name, job == ScheduledJob.WeeklyMail ? options.Mail : null, options.AuditAnchors), cancellationToken);
        }
        catch (VigilException e)
        {
            // The database itself failed (the outcome could not be stored): Quartz retries the firing.
            JobLog.CouldNotRun(log, name, period, e.Message);
            throw new JobExecutionException(e.Message);
        }
        if (!outcome.Ran)
        {
            JobLog.NotRun(log, name, period, outcome.Summary);
            return;
        }
        if (outcome.State == JobRunState.Failed)
        {
            JobLog.Failed(log, name, period, context.RetryAttempt, outcome.Summary);
            throw new JobExecutionException(outcome.Summary);
        }
        JobLog.Done(log, name, period, outcome.Summary);
        if (outcome.RescanPeriod is { } rescan)
        {
            await context.Scheduler.TriggerJob(ServerSchedules.KeyOf(ScheduledJob.Rescan), new JobDataMap { [PeriodKey] = rescan }, cancellationToken);
        }
    }
}

internal static partial class JobLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "{Job} for {Period} could not run: {Reason}")]
    public static partial void CouldNotRun(ILogger log, string job, string period, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Job} for {Period}: {Summary}")]
    public static partial void NotRun(ILogger log, string job, string period, string summary);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Job} for {Period} failed (retry {Attempt}): {Summary}")]
    public static partial void Failed(ILogger log, string job, string period, int attempt, string summary);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Job} for {Period} done: {Summary}")]
    public static partial void Done(ILogger log, string job, string period, string summary);
}

/// <summary>This server process, as scheduled runs name it: host, process and a random part (two servers may share a host).</summary>
public sealed record ServerNode(string Name)
{
    public static ServerNode Create() => new($"{System.Net.Dns.GetHostName()}/{Environment.ProcessId}/{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3))}");
}
