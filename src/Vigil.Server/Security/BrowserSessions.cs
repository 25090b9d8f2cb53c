using System.Security.Claims;
using System.Xml.Linq;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Vigil.Application;
using Vigil.Identity;

namespace Vigil.Server.Security;

/// <summary>
/// Browser sessions for the web UI: a cookie (__Host-, Secure, HttpOnly, SameSite=Strict, 8 hours sliding) made at a
/// local login, checked against the stored user on every request (a disabled user or changed roles take effect at
/// once), and a CSRF token required on every state-changing request a cookie authenticates. Bearer tokens go their
/// own way (<see cref="ApiTokenAuthentication"/>); a request says which by its Authorization header.
/// </summary>
public static class BrowserSessions
{
    public const string SchemeName = "VigilSession";

    /// <summary>The scheme endpoints authenticate with: a bearer token when the request has one, else the session cookie.</summary>
    public const string EitherScheme = "Vigil";

    public const string CsrfHeader = "X-CSRF-Token";

    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    public static AuthenticationBuilder AddVigilAuthentication(this IServiceCollection services, OidcOptions? oidc)
    {
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.HeaderName = CsrfHeader;
            antiforgery.Cookie.Name = "__Host-vigil-csrf";
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
        });
        // Cookies are sealed with keys every server on the database shares.
        services.AddDataProtection().SetApplicationName("vigil");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(s =>
            new ConfigureOptions<KeyManagementOptions>(keys => keys.XmlRepository = new DatabaseKeyRepository(s.GetRequiredService<IServiceScopeFactory>())));
        var authentication = services.AddAuthentication(EitherScheme)
            .AddPolicyScheme(EitherScheme, "API token or session", policy => policy.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal) ? ApiTokenAuthentication.SchemeName : SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthentication>(ApiTokenAuthentication.SchemeName, null)
            .AddCookie(SchemeName, cookie =>
            {
                cookie.Cookie.Name = "__Host-vigil-session";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.Path = "/";
                cookie.ExpireTimeSpan = Lifetime;
                cookie.SlidingExpiration = true;
                cookie.SessionStore = new DatabaseTicketStore();
                cookie.Events.OnValidatePrincipal = ValidateAsync;
                // An API answers; a page sends the browser to the login form, and back afterwards.
                cookie.Events.OnRedirectToLogin = context => context.Request.Path.StartsWithSegments("/api")
                    ? Problems.Write(context.HttpContext, StatusCodes.Status401Unauthorized, "Unauthorized", "auth.required",
                        "a valid API token (Authorization: Bearer vgl_...) or a session is needed")
                    : RedirectToLogin(context.HttpContext);
                cookie.Events.OnRedirectToAccessDenied = context => Problems.Write(context.HttpContext, StatusCodes.Status403Forbidden, "Forbidden", "auth.forbidden", "your roles do not allow this");
            });
        return oidc is null ? authentication : authentication.AddVigilOpenIdConnect(oidc);
    }

    private static Task RedirectToLogin(HttpContext context)
    {
        context.Response.Redirect($"/login?returnUrl={Uri.EscapeDataString(context.Request.Path + context.Request.QueryString)}");
        return Task.CompletedTask;
    }

    /// <summary>How a local login ended; <see cref="RetryAfter"/> is set when it was refused for too many failures.</summary>
    public sealed record LoginOutcome(User? User, TimeSpan? RetryAfter);

    /// <summary>
    /// A local login, for the form and the API alike: refused without a look when the address or the account has failed
    /// too often, failures counted per address and per account, and on success the session started as that user.
    /// </summary>
    public static async Task<LoginOutcome> LogInAsync(HttpContext context, string? name, string? password, CancellationToken cancellation)
    {
        var failures = context.RequestServices.GetRequiredService<FailedAuthentications>();
        var (address, account) = (FailedAuthentications.KeyOf(context.Connection.RemoteIpAddress), FailedAuthentications.KeyOfAccount(name ?? ""));
        if ((failures.RetryAfter(address) ?? failures.RetryAfter(account)) is { } wait)
        {
            return new LoginOutcome(null, wait);
        }
        var user = string.IsNullOrEmpty(name) || string.IsNullOrEmpty(password)
            ? null
            : await context.RequestServices.GetRequiredService<IdentityUseCases>().SignInAsync(name, password, cancellation);
        if (user is null)
        {
            failures.Record(address);
            failures.Record(account);
            return new LoginOutcome(null, null);
        }
        context.ActAs(user);
        var principal = PrincipalOf(user);
        await context.SignInAsync(SchemeName, principal);
        // Whatever this request still makes (a CSRF token) is for the user just logged in.
        context.User = principal;
        return new LoginOutcome(user, null);
    }

    /// <summary>The principal a session carries: the user's id, name and roles as stored now.</summary>
    public static ClaimsPrincipal PrincipalOf(User user) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, user.Name), new Claim(ApiTokenAuthentication.UserIdClaim, user.Id), .. user.Roles.Select(r => new Claim(ClaimTypes.Role, r.Name()))],
        SchemeName));

    /// <summary>Every request: the session's user must still exist and be enabled; their roles are read afresh.</summary>
    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var id = context.Principal?.FindFirstValue(ApiTokenAuthentication.UserIdClaim);
        var services = context.HttpContext.RequestServices;
        var user = id is null ? null : await services.GetRequiredService<IdentityUseCases>().ActiveUserAsync(id, context.HttpContext.RequestAborted);
        if (user is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(SchemeName);
            return;
        }
        context.ReplacePrincipal(PrincipalOf(user));
        context.HttpContext.ActAs(user);
    }

    /// <summary>
    /// Sessions live in Secure cookies, so the pages and the login need HTTPS (direct, or a TLS proxy that says so with
    /// X-Forwarded-Proto); over plain HTTP they answer 403 saying so, and API tokens keep working.
    /// </summary>
    public static IApplicationBuilder UseHttpsForSessions(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var path = context.Request.Path;
        var browser = path.StartsWithSegments("/api/v1/session") ? !HttpMethods.IsGet(context.Request.Method) || path.StartsWithSegments("/api/v1/session/oidc")
            : !(path.StartsWithSegments("/api") || path.StartsWithSegments("/assets") || path.StartsWithSegments("/openapi") || path.StartsWithSegments("/healthz")
                || path.StartsWithSegments(OpenIdLogin.CallbackPath));
        if (browser && !context.Request.IsHttps)
        {
            const string Why = "the web UI and browser logins need HTTPS: start vigil serve with --tls-cert and --tls-key, or put a TLS reverse proxy in front that sets X-Forwarded-Proto";
            if (path.StartsWithSegments("/api"))
            {
                await Problems.Write(context, StatusCodes.Status403Forbidden, "HTTPS required", "auth.https-required", Why);
                return;
            }
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync($"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>HTTPS required · Vigil</title></head><body><main><h1>HTTPS required</h1><p>{System.Net.WebUtility.HtmlEncode(Why)}.</p></main></body></html>");
            return;
        }
        await next();
    });

    /// <summary>Refuses (403) a state-changing request that a session cookie authenticates without the session's CSRF token.</summary>
    public static IApplicationBuilder UseCsrfProtection(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var method = context.Request.Method;
        if (context.User.Identity is { IsAuthenticated: true, AuthenticationType: SchemeName }
            && !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method)))
        {
            try
            {
                await context.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context);
            }
            catch (AntiforgeryValidationException)
            {
                await Problems.Write(context, StatusCodes.Status403Forbidden, "Forbidden", "auth.csrf",
                    $"a request made with a session needs the session's CSRF token in the {CsrfHeader} header (GET /api/v1/session gives it)");
                return;
            }
        }
        await next();
    });

    /// <summary>A fresh CSRF token for the session the request carries (its cookie half is set on the response).</summary>
    public static string CsrfTokenFor(HttpContext context) => context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context).RequestToken!;

    /// <summary>
    /// Sessions in the team database: the cookie carries a random key, the database the session, so logging out ends it
    /// on every server, and a copied cookie is worthless afterwards.
    /// </summary>
    private sealed class DatabaseTicketStore : ITicketStore
    {
        public Task<string> StoreAsync(AuthenticationTicket ticket) => throw new NotSupportedException("sessions are stored with the request's services");

        public Task RenewAsync(string key, AuthenticationTicket ticket) => throw new NotSupportedException("sessions are stored with the request's services");

        public Task<AuthenticationTicket?> RetrieveAsync(string key) => throw new NotSupportedException("sessions are stored with the request's services");

        public Task RemoveAsync(string key) => throw new NotSupportedException("sessions are stored with the request's services");

        public Task<string> StoreAsync(AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken) =>
            IdentityOf(httpContext).StartSessionAsync(ticket.Principal.FindFirstValue(ApiTokenAuthentication.UserIdClaim)!, ticket.Principal.Identity!.Name!,
                TicketSerializer.Default.Serialize(ticket), ticket.Properties.ExpiresUtc ?? DateTimeOffset.UtcNow + Lifetime, cancellationToken);

        public Task RenewAsync(string key, AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken) =>
            IdentityOf(httpContext).RenewSessionAsync(key, TicketSerializer.Default.Serialize(ticket), ticket.Properties.ExpiresUtc ?? DateTimeOffset.UtcNow + Lifetime, cancellationToken);

        public async Task<AuthenticationTicket?> RetrieveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken) =>
            await IdentityOf(httpContext).FindSessionAsync(key, cancellationToken) is { } session ? TicketSerializer.Default.Deserialize(session.Ticket) : null;

        public Task RemoveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken) => IdentityOf(httpContext).EndSessionAsync(key, cancellationToken);

        private static IdentityUseCases IdentityOf(HttpContext context) => context.RequestServices.GetRequiredService<IdentityUseCases>();
    }

    /// <summary>Data-protection keys in the team database, through a scope of their own (the key ring is read outside requests).</summary>
    private sealed class DatabaseKeyRepository(IServiceScopeFactory scopes) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements()
        {
            using var scope = scopes.CreateScope();
            return [.. scope.ServiceProvider.GetRequiredService<IIdentityStore>().SessionKeys().Select(k => XElement.Parse(k.Xml))];
        }

        public void StoreElement(XElement element, string friendlyName)
        {
            using var scope = scopes.CreateScope();
            scope.ServiceProvider.GetRequiredService<IIdentityStore>().AddSessionKey(new SessionKey
            {
                Id = Common.Ids.New(),
                Xml = element.ToString(SaveOptions.DisableFormatting),
                CreatedAt = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow(),
            });
        }
    }
}
