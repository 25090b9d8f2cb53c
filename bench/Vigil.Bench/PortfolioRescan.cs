using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Application;
using Vigil.Common;
using Vigil.Feeds;
using Vigil.Inventory;
using Vigil.Storage;

namespace Vigil.Bench;

/// <summary>A product portfolio rescanned after a feed update, through the use cases the server's rescan job calls.</summary>
public static class PortfolioRescan
{
    public static async Task<int> RunAsync(string dataDirectory, string feed, string nextFeed, string status, int releases)
    {
        var data = new DataDirectory(dataDirectory);
        var settings = new VigilSettings(data, () => DatabaseLocation.Resolve(Environment.GetEnvironmentVariable("VIGIL_DATABASE"), data), Environment.GetEnvironmentVariable,
            "bench", _ => { }, new Vigil.Audit.Actor("bench", "bench"));
        using var services = new ServiceCollection().AddVigil(settings).BuildServiceProvider();
        async Task<T> Use<T>(Func<IServiceProvider, Task<T>> work)
        {
            await using var scope = services.CreateAsyncScope();
            return await work(scope.ServiceProvider);
        }

        await Use(s => s.GetRequiredService<FeedUseCases>().ImportAsync(new FeedImportRequest(FeedKind.DebianTracker, feed), CancellationToken.None));
        var setup = Stopwatch.StartNew();
        for (var i = 0; i < releases; i++)
        {
            var product = $"p{i:000}";
            await Use(s => s.GetRequiredService<ProductUseCases>().AddReleaseAsync(new AddReleaseRequest
            {
                Product = product, Release = "1", PackagesKind = PackageInventoryKind.DpkgStatus, PackagesPath = status, DebianRelease = "bookworm",
            }, CancellationToken.None));
            await Use(s => s.GetRequiredService<ScanUseCases>().ScanDebianAsync(new DebianScanRequest { Product = product, Offline = true }, CancellationToken.None));
        }
        Console.WriteLine($"| first scan of {releases} releases, one by one | {setup.Elapsed.TotalSeconds:0.0} s |");

        await Use(s => s.GetRequiredService<FeedUseCases>().ImportAsync(new FeedImportRequest(FeedKind.DebianTracker, nextFeed), CancellationToken.None));
        var rescan = Stopwatch.StartNew();
        var items = await Use(s => s.GetRequiredService<ScanUseCases>().RescanAsync(CancellationToken.None));
        rescan.Stop();
        var scanned = items.Count(i => i.Result == RescanResult.Scanned);
        Console.WriteLine($"| rescan of all {items.Count} releases after the feed changed ({scanned} scanned) | {rescan.Elapsed.TotalSeconds:0.0} s |");
        var location = settings.Database();
        Console.WriteLine(location.IsPostgres
            ? $"| database after both | {await PostgresSizeAsync(location.ConnectionString) / 1e6:0} MB (PostgreSQL) |"
            : $"| database after both | {new FileInfo(location.SqliteFile).Length / 1e6:0} MB (SQLite) |");
        return scanned == releases ? 0 : 1;
    }

    private static async Task<long> PostgresSizeAsync(string connectionString)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT pg_database_size(current_database())", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
