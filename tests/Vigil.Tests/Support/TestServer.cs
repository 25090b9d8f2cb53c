using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
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
    private TestServer(WebApplication app, Uri address, IReadOnlyDictionary<Role, string> tokens, X509Certificate2? certificate)
    {
        App = app;
        Address = address;
        Tokens = tokens;
        this.certificate = certificate;
    }

    private readonly X509Certificate2? certificate;

    public WebApplication App { get; }

    public Uri Address { get; }

    /// <summary>A token of a user holding exactly this role.</summary>
    public IReadOnlyDictionary<Role, string> Tokens { get; }

    /// <summary>
    /// Starts a server; <paramref name="sharing"/> is another server on the same database, whose data and users this
    /// one uses. <paramref name="schedules"/> runs the scheduler; the kernel feed is imported unless <paramref name="withoutKernelFeed"/>.
    /// </summary>
    public static async Task<TestServer> StartAsync(string dataDirectory, string? database, Func<string, string?>? variable = null, string? processRecords = null, TestServer? sharing = null,
        Vigil.Server.Schedules.ScheduleOptions? schedules = null, bool withoutKernelFeed = false, bool https = false, Vigil.Server.Security.OidcOptions? oidc = null,
        string? releaseKeyring = null)
    {
        var data = new DataDirectory(dataDirectory);
        var certificate = https ? SelfSignedCertificate(dataDirectory) : null;
        var settings = new VigilSettings(data, () => DatabaseLocation.Resolve(database, data), variable ?? (_ => null), "0.0.0-test", _ => { }, new Vigil.Audit.Actor("server", "server"));
        var app = VigilServer.Build(new ServerOptions(new IPEndPoint(IPAddress.Loopback, 0), certificate is null ? null : Path.Combine(dataDirectory, "tls.crt"),
            certificate is null ? null : Path.Combine(dataDirectory, "tls.key"), processRecords, schedules, oidc, releaseKeyring), settings);
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
        return new TestServer(app, new Uri(address), tokens, certificate);
    }

    /// <summary>A certificate for 127.0.0.1, written as PEM beside the data (the key 0600), for a server on HTTPS.</summary>
    private static X509Certificate2 SelfSignedCertificate(string directory)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "tls.crt"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "tls.key"), key.ExportPkcs8PrivateKeyPem());
        File.SetUnixFileMode(Path.Combine(directory, "tls.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return certificate;
    }

    /// <summary>A client as a browser is one: it keeps cookies, and trusts exactly this server's certificate.</summary>
    public HttpClient BrowserClient(CookieContainer? cookies = null)
    {
        var handler = new HttpClientHandler
        {
            CookieContainer = cookies ?? new CookieContainer(),
            AllowAutoRedirect = false,
            ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented is not null && certificate is not null && presented.Thumbprint == certificate.Thumbprint,
        };
        return new HttpClient(handler) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>A client for the server, authenticated with <paramref name="token"/> when given.</summary>
    public HttpClient Client(string? token = null)
    {
        var client = certificate is null
            ? new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) }
            : BrowserClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    /// <summary>
    /// Adds release 1 of the product gateway (the bookworm status excerpt, on bookworm) through the API as the admin,
    /// and with <paramref name="scanned"/> records its first scan.
    /// </summary>
    public async Task AddGatewayAsync(bool scanned = false)
    {
        using var admin = Client(Tokens[Role.Admin]);
        using var added = await admin.PostAsync("/api/v1/products/gateway/releases", new StringContent(
            $$"""{"release":"1","dpkgStatus":"{{Fixture.Path("status-bookworm-excerpt")}}","debianRelease":"bookworm"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        if (scanned)
        {
            using var scan = await admin.PostAsync("/api/v1/products/gateway/scans", null);
            Assert.Equal(HttpStatusCode.Created, scan.StatusCode);
        }
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
