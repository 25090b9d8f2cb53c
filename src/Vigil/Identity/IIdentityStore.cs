namespace Vigil.Identity;

/// <summary>Where users and their tokens are kept (Storage/ implements it on the team database).</summary>
public interface IIdentityStore
{
    Task<User?> FindUserAsync(string name, CancellationToken cancellation);

    Task<IReadOnlyList<User>> ListUsersAsync(CancellationToken cancellation);

    /// <summary>Stores a user and a first token in one transaction.</summary>
    Task AddUserAsync(User user, ApiToken token, CancellationToken cancellation);

    Task AddTokenAsync(ApiToken token, CancellationToken cancellation);

    /// <summary>The token with this SHA-256 and the user holding it, in one look-up; null when there is none.</summary>
    Task<(ApiToken Token, User User)?> FindTokenHolderAsync(string sha256, CancellationToken cancellation);

    Task<IReadOnlyList<ApiToken>> TokensOfAsync(string userId, CancellationToken cancellation);

    Task UpdateUserAsync(User user, CancellationToken cancellation);

    Task UpdateTokenAsync(ApiToken token, string what, CancellationToken cancellation);

    /// <summary>Records that a token was used; not audited (it is not a change anyone made).</summary>
    Task TouchTokenAsync(string tokenId, DateTimeOffset at, CancellationToken cancellation);
}
