using Vigil.Feeds;
using Vigil.History;
using Vigil.Products;
using Vigil.Storage;
using Vigil.Triage;

namespace Vigil.Application;

/// <summary>
/// What one process shares between its units of work: the settings, the clock, the database connector, the caches
/// every request reads through and the download clients. Each part is made when first asked for: most commands touch
/// no database and download nothing.
/// </summary>
public sealed class VigilShared(VigilSettings settings, TimeProvider clock) : IDisposable
{
    private ScanFindingsCache? findingsCache;
    private DatabaseChanges? changes;
    private CachedReads? reads;
    private DownloadClients? downloads;

    public VigilSettings Settings { get; } = settings;

    public TimeProvider Clock { get; } = clock;

    // Made at once: it only remembers how to find the database.
    public VigilDatabase.Connector Connector { get; } = new(settings.Database, settings.DatabaseNotice);

    public FeedSources FeedSources { get; } = new(settings.Variable);

    // Requests of the server ask for these on several threads at once: one instance wins.
    public ScanFindingsCache FindingsCache => LazyInitializer.EnsureInitialized(ref findingsCache, () => new ScanFindingsCache());

    public DatabaseChanges Changes => LazyInitializer.EnsureInitialized(ref changes, () => new DatabaseChanges());

    public CachedReads Reads => LazyInitializer.EnsureInitialized(ref reads, () => new CachedReads(Changes));

    public DownloadClients Downloads => LazyInitializer.EnsureInitialized(ref downloads, () => new DownloadClients());

    public void Dispose() => downloads?.Dispose();
}

/// <summary>
/// One unit of work (a command run, a request): its use cases and what they stand on, wired by hand and each made
/// when first asked for. The command line builds this directly, the server and the tests through
/// <see cref="VigilServices.AddVigil"/>; a dependency-injection container cost every command about 20 ms of its
/// start (building the provider, a scope, resolving by reflection), measured. One database context per unit, opened
/// only when something in it touches the database.
/// </summary>
public sealed class VigilWork(VigilShared shared, IWorkObserver observer) : IDisposable
{
    private DatabaseStore? store;
    private FeedCatalog? feedCatalog;
    private ProductCatalog? productCatalog;
    private ScanHistory? scanHistory;
    private TriageService? triageService;
    private Vigil.Cra.ReportingCases? reportingCases;
    private Vigil.Identity.UserDirectory? userDirectory;
    private FeedUseCases? feeds;
    private ScanUseCases? scans;
    private ProductUseCases? products;
    private HistoryUseCases? history;
    private TriageUseCases? triage;
    private ReportUseCases? reports;
    private SbomUseCases? sboms;
    private CraUseCases? cra;
    private AdvisoryUseCases? advisories;
    private IntegrityUseCases? integrity;
    private ProcessUseCases? process;
    private DatabaseUseCases? database;
    private IdentityUseCases? identity;
    private AuditUseCases? audit;
    private ScheduleUseCases? schedules;
    private OverviewUseCases? overview;

    private VigilSettings Settings => shared.Settings;

    private TimeProvider Clock => shared.Clock;

    /// <summary>Who this unit's changes are recorded as: the settings' actor until a request names its user.</summary>
    public Vigil.Audit.CurrentActor Actor { get; } = new(shared.Settings.Actor);

    /// <summary>Every store interface of the domain is this one object.</summary>
    public DatabaseStore Store => store ??= new(shared.Connector, Actor, Clock, shared.FindingsCache, shared.Changes, shared.Reads);

    public FeedCatalog FeedCatalog => feedCatalog ??= new(Settings.DataDirectory, new HttpDownloader(() => shared.Downloads.Create()), Clock);

    public ProductCatalog ProductCatalog => productCatalog ??= new(Store, Clock);

    public ScanHistory ScanHistory => scanHistory ??= new(Store);

    public TriageService TriageService => triageService ??= new(Store, ScanHistory, Clock);

    public Vigil.Cra.ReportingCases ReportingCases => reportingCases ??= new(Store, ScanHistory, Clock);

    public Vigil.Identity.UserDirectory UserDirectory => userDirectory ??= new(Store, Clock);

    public FeedUseCases Feeds => feeds ??= new(FeedCatalog, shared.FeedSources, observer);

    public ScanUseCases Scans => scans ??= new(Settings, Feeds, ProductCatalog, ScanHistory, Clock, observer);

    public ProductUseCases Products => products ??= new(ProductCatalog, ScanHistory);

    public HistoryUseCases History => history ??= new(ProductCatalog, ScanHistory);

    public TriageUseCases Triage => triage ??= new(ProductCatalog, TriageService, Scans, Settings, Clock);

    public ReportUseCases Reports => reports ??= new(ProductCatalog, ScanHistory, TriageService, Triage, Cra, Store, Settings, Clock);

    public SbomUseCases Sboms => sboms ??= new(ProductCatalog, Scans, Settings, Clock);

    public CraUseCases Cra => cra ??= new(ProductCatalog, ReportingCases, Store, ScanHistory, TriageService, Settings, Clock);

    public AdvisoryUseCases Advisories => advisories ??= new(ProductCatalog, ScanHistory, TriageService, Integrity, Settings, Clock);

    public IntegrityUseCases Integrity => integrity ??= new(Settings, ProductCatalog, Store, Clock, observer);

    public ProcessUseCases Process => process ??= new(ProductCatalog, ScanHistory, TriageService, Store, Settings, Clock);

    public DatabaseUseCases Database => database ??= new(Settings);

    public IdentityUseCases Identity => identity ??= new(UserDirectory);

    public AuditUseCases Audit => audit ??= new(Store, Clock);

    public ScheduleUseCases Schedules => schedules ??= new(Store, Feeds, Scans, Reports, Audit, Clock);

    public OverviewUseCases Overview => overview ??= new(ProductCatalog, ScanHistory, TriageService, Triage, Feeds, Cra, Clock);

    public void Dispose() => store?.Dispose();
}
