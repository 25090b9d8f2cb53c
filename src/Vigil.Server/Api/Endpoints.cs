using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Vigil.Common;
using Vigil.Server.Security;

namespace Vigil.Server.Api;

/// <summary>What every endpoint shares: the permission it needs (as metadata the permission test reads), and bounded reads of uploads.</summary>
public static class Endpoints
{
    /// <summary>Requires the permission; the endpoint carries it as metadata, so nothing can be mapped without one unnoticed.</summary>
    public static RouteHandlerBuilder Requires(this RouteHandlerBuilder endpoint, Permission permission) =>
        endpoint.RequireAuthorization(permission.PolicyName()).WithMetadata(permission);

    /// <summary>An upload's bytes, bounded like any input the command line reads.</summary>
    public static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellation)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[1 << 16];
        int n;
        while ((n = await request.Body.ReadAsync(chunk, cancellation)) > 0)
        {
            buffer.Write(chunk, 0, n);
            if (buffer.Length > InputFiles.MaxTextBytes)
            {
                throw new VigilException($"the upload holds more than {InputFiles.MaxTextBytes >> 20} MiB, more than any input of this kind");
            }
        }
        return buffer.ToArray();
    }

    public static TimeSpan? Period(string? text, string what) => text is null ? null : Durations.Parse(text, what);
}
