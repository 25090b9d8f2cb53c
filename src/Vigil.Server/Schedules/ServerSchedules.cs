using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Vigil.Schedules;
using Vigil.Storage;

namespace Vigil.Server.Schedules;

/// <summary>
/// Quartz with a persistent job store: on PostgreSQL one clustered store for every server on the database (a
/// firing goes to one node; a dead node's firings are recovered by another), on SQLite a store in a file beside
/// the database. Triggers survive restarts, and a firing missed while every server was down runs once at start.
/// </summary>
public static class ServerSchedules
{
    public static JobKey KeyOf(ScheduledJob job) => new(job.Name(), "vigil");

    public static IServiceCollection AddVigilSchedules(this IServiceCollection services, ScheduleOptions options, DatabaseLocation database)
    {
        services.AddSingleton(options);
        services.AddSingleton(ServerNode.Create());
        services.AddQuartz(quartz =>
        {
            quartz.UseDefaultRetryPolicy(RetryPolicy.Explicit(options.RetryDelays));
            quartz.UsePersistentStore(store =>
            {
                if (database.IsPostgres)
                {
                    store.UsePostgres(database.ConnectionString);
                    store.UseClustering();
                }
                else
                {
                    store.UseSqlite($"Data Source={ScheduleFileOf(database)}");
                }
                store.UseSystemTextJsonSerializer();
                store.ProvisionSchema();
            });
            // Every job is stored, so each can be run on request; only the configured ones have a trigger.
            foreach (var job in Enum.GetValues<ScheduledJob>())
            {
                var cron = job switch
                {
                    ScheduledJob.FeedUpdate => options.FeedUpdate,
                    ScheduledJob.WeeklyMail => options.Mail is null ? null : options.WeeklyMail,
                    ScheduledJob.AuditAnchor => options.AuditAnchors is null ? null : options.AuditAnchor,
                    _ => null,
                };
                if (cron is null)
                {
                    quartz.AddJob<VigilJob>(j => j.WithIdentity(KeyOf(job)).StoreDurably());
                }
                else
                {
                    quartz.ScheduleJob<VigilJob>(trigger => trigger.WithIdentity(job.Name(), "vigil")
                        .WithCronSchedule(cron, schedule => schedule.InTimeZone(TimeZoneInfo.Utc).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)),
                        j => j.WithIdentity(KeyOf(job)).StoreDurably());
                }
            }
        });
        services.AddQuartzHostedService(hosted => hosted.WaitForJobsToComplete = true);
        return services;
    }

    /// <summary>This server's scheduler, or null when it runs none.</summary>
    public static async Task<IScheduler?> SchedulerOf(IServiceProvider services, CancellationToken cancellation) =>
        services.GetService<ISchedulerFactory>() is { } factory ? await factory.GetScheduler(cancellation) : null;

    /// <summary>Starts a job now, on whichever server's scheduler takes it; false when this server runs no scheduler.</summary>
    public static async Task<bool> RunNowAsync(IServiceProvider services, ScheduledJob job, CancellationToken cancellation)
    {
        if (await SchedulerOf(services, cancellation) is not { } scheduler)
        {
            return false;
        }
        await scheduler.TriggerJob(KeyOf(job), null, cancellation);
        return true;
    }

    /// <summary>The SQLite schedule store: <c>vigil.db</c> → <c>vigil.schedule.db</c>, beside it.</summary>
    public static string ScheduleFileOf(DatabaseLocation database) =>
        Path.ChangeExtension(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(database.ConnectionString).DataSource, ".schedule.db");
}
