using Microsoft.AspNetCore.Authorization;

namespace Vigil.Server.Security;

/// <summary>A page's permission: the same policies as the API's, and metadata the permission test reads.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresAttribute(Permission permission) : AuthorizeAttribute(permission.PolicyName())
{
    public Permission Permission { get; } = permission;
}
