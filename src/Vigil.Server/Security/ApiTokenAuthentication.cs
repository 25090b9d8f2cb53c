using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vigil.Application;
using Vigil.Audit;
using Vigil.Identity;

namespace Vigil.Server.Security;

/// <summary>
/// "Authorization: Bearer vgl_..." for scripts and CI. A valid token makes its user the request's identity and the
/// author of every change the request makes (the audit log's actor, "user:NAME", from the client's address).
/// </summary>
public sealed class ApiTokenAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "VigilToken";

    /// <summary>The claim holding the user's id (the standard one, which CSRF tokens are bound to); names are shown, ids are what records keep.</summary>
    public const string UserIdClaim = ClaimTypes.NameIdentifier;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return AuthenticateResult.NoResult();
        }
        var failures = Context.RequestServices.GetRequiredService<FailedAuthentications>();
        var address = Context.Connection.RemoteIpAddress;
        if (failures.RetryAfter(address) is { } wait)
        {
            Context.Items[TooManyFailures] = wait;
            return AuthenticateResult.Fail("too many failed attempts");
        }
        var authenticated = await Context.RequestServices.GetRequiredService<IdentityUseCases>().AuthenticateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (authenticated is null)
        {
            // Never why: an unknown, expired and revoked token look the same from outside.
            failures.Record(address);
            return AuthenticateResult.Fail("invalid token");
        }
        var user = authenticated.User;
        Context.ActAs(user);
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, user.Name), new Claim(UserIdClaim, user.Id), .. user.Roles.Select(r => new Claim(ClaimTypes.Role, r.Name()))],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    private const string TooManyFailures = "vigil:too-many-failures";

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items[TooManyFailures] is TimeSpan wait)
        {
            Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Problems.Write(Context, StatusCodes.Status429TooManyRequests, "Too many requests", "auth.too-many-failures",
                $"more than {FailedAuthentications.Limit} failed token checks from this address in a minute: try again later");
        }
        Response.Headers.WWWAuthenticate = "Bearer";
        return Problems.Write(Context, StatusCodes.Status401Unauthorized, "Unauthorized", "auth.required", "a valid API token is needed: Authorization: Bearer vgl_...");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.Write(Context, StatusCodes.Status403Forbidden, "Forbidden", "auth.forbidden", "your roles do not allow this");
}

/// <summary>The user a request is authenticated as, for the endpoints that need the name (triage author, approvals).</summary>
public static class RequestUser
{
    /// <summary>From here on the request is this user's: its changes are audited as theirs, from the client's address.</summary>
    public static void ActAs(this HttpContext context, User user) =>
        context.RequestServices.GetRequiredService<CurrentActor>().Value = new Actor($"user:{user.Name}", context.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    public static string Name(this ClaimsPrincipal principal) => principal.Identity?.Name ?? throw new InvalidOperationException("no authenticated user");

    public static IReadOnlyList<Role> Roles(this ClaimsPrincipal principal) =>
        [.. principal.FindAll(ClaimTypes.Role).Select(c => Identity.Roles.Words.TryParse(c.Value, out var role) ? role : (Role?)null).OfType<Role>()];
}
