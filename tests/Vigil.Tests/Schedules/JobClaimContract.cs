using Vigil.Schedules;
using Vigil.Tests.Support;

namespace Vigil.Tests.Schedules;

/// <summary>
/// A period's run is claimed once across every server on the database: what makes a scheduled job run once per
/// period. The concrete classes below run it on SQLite and on PostgreSQL, each claim from a store of its own, as
/// from separate servers.
/// </summary>
public abstract class JobClaimContract : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Monday = new(2026, 11, 30, 7, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromHours(2);
    private readonly TempDirectory home = new();
    private readonly ITestDatabase database;
    private readonly List<TestVigil> servers = [];

    protected JobClaimContract(Func<TempDirectory, ITestDatabase> makeDatabase) => database = makeDatabase(home);

    public void Dispose()
    {
        servers.ForEach(s => s.Dispose());
        database.Dispose();
        home.Dispose();
        GC.SuppressFinalize(this);
    }

    private IJobRunStore Server()
    {
        var server = new TestVigil(home.File($"data-{servers.Count}"), database.Setting);
        servers.Add(server);
        return server.Use<IJobRunStore>();
    }

    private static Task<bool> Claim(IJobRunStore store, string node, DateTimeOffset at) => store.TryClaimAsync(ScheduledJob.WeeklyMail, "2026-11-30T07:00:00Z", node, at, Lease, None);

    [Fact]
    public async Task Of_many_servers_claiming_one_period_at_once_exactly_one_wins()
    {
        var stores = Enumerable.Range(0, 8).Select(_ => Server()).ToArray();

        var won = await Task.WhenAll(stores.Select((s, i) => Task.Run(() => Claim(s, $"node-{i}", Monday))));

        Assert.Single(won, w => w);
        var run = Assert.Single(await stores[0].RecentRunsAsync(10, None));
        Assert.Equal((JobRunState.Running, 1), (run.State, run.Attempts));
    }

    [Fact]
    public async Task A_period_that_succeeded_is_never_run_again()
    {
        var (first, second) = (Server(), Server());
        Assert.True(await Claim(first, "a", Monday));
        await first.FinishAsync(ScheduledJob.WeeklyMail, "2026-11-30T07:00:00Z", JobRunState.Succeeded, "sent", Monday.AddSeconds(3), None);

        Assert.False(await Claim(second, "b", Monday.AddMinutes(1)));
        Assert.False(await Claim(second, "b", Monday.AddDays(1)));
    }

    [Fact]
    public async Task A_failed_period_is_claimed_again_and_counts_its_attempts()
    {
        var (first, second) = (Server(), Server());
        Assert.True(await Claim(first, "a", Monday));
        await first.FinishAsync(ScheduledJob.WeeklyMail, "2026-11-30T07:00:00Z", JobRunState.Failed, "smtp down", Monday.AddSeconds(3), None);

        Assert.True(await Claim(second, "b", Monday.AddMinutes(1)));

        var run = Assert.Single(await first.RecentRunsAsync(10, None));
        Assert.Equal((JobRunState.Running, 2, "b", (string?)null), (run.State, run.Attempts, run.Node, run.Message));
    }

    [Fact]
    public async Task A_running_claim_is_taken_over_only_after_its_lease_runs_out()
    {
        var (first, second) = (Server(), Server());
        Assert.True(await Claim(first, "a", Monday));

        Assert.False(await Claim(second, "b", Monday + Lease - TimeSpan.FromMinutes(1)));
        Assert.True(await Claim(second, "b", Monday + Lease + TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task Periods_and_jobs_are_claimed_independently()
    {
        var store = Server();

        Assert.True(await Claim(store, "a", Monday));
        Assert.True(await store.TryClaimAsync(ScheduledJob.WeeklyMail, "2026-12-07T07:00:00Z", "a", Monday.AddDays(7), Lease, None));
        Assert.True(await store.TryClaimAsync(ScheduledJob.FeedUpdate, "2026-11-30T07:00:00Z", "a", Monday, Lease, None));
        Assert.Equal(3, (await store.RecentRunsAsync(10, None)).Count);
    }
}

public sealed class SqliteJobClaimTests() : JobClaimContract(home => new SqliteTestDatabase(home));

public sealed class PostgresJobClaimTests() : JobClaimContract(_ => new PostgresTestDatabase());
