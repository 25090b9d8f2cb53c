using Vigil.Identity;

namespace Vigil.Server.Security;

/// <summary>What an endpoint needs. Every endpoint names exactly one; <see cref="Permissions"/> says which roles have it.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "The RACI's word; not a .NET code-access permission.")]
public enum Permission
{
    /// <summary>Any authenticated user: products, findings, diffs, decisions, reports, feed status.</summary>
    Read,

    /// <summary>Add products and releases.</summary>
    ManageProducts,

    /// <summary>Run scans (and record them).</summary>
    Scan,

    /// <summary>Record triage decisions and import VEX: risk acceptance (SM-9).</summary>
    Triage,

    /// <summary>Update feeds.</summary>
    ManageFeeds,

    /// <summary>Read and verify the audit log.</summary>
    ReadAudit,

    /// <summary>Users, roles and tokens.</summary>
    ManageUsers,

    /// <summary>Sign off process records as oneself: approvals, code reviews, test runs (SR-5, SI-2, SVV-5).</summary>
    SignOff,
}

/// <summary>
/// The permission table, after CIP's RACI (SM-2), in one place: the server's authorization and the permission test
/// both read it. The security manager decides and accepts risk; developers and testers record scans; the auditor
/// reads everything, the audit log included, and changes nothing.
/// </summary>
public static class Permissions
{
    private static readonly Dictionary<Permission, Role[]> Granted = new()
    {
        [Permission.Read] = [Role.Admin, Role.SecurityManager, Role.Developer, Role.Tester, Role.Reviewer, Role.Auditor],
        [Permission.ManageProducts] = [Role.Admin, Role.SecurityManager, Role.Developer],
        [Permission.Scan] = [Role.Admin, Role.SecurityManager, Role.Developer, Role.Tester],
        [Permission.Triage] = [Role.Admin, Role.SecurityManager],
        [Permission.ManageFeeds] = [Role.Admin, Role.SecurityManager],
        [Permission.ReadAudit] = [Role.Admin, Role.SecurityManager, Role.Auditor],
        [Permission.ManageUsers] = [Role.Admin],
        // Not the administrator, who makes the identities, nor the auditor, who only reads.
        [Permission.SignOff] = [Role.SecurityManager, Role.Developer, Role.Tester, Role.Reviewer],
    };

    public static IReadOnlyList<Role> RolesWith(Permission permission) => Granted[permission];

    public static bool Allows(IEnumerable<Role> roles, Permission permission) => roles.Any(Granted[permission].Contains);

    public static string PolicyName(this Permission permission) => $"vigil:{permission}";
}
