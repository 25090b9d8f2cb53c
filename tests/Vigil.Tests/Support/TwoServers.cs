namespace Vigil.Tests.Support;

/// <summary>Two servers on one throwaway PostgreSQL database, as behind a load balancer; the second uses the first's users.</summary>
public sealed class TwoServers : IAsyncDisposable
{
    private readonly TempDirectory home;

    private TwoServers(TempDirectory home, PostgresTestDatabase database, TestServer first, TestServer second)
    {
        this.home = home;
        Database = database;
        First = first;
        Second = second;
    }

    public PostgresTestDatabase Database { get; }

    public TestServer First { get; }

    public TestServer Second { get; }

    public static async Task<TwoServers> StartAsync(bool https = false)
    {
        var home = new TempDirectory();
        var database = new PostgresTestDatabase();
        var first = await TestServer.StartAsync(home.File("data-1"), database.Setting, https: https);
        var second = await TestServer.StartAsync(home.File("data-2"), database.Setting, sharing: first, https: https);
        return new TwoServers(home, database, first, second);
    }

    public async ValueTask DisposeAsync()
    {
        await Second.DisposeAsync();
        await First.DisposeAsync();
        Database.Dispose();
        home.Dispose();
    }
}
