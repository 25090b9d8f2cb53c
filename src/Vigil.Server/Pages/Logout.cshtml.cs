using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vigil.Server.Security;

namespace Vigil.Server.Pages;

/// <summary>Ends the session (on the server too) and returns to the login form. POST only, with the form's CSRF token.</summary>
[Requires(Permission.Read)]
public sealed class LogoutModel : PageModel
{
    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(BrowserSessions.SchemeName);
        return Redirect("/login");
    }
}
