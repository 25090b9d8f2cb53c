using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Vigil.Tests.Support;

/// <summary>
/// An OpenID Connect provider (OpenIddict's server, without a database) on loopback: it knows one client and logs
/// in whoever <see cref="NextUser"/> names, as a company's identity provider would after its own login page.
/// Codes need PKCE; the ID token carries <c>preferred_username</c>.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "vigil", ClientSecret = "s3cr3t-of-the-vigil-client";

    private readonly WebApplication app;

    private TestIdentityProvider(WebApplication app, Uri issuer)
    {
        this.app = app;
        Issuer = issuer;
    }

    public Uri Issuer { get; }

    /// <summary>Who the provider says is logging in; null sends an ID token without the name claim.</summary>
    public string? NextUser { get; set; }

    /// <summary>A provider and a Vigil server over HTTPS that lets people log in through it.</summary>
    public static async Task<(TestIdentityProvider Provider, TestServer Server)> StartWithVigilAsync(string dataDirectory)
    {
        TestServer? server = null;
        var provider = await StartAsync(() => new Uri(server!.Address, Vigil.Server.Security.OpenIdLogin.CallbackPath));
        server = await TestServer.StartAsync(dataDirectory, null, https: true,
            oidc: new Vigil.Server.Security.OidcOptions(provider.Issuer, ClientId, ClientSecret));
        return (provider, server);
    }

    /// <summary>Starts the provider, accepting only <paramref name="redirectUri"/> as where to send codes.</summary>
    public static async Task<TestIdentityProvider> StartAsync(Func<Uri> redirectUri)
    {
        var issuer = new Uri($"http://127.0.0.1:{LoopbackSmtpServer.UnusedPort()}/");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(issuer.ToString());
        TestIdentityProvider? provider = null;
        builder.Services.AddOpenIddict().AddServer(server =>
        {
            server.SetIssuer(issuer);
            server.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token");
            server.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            server.RegisterScopes(Scopes.Profile, Scopes.Email);
            server.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
            server.DisableAccessTokenEncryption();
            server.EnableDegradedMode();
            server.UseAspNetCore().DisableTransportSecurityRequirement();
            server.AddEventHandler<ValidateAuthorizationRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId || context.RedirectUri != redirectUri().ToString())
                {
                    context.Reject(Errors.InvalidClient, "unknown client or redirect URI");
                }
                return default;
            }));
            server.AddEventHandler<ValidateTokenRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId || context.Request.ClientSecret != ClientSecret)
                {
                    context.Reject(Errors.InvalidClient, "wrong client credentials");
                }
                return default;
            }));
            server.AddEventHandler<HandleAuthorizationRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
                identity.AddClaim(new Claim(Claims.Subject, "sub-" + (provider!.NextUser ?? "nobody")));
                if (provider.NextUser is { } name)
                {
                    identity.AddClaim(new Claim(Claims.PreferredUsername, name));
                }
                foreach (var claim in identity.Claims)
                {
                    claim.SetDestinations(Destinations.IdentityToken, Destinations.AccessToken);
                }
                var principal = new ClaimsPrincipal(identity);
                principal.SetScopes(context.Request.GetScopes());
                context.SignIn(principal);
                return default;
            }));
        });
        var app = builder.Build();
        provider = new TestIdentityProvider(app, issuer);
        await app.StartAsync();
        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
