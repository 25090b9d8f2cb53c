using Microsoft.AspNetCore.Identity;
using Vigil.Common;

namespace Vigil.Identity;

/// <summary>
/// Local passwords, for people who log in to the web UI without an identity provider: hashed with ASP.NET Core
/// Identity's hasher (PBKDF2-HMAC-SHA512, salted, its iteration count moving with the framework, old hashes
/// upgraded at the next login). The rule is NIST SP 800-63B's: length, not composition.
/// </summary>
public static class Passwords
{
    public const int MinLength = 12, MaxLength = 256;

    private static readonly PasswordHasher<User> Hasher = new();

    /// <summary>A hash of nothing anyone can type, checked when the user is unknown, so a login takes as long either way.</summary>
    private static readonly string Decoy = Hasher.HashPassword(null!, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));

    public static string Hash(User user, string password)
    {
        if (password.Length < MinLength || password.Length > MaxLength)
        {
            throw new VigilException($"a password needs {MinLength} to {MaxLength} characters (a passphrase of several words is easiest to remember)");
        }
        if (password.Contains(user.Name, StringComparison.OrdinalIgnoreCase))
        {
            throw new VigilException("a password must not contain the user's name");
        }
        return Hasher.HashPassword(user, password);
    }

    /// <summary>Whether the password is the user's; <paramref name="rehashed"/> is a stronger hash to store, when the stored one is dated.</summary>
    public static bool Verify(User? user, string password, out string? rehashed)
    {
        rehashed = null;
        if (user?.PasswordHash is not { } stored || password.Length > MaxLength)
        {
            Hasher.VerifyHashedPassword(null!, Decoy, password.Length > MaxLength ? "" : password);
            return false;
        }
        var result = Hasher.VerifyHashedPassword(user, stored, password);
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            rehashed = Hasher.HashPassword(user, password);
        }
        return result != PasswordVerificationResult.Failed;
    }
}
