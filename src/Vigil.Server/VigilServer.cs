using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vigil.Application;
using Vigil.Common;
using Vigil.Server.Api;
using Vigil.Server.Schedules;
using Vigil.Server.Security;

namespace Vigil.Server;

/// <summary>Where to listen, and with which certificate for direct HTTPS (else plain HTTP, for loopback or behind a TLS proxy).</summary>
/// <param name="ProcessRecords">The IEC 62443-4-1 records folder (a checkout of the product's security/ folder) the process endpoints read, if any.</param>
/// <param name="Schedules">The jobs the server runs on its own; null runs no scheduler (jobs cannot be started on request either).</param>
/// <param name="Oidc">The identity provider people may log in with, besides local passwords.</param>
/// <param name="ReleaseKeyring">The public keys release manifests must be signed with, for the manifest checks.</param>
public sealed record ServerOptions(IPEndPoint Listen, string? TlsCertificate = null, string? TlsKey = null, string? ProcessRecords = null, ScheduleOptions? Schedules = null,
    OidcOptions? Oidc = null, string? ReleaseKeyring = null)
{
    /// <summary>Request bodies (uploaded status files, VEX documents) are refused above this.</summary>
    public const long MaxRequestBytes = 64L << 20;

    public static IPEndPoint ParseListen(string text)
    {
        var colon = text.LastIndexOf(':');
        return colon > 0 && IPAddress.TryParse(text[..colon].Trim('[', ']'), out var address) && int.TryParse(text[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var port) && port is >= 0 and <= 65535
            ? new IPEndPoint(address, port)
            : throw new VigilException($"listen address '{text}': expected ADDRESS:PORT, e.g. 127.0.0.1:8080 or [::]:8443");
    }
}

/// <summary>The team server: the use cases every front end calls, over HTTP (eShop's shape: services, then the API groups).</summary>
public static class VigilServer
{
    public static WebApplication Build(ServerOptions options, VigilSettings settings, Action<ILoggingBuilder>? logging = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // Session keys are kept in the team database, deliberately without a key-encryption key (the database is the
        // trust boundary, as for the tokens' hashes): data protection's warning about that is noise.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        // A server still warming up answers 503 to its readiness probe: that is its state, not an error to log per probe.
        builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.Critical);
        if (logging is not null)
        {
            logging(builder.Logging);
        }
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = ServerOptions.MaxRequestBytes;
            kestrel.Listen(options.Listen, listen =>
            {
                if (options.TlsCertificate is { } certificate)
                {
                    listen.UseHttps(X509Certificate2.CreateFromPemFile(certificate, options.TlsKey));
                }
            });
        });
        builder.Services.AddVigil(settings);
        builder.Services.AddVigilServer(options.Oidc);
        builder.Services.AddSingleton(options);
        builder.Services.AddHostedService<ChangeListener>();
        if (options.Schedules is { } schedules)
        {
            builder.Services.AddVigilSchedules(schedules, settings.Database());
        }
        var app = builder.Build();
        app.UseVigilServer();
        app.MapProductsApi();
        app.MapTriageApi();
        app.MapAdminApi();
        app.MapSessionApi();
        app.MapProcessApi();
        app.MapSchedulesApi();
        app.MapWebUi();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapHealthChecks("/healthz").AllowAnonymous();
        return app;
    }

    public static IServiceCollection AddVigilServer(this IServiceCollection services, OidcOptions? oidc = null)
    {
        services.AddProblemDetails();
        services.AddSingleton<FailedAuthentications>();
        services.AddExceptionHandler<Problems>();
        services.AddVigilAuthentication(oidc);
        services.AddAuthorization(authorization =>
        {
            foreach (var permission in Enum.GetValues<Permission>())
            {
                authorization.AddPolicy(permission.PolicyName(), policy => policy.RequireAuthenticatedUser()
                    .RequireAssertion(context => Permissions.Allows(context.User.Roles(), permission)));
            }
            // Anything mapped without a permission is refused rather than open.
            authorization.FallbackPolicy = new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        });
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, Contracts.ContractJson.Default);
            json.SerializerOptions.TypeInfoResolverChain.Insert(1, ServerJson.Default);
        });
        services.AddOpenApi();
        services.AddSingleton<Readiness>();
        services.AddHostedService(provider => provider.GetRequiredService<Readiness>());
        services.AddHealthChecks().AddCheck<Readiness>("findings views");
        // The pages are compiled into this assembly, which is not the entry assembly (the CLI, or a test host, is).
        services.AddRazorPages().AddApplicationPart(typeof(VigilServer).Assembly);
        return services;
    }

    public static WebApplication UseVigilServer(this WebApplication app)
    {
        // Behind a TLS reverse proxy on this machine: the client's address and scheme are the proxy's to tell.
        app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto });
        app.UseExceptionHandler();
        app.UseStatusCodePages(context => context.HttpContext.Response.HasStarted || context.HttpContext.Response.ContentLength > 0
            ? Task.CompletedTask
            : Problems.Write(context.HttpContext, context.HttpContext.Response.StatusCode, "Not found", "http." + context.HttpContext.Response.StatusCode, "no such resource or method"));
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            // The API answers data; the pages take only this server's stylesheet and post only to it. No script anywhere.
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/api")
                ? "default-src 'none'; frame-ancestors 'none'"
                : "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
            headers["Referrer-Policy"] = "no-referrer";
            headers.CacheControl = "no-store";
            await next();
        });
        app.UseHttpsForSessions();
        app.UseAuthentication();
        app.UseCsrfProtection();
        app.UseAuthorization();
        return app;
    }
}
