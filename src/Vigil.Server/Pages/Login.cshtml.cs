using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vigil.Server.Security;

namespace Vigil.Server.Pages;

/// <summary>The local login form (and the way to the identity provider, when there is one); anyone may see it.</summary>
[AllowAnonymous]
public sealed class LoginModel(ServerOptions options) : PageModel
{
    public string ReturnUrl { get; private set; } = "/";

    public string? Name { get; private set; }

    public string? Problem { get; private set; }

    public bool IdentityProvider => options.Oidc is not null;

    public void OnGet(string? returnUrl) => ReturnUrl = OpenIdLogin.LocalPath(returnUrl);

    public async Task<IActionResult> OnPostAsync(string name, string password, string? returnUrl, CancellationToken cancellation)
    {
        (ReturnUrl, Name) = (OpenIdLogin.LocalPath(returnUrl), name);
        var login = await BrowserSessions.LogInAsync(HttpContext, name, password, cancellation);
        if (login.User is null)
        {
            (Problem, Response.StatusCode) = login.RetryAfter is not null
                ? ("Too many failed logins: wait a minute and try again.", StatusCodes.Status429TooManyRequests)
                : ("The name or the password is wrong.", StatusCodes.Status401Unauthorized);
            return Page();
        }
        return LocalRedirect(ReturnUrl);
    }
}
