using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Vigil.Tests.Support;

/// <summary>
/// A real HTTP server (Kestrel) on 127.0.0.1 that serves a feed the way security-tracker.debian.org does:
/// ETag and Last-Modified validators, 304 for conditional requests, gzip content encoding on request. Other
/// paths misbehave on purpose: a body cut short, a server error, a body that is not JSON.
/// </summary>
public sealed class LoopbackFeedServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private byte[] content;
    private int version = 1;

    private LoopbackFeedServer(WebApplication app, byte[] content)
    {
        this.app = app;
        this.content = content;
    }

    public string BaseUrl { get; private set; } = "";

    public string FeedUrl => $"{BaseUrl}/tracker/data/json";

    public int FullResponses { get; private set; }

    public int NotModifiedResponses { get; private set; }

    public static async Task<LoopbackFeedServer> StartAsync(byte[] content)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new LoopbackFeedServer(app, content);
        server.MapRoutes();
        await app.StartAsync();
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return server;
    }

    /// <summary>Publishes new feed content under a new ETag.</summary>
    public void Publish(byte[] newContent)
    {
        content = newContent;
        version++;
    }

    private void MapRoutes()
    {
        var lastModified = new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);
        app.MapGet("/tracker/data/json", async context =>
        {
            var etag = $"\"feed-v{version}\"";
            if (context.Request.Headers.IfNoneMatch.ToString() == etag)
            {
                NotModifiedResponses++;
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
            FullResponses++;
            context.Response.Headers.ETag = etag;
            context.Response.Headers.LastModified = lastModified.ToString("R");
            context.Response.ContentType = "application/json";
            var body = content;
            if (context.Request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.Ordinal))
            {
                using var buffer = new MemoryStream();
                using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
                {
                    gzip.Write(content);
                }
                body = buffer.ToArray();
                context.Response.Headers.ContentEncoding = "gzip";
            }
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body);
        });
        app.MapGet("/truncated", async context =>
        {
            context.Response.ContentLength = content.Length;
            await context.Response.Body.WriteAsync(content.AsMemory(0, content.Length / 2));
            await context.Response.Body.FlushAsync();
            // Let the client take the headers and the first half before the connection drops.
            await Task.Delay(300);
            context.Abort();
        });
        app.MapGet("/error", context =>
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Task.CompletedTask;
        });
        app.MapGet("/not-json", async context =>
        {
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<html><body>Maintenance</body></html>");
        });
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
