using System.Security.Cryptography;
using Vigil.Common;

namespace Vigil.Identity;

/// <summary>A token as issued: the secret is shown once, to whoever asked for it, and never stored.</summary>
public sealed record IssuedToken(ApiToken Token, string Secret);

/// <summary>Who is authenticated: a user and the token they came with.</summary>
public sealed record AuthenticatedUser(User User, ApiToken Token);

/// <summary>
/// Users, roles and API tokens. Names are what people type; tokens are "vgl_" and 43 base64url characters (256 random
/// bits), checked by their SHA-256; an expired, revoked or disabled one authenticates nobody.
/// </summary>
public sealed class UserDirectory(IIdentityStore store, TimeProvider clock)
{
    public const string TokenPrefix = "vgl_";

    /// <summary>A token's last-used time is written at most this often: reads must not turn into writes.</summary>
    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    public async Task<IssuedToken> AddUserAsync(string name, IReadOnlyList<Role> roles, TimeSpan? tokenValidity, CancellationToken cancellation)
    {
        ValidateName(name);
        if (roles.Count == 0)
        {
            throw new VigilException($"user '{name}' needs at least one role");
        }
        if (await store.FindUserAsync(name, cancellation) is not null)
        {
            throw new VigilException(ErrorKind.Conflict, ErrorCodes.UserExists, $"user '{name}' already exists");
        }
        var user = new User { Id = Ids.New(), Name = name, Roles = [.. roles.Distinct()], CreatedAt = clock.GetUtcNow() };
        var issued = NewToken(user, "first", tokenValidity);
        await store.AddUserAsync(user, issued.Token, cancellation);
        return issued;
    }

    public async Task<IssuedToken> IssueTokenAsync(string userName, string label, TimeSpan? validity, CancellationToken cancellation)
    {
        var user = await FindAsync(userName, cancellation);
        var issued = NewToken(user, label, validity);
        await store.AddTokenAsync(issued.Token, cancellation);
        return issued;
    }

    public async Task<ApiToken> RevokeTokenAsync(string userName, string prefix, CancellationToken cancellation)
    {
        var user = await FindAsync(userName, cancellation);
        var token = (await store.TokensOfAsync(user.Id, cancellation)).SingleOrDefault(t => t.Prefix == prefix)
            ?? throw new VigilException(ErrorKind.NotFound, ErrorCodes.TokenUnknown, $"user {userName} has no token {prefix}");
        token.RevokedAt ??= clock.GetUtcNow();
        await store.UpdateTokenAsync(token, $"revoked token {prefix} of {userName}", cancellation);
        return token;
    }

    public async Task<User> SetRolesAsync(string userName, IReadOnlyList<Role> roles, CancellationToken cancellation)
    {
        var user = await FindAsync(userName, cancellation);
        if (roles.Count == 0)
        {
            throw new VigilException($"user '{userName}' needs at least one role");
        }
        user.Roles = [.. roles.Distinct()];
        await store.UpdateUserAsync(user, cancellation);
        return user;
    }

    /// <summary>Sets (or, with null, removes) the user's local password.</summary>
    public async Task<User> SetPasswordAsync(string userName, string? password, CancellationToken cancellation)
    {
        var user = await FindAsync(userName, cancellation);
        user.PasswordHash = password is null ? null : Passwords.Hash(user, password);
        await store.SetPasswordAsync(user, cancellation);
        return user;
    }

    /// <summary>The user the name and password are, or null: unknown, disabled, without a password, or wrong (never which).</summary>
    public async Task<User?> SignInAsync(string userName, string password, CancellationToken cancellation)
    {
        var user = userName.Length <= 100 ? await store.FindUserAsync(userName, cancellation) : null;
        if (!Passwords.Verify(user, password, out var rehashed) || user!.Disabled)
        {
            return null;
        }
        if (rehashed is not null)
        {
            await store.RehashPasswordAsync(user.Id, rehashed, cancellation);
        }
        return user;
    }

