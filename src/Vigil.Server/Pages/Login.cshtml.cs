using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vigil.Application;
using Vigil.Audit;
using Vigil.Server.Security;

namespace Vigil.Server.Pages;

/// <summary>The local login form (and the way to the identity provider, when there is one); anyone may see it.</summary>
[AllowAnonymous]
public sealed class LoginModel(IdentityUseCases identity, FailedAuthentications failures, CurrentActor actor, ServerOptions options) : PageModel
{
    public string ReturnUrl { get; private set; } = "/";

    public string? Name { get; private set; }

    public string? Problem { get; private set; }

    public bool IdentityProvider => options.Oidc is not null;

    public void OnGet(string? returnUrl) => ReturnUrl = OpenIdLogin.LocalPath(returnUrl);

    public async Task<IActionResult> OnPostAsync(string name, string password, string? returnUrl, CancellationToken cancellation)
    {
        (ReturnUrl, Name) = (OpenIdLogin.LocalPath(returnUrl), name);
        var (address, account) = (FailedAuthentications.KeyOf(HttpContext.Connection.RemoteIpAddress), FailedAuthentications.KeyOfAccount(name ?? ""));
        if ((failures.RetryAfter(address) ?? failures.RetryAfter(account)) is not null)
        {
            Problem = "Too many failed logins: wait a minute and try again.";
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }
        var user = string.IsNullOrEmpty(name) || string.IsNullOrEmpty(password) ? null : await identity.SignInAsync(name, password, cancellation);
        if (user is null)
        {
            failures.Record(address);
            failures.Record(account);
            Problem = "The name or the password is wrong.";
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }
        actor.Value = new Actor($"user:{user.Name}", HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        await HttpContext.SignInAsync(BrowserSessions.SchemeName, BrowserSessions.PrincipalOf(user));
        return LocalRedirect(ReturnUrl);
    }
}
