using Vigil.Identity;

namespace Vigil.Application;

/// <summary>Users, roles and API tokens.</summary>
public sealed class IdentityUseCases(UserDirectory directory)
{
    /// <summary>Adds a user with a first token; the token's secret is in the result, and nowhere else ever.</summary>
    public Task<IssuedToken> AddUserAsync(string name, IReadOnlyList<Role> roles, TimeSpan? tokenValidity, CancellationToken cancellation) =>
        directory.AddUserAsync(name, roles, tokenValidity, cancellation);

    public Task<IReadOnlyList<User>> ListUsersAsync(CancellationToken cancellation) => directory.ListAsync(cancellation);

    public Task<User> SetRolesAsync(string name, IReadOnlyList<Role> roles, CancellationToken cancellation) => directory.SetRolesAsync(name, roles, cancellation);

    public Task<IssuedToken> IssueTokenAsync(string user, string label, TimeSpan? validity, CancellationToken cancellation) =>
        directory.IssueTokenAsync(user, label, validity, cancellation);

    public async Task<IReadOnlyList<ApiToken>> TokensAsync(string user, CancellationToken cancellation) =>
        await directory.TokensAsync(await directory.FindAsync(user, cancellation), cancellation);

    public Task<ApiToken> RevokeTokenAsync(string user, string prefix, CancellationToken cancellation) => directory.RevokeTokenAsync(user, prefix, cancellation);

    public Task<User> SetPasswordAsync(string user, string? password, CancellationToken cancellation) => directory.SetPasswordAsync(user, password, cancellation);

    /// <summary>A local login: the user, or null for any failure (the caller must not say which).</summary>
    public Task<User?> SignInAsync(string user, string password, CancellationToken cancellation) => directory.SignInAsync(user, password, cancellation);

    public Task<string> StartSessionAsync(string userId, string userName, byte[] ticket, DateTimeOffset expiresAt, CancellationToken cancellation) =>
        directory.StartSessionAsync(userId, userName, ticket, expiresAt, cancellation);

    public Task<BrowserSession?> FindSessionAsync(string key, CancellationToken cancellation) => directory.FindSessionAsync(key, cancellation);

    public Task RenewSessionAsync(string key, byte[] ticket, DateTimeOffset expiresAt, CancellationToken cancellation) => directory.RenewSessionAsync(key, ticket, expiresAt, cancellation);

    public Task EndSessionAsync(string key, CancellationToken cancellation) => directory.EndSessionAsync(key, cancellation);

    public Task<User?> ActiveUserNamedAsync(string name, CancellationToken cancellation) => directory.ActiveUserNamedAsync(name, cancellation);

    public Task<User?> ActiveUserAsync(string id, CancellationToken cancellation) => directory.ActiveUserAsync(id, cancellation);

    public Task<AuthenticatedUser?> AuthenticateAsync(string presentedToken, CancellationToken cancellation) => directory.AuthenticateAsync(presentedToken, cancellation);
}