    /// <summary>The enabled user of this name (one an identity provider vouches for), or null.</summary>
    public async Task<User?> ActiveUserNamedAsync(string name, CancellationToken cancellation) =>
        name.Length <= 100 && await store.FindUserAsync(name, cancellation) is { Disabled: false } user ? user : null;

    /// <summary>The user a session names, as stored now: null when removed or disabled since.</summary>
    public async Task<User?> ActiveUserAsync(string id, CancellationToken cancellation) =>
        await store.FindUserByIdAsync(id, cancellation) is { Disabled: false } user ? user : null;

    /// <summary>Starts a session of the user; the key (for the cookie) is in the result and stored only as its SHA-256.</summary>
    public async Task<string> StartSessionAsync(string userId, string userName, byte[] ticket, DateTimeOffset expiresAt, CancellationToken cancellation)
    {
        var key = Base64Url(RandomNumberGenerator.GetBytes(32));
        await store.AddSessionAsync(new BrowserSession { Sha256 = Sha256Hex.Of(key), UserId = userId, Ticket = ticket, ExpiresAt = expiresAt }, userName, clock.GetUtcNow(), cancellation);
        return key;
    }

    /// <summary>The session's content, or null: unknown, ended or expired.</summary>
    public async Task<BrowserSession?> FindSessionAsync(string key, CancellationToken cancellation) =>
        await store.FindSessionAsync(Sha256Hex.Of(key), cancellation) is { } session && session.ExpiresAt > clock.GetUtcNow() ? session : null;

    public Task RenewSessionAsync(string key, byte[] ticket, DateTimeOffset expiresAt, CancellationToken cancellation) =>
        store.RenewSessionAsync(Sha256Hex.Of(key), ticket, expiresAt, cancellation);

    public Task EndSessionAsync(string key, CancellationToken cancellation) => store.RemoveSessionAsync(Sha256Hex.Of(key), cancellation);

    public Task<IReadOnlyList<User>> ListAsync(CancellationToken cancellation) => store.ListUsersAsync(cancellation);

    public Task<IReadOnlyList<ApiToken>> TokensAsync(User user, CancellationToken cancellation) => store.TokensOfAsync(user.Id, cancellation);

    public async Task<User> FindAsync(string name, CancellationToken cancellation) =>
        await store.FindUserAsync(name, cancellation) ?? throw new VigilException(ErrorKind.NotFound, ErrorCodes.UserUnknown, $"unknown user '{name}'");

    /// <summary>The user a presented token belongs to, or null: unknown, expired, revoked, or of a disabled user.</summary>
    public async Task<AuthenticatedUser?> AuthenticateAsync(string presented, CancellationToken cancellation)
    {
        if (!presented.StartsWith(TokenPrefix, StringComparison.Ordinal) || presented.Length != TokenPrefix.Length + 43)
        {
            return null;
        }
        if (await store.FindTokenHolderAsync(Sha256Hex.Of(presented), cancellation) is not var (token, user))
        {
            return null;
        }
        var now = clock.GetUtcNow();
        if (token.RevokedAt is not null || (token.ExpiresAt is { } expiry && expiry <= now) || user.Disabled)
        {
            return null;
        }
        if (token.LastUsedAt is not { } last || now - last >= TouchInterval)
        {
            token.LastUsedAt = now;
            await store.TouchTokenAsync(token.Id, now, cancellation);
        }
        return new AuthenticatedUser(user, token);
    }

    private IssuedToken NewToken(User user, string label, TimeSpan? validity)
    {
        var secret = TokenPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        return new IssuedToken(new ApiToken
        {
            Id = Ids.New(),
            UserId = user.Id,
            Label = label,
            Prefix = secret[..(TokenPrefix.Length + 6)],
            Sha256 = Sha256Hex.Of(secret),
            CreatedAt = now,
            ExpiresAt = validity is { } v ? now + v : null,
        }, secret);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static void ValidateName(string name)
    {
        if (name.Length is 0 or > 100 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@'))
        {
            throw new VigilException($"invalid user name '{name}': 1 to 100 letters, digits, '.', '-', '_' or '@'");
        }
    }
}
