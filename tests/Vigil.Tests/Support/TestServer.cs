using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Application;
using Vigil.Common;
using Vigil.Identity;
using Vigil.Server;
using Vigil.Storage;

namespace Vigil.Tests.Support;

/// <summary>
/// The team server on real Kestrel on loopback (an ephemeral port), over a fresh data directory and the given
/// database, with the feeds imported and one user (and token) per role.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    private TestServer(WebApplication app, Uri address, IReadOnlyDictionary<Role, string> tokens)
    {
        App = app;
        Address = address;
        Tokens = tokens;
    }

    public WebApplication App { get; }

    public Uri Address { get; }

    /// <summary>A token of a user holding exactly this role.</summary>
    public IReadOnlyDictionary<Role, string> Tokens { get; }

    /// <summary>
    /// Starts a server; <paramref name="sharing"/> is another server on the same database, whose data and users this
    /// one uses. <paramref name="schedules"/> runs the scheduler; the kernel feed is imported unless <paramref name="withoutKernelFeed"/>.
    /// </summary>
    public static async Task<TestServer> StartAsync(string dataDirectory, string? database, Func<string, string?>? variable = null, string? processRecords = null, TestServer? sharing = null,
        Vigil.Server.Schedules.ScheduleOptions? schedules = null, bool withoutKernelFeed = false)
    {
        var data = new DataDirectory(dataDirectory);
        var settings = new VigilSettings(data, () => DatabaseLocation.Resolve(database, data), variable ?? (_ => null), "0.0.0-test", _ => { }, new Vigil.Audit.Actor("server", "server"));
        var app = VigilServer.Build(new ServerOptions(new IPEndPoint(IPAddress.Loopback, 0), ProcessRecords: processRecords, Schedules: schedules), settings);
        var tokens = sharing?.Tokens.ToDictionary() ?? [];
        using (var scope = app.Services.CreateScope())
        {
            var feeds = scope.ServiceProvider.GetRequiredService<FeedUseCases>();
            await feeds.ImportAsync(new FeedImportRequest(Vigil.Feeds.FeedKind.DebianTracker, Fixture.Path("tracker-excerpt.json")), CancellationToken.None);
            if (!withoutKernelFeed)
            {
                await feeds.ImportAsync(new FeedImportRequest(Vigil.Feeds.FeedKind.KernelCna, KernelFixture.Root), CancellationToken.None);
            }
            var identity = scope.ServiceProvider.GetRequiredService<IdentityUseCases>();
            foreach (var role in sharing is null ? Enum.GetValues<Role>() : [])
            {
                tokens[role] = (await identity.AddUserAsync(Roles.Words[role], [role], null, CancellationToken.None)).Secret;
            }
        }
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new TestServer(app, new Uri(address), tokens);
    }

    /// <summary>A client for the server, authenticated with <paramref name="token"/> when given.</summary>
    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    /// <summary>A service of the running server, in a scope of its own (to set up data as an operator would).</summary>
    public async Task<T> WithAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        using var scope = App.Services.CreateScope();
        return await work(scope.ServiceProvider);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
