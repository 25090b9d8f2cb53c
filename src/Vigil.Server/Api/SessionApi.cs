using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Identity;
using Vigil.Server.Security;

namespace Vigil.Server.Api;

/// <summary>Browser sessions: log in with a local password, read the session (and its CSRF token), log out.</summary>
public static class SessionApi
{
    public static IEndpointRouteBuilder MapSessionApi(this IEndpointRouteBuilder app)
    {
        var session = app.MapGroup("/api/v1/session").WithTags("session");

        // JSON only, so a cross-site form cannot post it; failures are counted per address and per account.
        session.MapPost("/", async Task<IResult> (LoginBody body, HttpContext context, CancellationToken cancellation) =>
        {
            var login = await BrowserSessions.LogInAsync(context, body.Name, body.Password, cancellation);
            if (login.RetryAfter is { } wait)
            {
                context.Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return await Problem(context, StatusCodes.Status429TooManyRequests, "Too many requests", "auth.too-many-failures",
                    $"more than {FailedAuthentications.Limit} failed logins from this address or for this account in a minute: try again later");
            }
            if (login.User is not { } user)
            {
                return await Problem(context, StatusCodes.Status401Unauthorized, "Unauthorized", "auth.login-failed", "the name or the password is wrong");
            }
            return TypedResults.Ok(new SessionView(user.Name, [.. user.Roles.Select(r => r.Name())], BrowserSessions.CsrfTokenFor(context)));
        }).AllowAnonymous();

        // Redirects to the identity provider, which sends the browser back to /signin-oidc and then to the path given.
        session.MapGet("/oidc", async Task<IResult> (string? returnTo, HttpContext context, ServerOptions options) =>
        {
            if (options.Oidc is null)
            {
                return await Problem(context, StatusCodes.Status404NotFound, "Not found", "auth.oidc-off", "this server has no identity provider configured: log in with a local password");
            }
            await OpenIdLogin.ChallengeAsync(context, options.Oidc, returnTo);
            return Results.Empty;
        }).AllowAnonymous();

        session.MapGet("/", (ClaimsPrincipal user, HttpContext context) => TypedResults.Ok(new SessionView(user.Name(), [.. user.Roles().Select(r => r.Name())],
            user.Identity?.AuthenticationType == BrowserSessions.SchemeName ? BrowserSessions.CsrfTokenFor(context) : null))).Requires(Permission.Read);

        session.MapDelete("/", async (HttpContext context) =>
        {
            await context.SignOutAsync(BrowserSessions.SchemeName);
            return TypedResults.NoContent();
        }).Requires(Permission.Read);
        return app;
    }

    private static async Task<IResult> Problem(HttpContext context, int status, string title, string code, string detail)
    {
        await Problems.Write(context, status, title, code, detail);
        return Results.Empty;
    }
}
