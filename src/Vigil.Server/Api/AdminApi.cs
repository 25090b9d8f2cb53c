using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Application;
using Vigil.Contracts;
using Vigil.Feeds;
using Vigil.Identity;
using Vigil.Server.Security;

namespace Vigil.Server.Api;

/// <summary>Feeds, the audit log, users and tokens, and who the caller is.</summary>
public static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1");

        api.MapGet("/me", (ClaimsPrincipal user) => TypedResults.Ok(new UserView(user.Name(), [.. user.Roles().Select(r => r.Name())], false)))
            .Requires(Permission.Read).WithTags("users");

        api.MapGet("/feeds", async (FeedUseCases feeds, TimeProvider clock, CancellationToken cancellation) =>
            TypedResults.Ok(FeedsStatus.Of(await feeds.StatusAsync(cancellation), clock.GetUtcNow()))).Requires(Permission.Read).WithTags("feeds");

        api.MapPost("/feeds/update", async (string? feed, FeedUseCases feeds, CancellationToken cancellation) =>
        {
            IReadOnlyList<FeedKind>? kinds = feed is null ? null : [FeedWords.Kinds.Parse(feed, "feed")];
            var updates = await feeds.UpdateAsync(new FeedUpdateRequest(kinds), cancellation);
            return TypedResults.Ok<IReadOnlyList<FeedUpdateView>>([.. updates.Select(u => new FeedUpdateView(FeedCatalog.NameOf(u.Kind), u.Source.ToString(),
                u.Outcome == Feeds.Debian.UpdateOutcome.NotModified ? "not-modified" : "updated", u.Metadata.DataAsOf))]);
        }).Requires(Permission.ManageFeeds).WithTags("feeds");

        // CRA Article 14: the reporting cases of every product (or one), most urgent first; opens the new ones.
        api.MapGet("/cra", async (string? product, CraUseCases cra, TimeProvider clock, CancellationToken cancellation) =>
            TypedResults.Ok(CraStatusReport.Of(await cra.StatusAsync(product, cancellation), clock.GetUtcNow()))).Requires(Permission.Read).WithTags("cra");

        api.MapGet("/audit", async (long? from, int? limit, AuditUseCases audit, CancellationToken cancellation) =>
            TypedResults.Ok(AuditEntryView.Of(await audit.ListAsync(from ?? 1, limit ?? 1000, cancellation)))).Requires(Permission.ReadAudit).WithTags("audit");

        api.MapGet("/audit/verify", async (AuditUseCases audit, CancellationToken cancellation) =>
        {
            var result = await audit.VerifyAsync([], cancellation);
            return TypedResults.Ok(new AuditVerificationView(result.Entries, result.HeadHash, result.Holds, result.Break?.Sequence, result.Break?.Problem));
        }).Requires(Permission.ReadAudit).WithTags("audit");

        api.MapGet("/users", async (IdentityUseCases identity, CancellationToken cancellation) =>
            TypedResults.Ok<IReadOnlyList<UserView>>([.. (await identity.ListUsersAsync(cancellation)).Select(u => new UserView(u.Name, [.. u.Roles.Select(r => r.Name())], u.Disabled))]))
            .Requires(Permission.ManageUsers).WithTags("users");

        api.MapPost("/users", async (AddUserBody body, IdentityUseCases identity, CancellationToken cancellation) =>
        {
            var issued = await identity.AddUserAsync(body.Name, [.. body.Roles.Select(r => Roles.Words.Parse(r, "role"))], Endpoints.Period(body.Expires, "expires"), cancellation);
            return TypedResults.Created($"/api/v1/users/{Uri.EscapeDataString(body.Name)}", new IssuedTokenView(body.Name, issued.Token.Prefix, issued.Secret, issued.Token.ExpiresAt));
        }).Requires(Permission.ManageUsers).WithTags("users");

        api.MapPut("/users/{user}/roles", async (string user, IReadOnlyList<string> roles, IdentityUseCases identity, CancellationToken cancellation) =>
        {
            var updated = await identity.SetRolesAsync(user, [.. roles.Select(r => Roles.Words.Parse(r, "role"))], cancellation);
            return TypedResults.Ok(new UserView(updated.Name, [.. updated.Roles.Select(r => r.Name())], updated.Disabled));
        }).Requires(Permission.ManageUsers).WithTags("users");

        api.MapPost("/users/{user}/tokens", async (string user, IssueTokenBody body, IdentityUseCases identity, CancellationToken cancellation) =>
        {
            var issued = await identity.IssueTokenAsync(user, body.Label, Endpoints.Period(body.Expires, "expires"), cancellation);
            return TypedResults.Created($"/api/v1/users/{Uri.EscapeDataString(user)}/tokens/{issued.Token.Prefix}", new IssuedTokenView(user, issued.Token.Prefix, issued.Secret, issued.Token.ExpiresAt));
        }).Requires(Permission.ManageUsers).WithTags("users");

        api.MapDelete("/users/{user}/tokens/{prefix}", async (string user, string prefix, IdentityUseCases identity, CancellationToken cancellation) =>
        {
            await identity.RevokeTokenAsync(user, prefix, cancellation);
            return TypedResults.NoContent();
        }).Requires(Permission.ManageUsers).WithTags("users");

        return app;
    }
}
