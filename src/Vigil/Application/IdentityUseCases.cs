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

    public Task<AuthenticatedUser?> AuthenticateAsync(string presentedToken, CancellationToken cancellation) => directory.AuthenticateAsync(presentedToken, cancellation);
}
