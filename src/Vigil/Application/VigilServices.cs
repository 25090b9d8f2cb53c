using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Vigil.Feeds;
using Vigil.History;
using Vigil.Notifications;
using Vigil.Products;
using Vigil.Storage;
using Vigil.Triage;

namespace Vigil.Application;

/// <summary>The composition root every front end builds on: one clock, one database per process, the feeds, the use cases.</summary>
public static class VigilServices
{
    /// <summary>
    /// Registers Vigil. A scope is one unit of work (a command run, a request): it shares one database context,
    /// opened only when something in it touches the database. A front end adds its own <see cref="IWorkObserver"/>
    /// (the default is silent) and may replace the clock before this call.
    /// </summary>
    public static IServiceCollection AddVigil(this IServiceCollection services, VigilSettings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton(settings.DataDirectory);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddScoped<IWorkObserver, SilentObserver>();

        // The location is resolved on first use: commands that need no database never look for one.
        services.AddSingleton(new VigilDatabase.Connector(settings.Database, settings.DatabaseNotice));
        services.AddScoped(_ => new Audit.CurrentActor(settings.Actor));
        services.AddSingleton<ScanFindingsCache>();
        services.AddSingleton<DatabaseChanges>();
        services.AddSingleton<CachedReads>();
        services.AddScoped<DatabaseStore>();
        services.AddScoped<IProductStore>(s => s.GetRequiredService<DatabaseStore>());
        services.AddScoped<IScanStore>(s => s.GetRequiredService<DatabaseStore>());
        services.AddScoped<ITriageStore>(s => s.GetRequiredService<DatabaseStore>());
        services.AddScoped<INotificationStore>(s => s.GetRequiredService<DatabaseStore>());
        services.AddScoped<Identity.IIdentityStore>(s => s.GetRequiredService<DatabaseStore>());
        services.AddScoped<Audit.IAuditLog>(s => s.GetRequiredService<DatabaseStore>());
        services.AddScoped<Schedules.IJobRunStore>(s => s.GetRequiredService<DatabaseStore>());
        services.AddScoped<ProcessRecords.IAttestationStore>(s => s.GetRequiredService<DatabaseStore>());
        services.AddScoped<Integrity.IManifestCheckStore>(s => s.GetRequiredService<DatabaseStore>());
        services.AddScoped<Cra.IReportingCaseStore>(s => s.GetRequiredService<DatabaseStore>());
        services.AddScoped<Cra.ReportingCases>();
        services.AddScoped<Identity.UserDirectory>();

        services.AddSingleton<DownloadClients>();
        services.AddTransient(s => new HttpDownloader(s.GetRequiredService<DownloadClients>().Create));
        services.AddSingleton(new FeedSources(settings.Variable));
        services.AddScoped<FeedCatalog>();

        services.AddScoped<ProductCatalog>();
        services.AddScoped<ScanHistory>();
        services.AddScoped<TriageService>();

        services.AddScoped<FeedUseCases>();
        services.AddScoped<ScanUseCases>();
        services.AddScoped<ProductUseCases>();
        services.AddScoped<HistoryUseCases>();
        services.AddScoped<TriageUseCases>();
        services.AddScoped<ReportUseCases>();
        services.AddScoped<SbomUseCases>();
        services.AddScoped<CraUseCases>();
        services.AddScoped<AdvisoryUseCases>();
        services.AddScoped<IntegrityUseCases>();
        services.AddScoped<ProcessUseCases>();
        services.AddScoped<DatabaseUseCases>();
        services.AddScoped<IdentityUseCases>();
        services.AddScoped<AuditUseCases>();
        services.AddScoped<ScheduleUseCases>();
        services.AddScoped<OverviewUseCases>();
        return services;
    }
}
