using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vigil.Application;
using Vigil.Common;
using Vigil.Identity;
using Vigil.Schedules;
using Vigil.Server.Security;

namespace Vigil.Server.Pages;

/// <summary>Users with their roles and tokens (a new token is shown once), and the scheduled jobs' latest runs. Administrators only.</summary>
[Requires(Permission.ManageUsers)]
public sealed class AdminModel(IdentityUseCases identity, ScheduleUseCases schedules, IServiceProvider services) : PageModel
{
    public IReadOnlyList<(User User, IReadOnlyList<ApiToken> Tokens)> Users { get; private set; } = [];

    public IReadOnlyList<JobRun> Runs { get; private set; } = [];

    /// <summary>The token just issued: shown on this answer only, stored nowhere in clear.</summary>
    public IssuedToken? Issued { get; private set; }

    public string? IssuedFor { get; private set; }

    public string? Problem { get; private set; }

    public Task OnGetAsync(CancellationToken cancellation) => LoadAsync(cancellation);

    public async Task<IActionResult> OnPostTokenAsync(string user, string label, string? expires, CancellationToken cancellation)
    {
        try
        {
            IssuedFor = user;
            Issued = await identity.IssueTokenAsync(user, string.IsNullOrWhiteSpace(label) ? "web" : label.Trim(),
                string.IsNullOrWhiteSpace(expires) ? null : Durations.Parse(expires.Trim(), "expiry"), cancellation);
        }
        catch (VigilException e) when (e.Kind is ErrorKind.InvalidInput or ErrorKind.NotFound)
        {
            Problem = e.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        await LoadAsync(cancellation);
        return Page();
    }

    public string? Notice { get; private set; }

    /// <summary>Replaces a user's roles with the ones ticked.</summary>
    public async Task<IActionResult> OnPostRolesAsync(string user, string[] roles, CancellationToken cancellation)
    {
        try
        {
            var updated = await identity.SetRolesAsync(user, [.. roles.Select(r => Roles.Words.Parse(r, "role"))], cancellation);
            Notice = $"{updated.Name} now has the roles {string.Join(", ", updated.Roles.Select(r => r.Name()))}.";
        }
        catch (VigilException e) when (e.Kind is ErrorKind.InvalidInput or ErrorKind.NotFound)
        {
            Problem = e.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        await LoadAsync(cancellation);
        return Page();
    }

    /// <summary>Starts a scheduled job now, on whichever server's scheduler takes it; its run appears below when done.</summary>
    public async Task<IActionResult> OnPostRunAsync(string job, CancellationToken cancellation)
    {
        var which = ScheduleWords.Jobs.Parse(job, "job");
        if (await Schedules.ServerSchedules.RunNowAsync(services, which, cancellation))
        {
            Notice = $"{which.Name()} started.";
        }
        else
        {
            Problem = "This server runs no scheduler, so jobs cannot be started here.";
            Response.StatusCode = StatusCodes.Status409Conflict;
        }
        await LoadAsync(cancellation);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellation)
    {
        var users = new List<(User, IReadOnlyList<ApiToken>)>();
        foreach (var user in await identity.ListUsersAsync(cancellation))
        {
            users.Add((user, await identity.TokensAsync(user.Name, cancellation)));
        }
        Users = users;
        Runs = await schedules.RecentRunsAsync(20, cancellation);
    }
}
