using Vigil.Common;

namespace Vigil.Identity;

/// <summary>
/// The roles of CIP's RACI matrix (SM-2). What each may do is the server's permission table; the process rules
/// (reviewer is not the author, tester is not the developer) are checked against the identities that hold them.
/// </summary>
public enum Role
{
    Admin,
    SecurityManager,
    Developer,
    Tester,
    Reviewer,
    Auditor,
}

public static class Roles
{
    public static readonly EnumWords<Role> Words = new(
        (Role.Admin, "admin"), (Role.SecurityManager, "security-manager"), (Role.Developer, "developer"),
        (Role.Tester, "tester"), (Role.Reviewer, "reviewer"), (Role.Auditor, "auditor"));

    public static string Name(this Role role) => Words[role];
}

/// <summary>A person (or a CI job) who works with Vigil; identified by name, never deleted (the audit log names them).</summary>
public sealed class User
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    /// <summary>Stored as the role words, comma-separated ("security-manager,reviewer").</summary>
    public required IReadOnlyList<Role> Roles { get; set; }

    public required DateTimeOffset CreatedAt { get; init; }

    public bool Disabled { get; set; }

    /// <summary>The local password's hash (ASP.NET Core Identity's PBKDF2 format), or null: no local login.</summary>
    public string? PasswordHash { get; set; }
}

/// <summary>
/// An API token of a user. Only the token's SHA-256 is stored: a token is 256 random bits, so a fast hash is as
/// strong as a slow one, and a stolen database yields no usable token (like Dependency-Track's API keys).
/// </summary>
public sealed class ApiToken
{
    public required string Id { get; init; }

    public required string UserId { get; init; }

    /// <summary>What the token is for ("ci", "laptop"); shown in listings with its first characters.</summary>
    public required string Label { get; init; }

    /// <summary>The token's first characters ("vgl_AbCd"), so a listing can say which one is which.</summary>
    public required string Prefix { get; init; }

    public required string Sha256 { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public DateTimeOffset? RevokedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }
}
