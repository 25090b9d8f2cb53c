namespace Vigil.Identity;

/// <summary>Where users and their tokens are kept (Storage/ implements it on the team database).</summary>
public interface IIdentityStore
{
    Task<User?> FindUserAsync(string name, CancellationToken cancellation);

    Task<User?> FindUserByIdAsync(string id, CancellationToken cancellation);

    Task<IReadOnlyList<User>> ListUsersAsync(CancellationToken cancellation);

    /// <summary>Stores a user and a first token in one transaction.</summary>
    Task AddUserAsync(User user, ApiToken token, CancellationToken cancellation);

    Task AddTokenAsync(ApiToken token, CancellationToken cancellation);

    /// <summary>The token with this SHA-256 and the user holding it, in one look-up; null when there is none.</summary>
    Task<(ApiToken Token, User User)?> FindTokenHolderAsync(string sha256, CancellationToken cancellation);

    Task<IReadOnlyList<ApiToken>> TokensOfAsync(string userId, CancellationToken cancellation);

    Task UpdateUserAsync(User user, CancellationToken cancellation);

    Task UpdateTokenAsync(ApiToken token, string what, CancellationToken cancellation);

    /// <summary>Stores the user's new password hash (audited as set or removed, never with the hash).</summary>
    Task SetPasswordAsync(User user, CancellationToken cancellation);

    /// <summary>Replaces a dated hash of the same password at login; not audited (nobody changed anything).</summary>
    Task RehashPasswordAsync(string userId, string hash, CancellationToken cancellation);

    /// <summary>Starts a browser session (audited, with who and from where), removing expired ones on the way.</summary>
    Task AddSessionAsync(BrowserSession session, string userName, DateTimeOffset now, CancellationToken cancellation);

    Task<BrowserSession?> FindSessionAsync(string sha256, CancellationToken cancellation);

    /// <summary>Extends a session (sliding expiry); not audited.</summary>
    Task RenewSessionAsync(string sha256, byte[] ticket, DateTimeOffset expiresAt, CancellationToken cancellation);

    /// <summary>Ends a session (audited); nothing when it is gone already.</summary>
    Task RemoveSessionAsync(string sha256, CancellationToken cancellation);

    IReadOnlyList<SessionKey> SessionKeys();

    void AddSessionKey(SessionKey key);

    /// <summary>Records that a token was used; not audited (it is not a change anyone made).</summary>
    Task TouchTokenAsync(string tokenId, DateTimeOffset at, CancellationToken cancellation);
}
