using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Vigil.Server;

/// <summary>The web UI: server-rendered pages (Pages/) and the few files they use, served from the assembly itself.</summary>
public static class WebUi
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    };

    public static IEndpointRouteBuilder MapWebUi(this IEndpointRouteBuilder app)
    {
        app.MapRazorPages();
        // Embedded in the assembly: nothing to deploy beside the server, nothing fetched from elsewhere.
        app.MapGet("/assets/{name}", (string name, HttpContext context) =>
        {
            var stream = ContentTypes.TryGetValue(Path.GetExtension(name), out var type) && !name.Contains('/', StringComparison.Ordinal)
                ? typeof(WebUi).Assembly.GetManifestResourceStream($"Assets/{name}")
                : null;
            if (stream is null)
            {
                return Results.NotFound();
            }
            context.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Stream(stream, type);
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
