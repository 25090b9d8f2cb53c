using Microsoft.Extensions.DependencyInjection;

namespace Vigil.Feeds;

/// <summary>
/// The downloads' HTTP clients, from an <see cref="IHttpClientFactory"/> of their own, set up on the first download:
/// registering the factory with the application's services cost every command 6-15 ms and loaded six assemblies
/// (measured), and most commands download nothing.
/// </summary>
public sealed class DownloadClients : IDisposable
{
    private readonly Lazy<ServiceProvider> factory = new(() =>
    {
        var services = new ServiceCollection();
        services.AddHttpClient(HttpDownloader.ClientName, HttpDownloader.Configure).ConfigurePrimaryHttpMessageHandler(HttpDownloader.Handler);
        return services.BuildServiceProvider();
    });

    public HttpClient Create() => factory.Value.GetRequiredService<IHttpClientFactory>().CreateClient(HttpDownloader.ClientName);

    public void Dispose()
    {
        if (factory.IsValueCreated)
        {
            factory.Value.Dispose();
        }
    }
}
