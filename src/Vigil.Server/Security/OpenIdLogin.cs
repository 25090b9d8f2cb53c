using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Application;
using Vigil.Common;

namespace Vigil.Server.Security;

/// <summary>
/// A company's identity provider, by OpenID Connect: <paramref name="NameClaim"/> of the ID token names the Vigil user
/// (who must exist and be enabled; the roles are Vigil's). The client secret comes from the environment or a file.
/// </summary>
public sealed record OidcOptions(Uri Authority, string ClientId, string? ClientSecret, string NameClaim = "preferred_username")
{
    /// <summary>The authority, refused unless HTTPS (plain HTTP only on loopback, for a provider on the same machine).</summary>
    public static Uri ParseAuthority(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
            ? uri
            : throw new VigilException($"OpenID provider '{text}': expected an https:// URL (http:// only on loopback), e.g. https://login.example.org/realms/factory");
}

/// <summary>
/// Login through the identity provider: the authorization code flow with PKCE, the response in the query, and on
/// success the same server-side session a local login makes. The provider proves who someone is; Vigil decides
/// what they may do.
/// </summary>
public static class OpenIdLogin
{
    public const string SchemeName = "VigilOidc";

    public const string CallbackPath = "/signin-oidc";

    private const string Refusal = "vigil:oidc-refusal";

    private static readonly string[] Scopes = ["openid", "profile", "email"];

    public static AuthenticationBuilder AddVigilOpenIdConnect(this AuthenticationBuilder builder, OidcOptions options) =>
        builder.AddOpenIdConnect(SchemeName, oidc =>
        {
            oidc.Authority = options.Authority.ToString();
            oidc.RequireHttpsMetadata = options.Authority.Scheme == Uri.UriSchemeHttps;
            oidc.ClientId = options.ClientId;
            oidc.ClientSecret = options.ClientSecret;
            oidc.ResponseType = "code";
            oidc.ResponseMode = "query";
            oidc.UsePkce = true;
            oidc.CallbackPath = CallbackPath;
            oidc.SignInScheme = BrowserSessions.SchemeName;
            oidc.MapInboundClaims = false;
            oidc.SaveTokens = false;
            oidc.Scope.Clear();
            foreach (var scope in Scopes)
            {
                oidc.Scope.Add(scope);
            }
            oidc.Events.OnTokenValidated = async context =>
            {
                var name = context.Principal?.FindFirstValue(options.NameClaim);
                var identity = context.HttpContext.RequestServices.GetRequiredService<IdentityUseCases>();
                if (name is null || await identity.ActiveUserNamedAsync(name, context.HttpContext.RequestAborted) is not { } user)
                {
                    context.HttpContext.Items[Refusal] = name is null
                        ? $"the identity provider's token has no '{options.NameClaim}' claim to name a Vigil user"
                        : $"'{name}' is not an enabled Vigil user: an administrator adds people and gives them roles";
                    context.Fail("not a Vigil user");
                    return;
                }
                context.HttpContext.ActAs(user);
                context.Principal = BrowserSessions.PrincipalOf(user);
            };
            // Said in one sentence of ours: the handler's own messages name its internals.
            oidc.Events.OnRemoteFailure = async context =>
            {
                context.HandleResponse();
                await Problems.Write(context.HttpContext, StatusCodes.Status403Forbidden, "Forbidden", "auth.oidc-refused",
                    context.HttpContext.Items[Refusal] as string ?? "the login through the identity provider did not complete; start it again");
            };
        });

    /// <summary>A path on this server, or the dashboard: a login never sends anyone elsewhere (no open redirect).</summary>
    public static string LocalPath(string? path) =>
        path is { Length: > 0 } p && p[0] == '/' && !p.StartsWith("//", StringComparison.Ordinal) && !p.Contains('\\', StringComparison.Ordinal) ? p : "/";

    /// <summary>Starts a login at the identity provider, coming back to <paramref name="returnPath"/> (a path on this server only).</summary>
    public static async Task ChallengeAsync(HttpContext context, OidcOptions options, string? returnPath)
    {
        try
        {
            await context.ChallengeAsync(SchemeName, new AuthenticationProperties
            {
                RedirectUri = LocalPath(returnPath),
            });
        }
        catch (InvalidOperationException e) when (!context.Response.HasStarted)
        {
            // The handler could not read the provider's metadata (its message names IdentityModel's internals).
            throw new VigilException(ErrorKind.Unavailable, ErrorCodes.IdentityProviderUnreachable, $"the identity provider at {options.Authority} cannot be reached or does not answer as one; try again later", e);
        }
    }
}
