using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Vigil.History;
using Vigil.Notifications;
using Vigil.Products;
using Vigil.Triage;

namespace Vigil.Application;

/// <summary>Vigil's parts (<see cref="VigilShared"/>, <see cref="VigilWork"/>) in a dependency-injection container: for the server and the tests.</summary>
public static class VigilServices
{
    /// <summary>
    /// Registers Vigil's parts (<see cref="VigilShared"/> once, <see cref="VigilWork"/> per scope) and each use case
    /// and store from them. A scope is one unit of work (a request). A front end adds its own
    /// <see cref="IWorkObserver"/> (the default is silent) and may replace the clock before this call.
    /// </summary>
    public static IServiceCollection AddVigil(this IServiceCollection services, VigilSettings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton(settings.DataDirectory);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddScoped<IWorkObserver, SilentObserver>();
        services.AddSingleton(s => new VigilShared(settings, s.GetRequiredService<TimeProvider>()));
        services.AddScoped(s => new VigilWork(s.GetRequiredService<VigilShared>(), s.GetRequiredService<IWorkObserver>()));

        Shared(s => s.Changes);
        Shared(s => s.Reads);
        Work(w => w.Actor);
        Work(w => w.Store);
        Work<IProductStore>(w => w.Store);
        Work<IScanStore>(w => w.Store);
        Work<ITriageStore>(w => w.Store);
        Work<INotificationStore>(w => w.Store);
        Work<Identity.IIdentityStore>(w => w.Store);
        Work<Audit.IAuditLog>(w => w.Store);
        Work<Schedules.IJobRunStore>(w => w.Store);
        Work<ProcessRecords.IAttestationStore>(w => w.Store);
        Work<Integrity.IManifestCheckStore>(w => w.Store);
        Work<Cra.IReportingCaseStore>(w => w.Store);
        Work(w => w.ReportingCases);
        Work(w => w.UserDirectory);
        Work(w => w.FeedCatalog);
        Work(w => w.ProductCatalog);
        Work(w => w.ScanHistory);
        Work(w => w.TriageService);

        Work(w => w.Feeds);
        Work(w => w.Scans);
        Work(w => w.Products);
        Work(w => w.History);
        Work(w => w.Triage);
        Work(w => w.Reports);
        Work(w => w.Sboms);
        Work(w => w.Cra);
        Work(w => w.Advisories);
        Work(w => w.Integrity);
        Work(w => w.Process);
        Work(w => w.Database);
        Work(w => w.Identity);
        Work(w => w.Audit);
        Work(w => w.Schedules);
        Work(w => w.Overview);
        return services;

        void Shared<T>(Func<VigilShared, T> part) where T : class => services.AddSingleton(s => part(s.GetRequiredService<VigilShared>()));
        void Work<T>(Func<VigilWork, T> part) where T : class => services.AddScoped(s => part(s.GetRequiredService<VigilWork>()));
    }
}
