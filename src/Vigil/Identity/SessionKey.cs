namespace Vigil.Identity;

/// <summary>
/// A key that protects browser session cookies (an ASP.NET Core data-protection key, as its XML), kept in the team
/// database so that every server behind a load balancer reads the cookies the others wrote.
/// </summary>
public sealed class SessionKey
{
    public required string Id { get; init; }

    public required string Xml { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}

/// <summary>
/// A browser session, kept on the server so that logging out (or a password change) ends it for good: the cookie
/// holds only a random key, and the database only that key's SHA-256 and the session's sealed content.
/// </summary>
public sealed class BrowserSession
{
    public required string Sha256 { get; init; }

    public required string UserId { get; init; }

    /// <summary>The session as the server serialized it (who, with which roles); opaque here.</summary>
    public required byte[] Ticket { get; set; }

    public required DateTimeOffset ExpiresAt { get; set; }
}
