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
    public static Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellation) =>
        InputFiles.ReadAllAsync(request.Body, "the upload", cancellation);

    /// <summary>
    /// A query word naming an enum value ("high", "rereview"), any case; numbers and unknown words are refused,
    /// naming what was expected.
    /// </summary>
    public static T? Word<T>(string? text, string what) where T : struct, Enum =>
        text is null ? null
        : !text.All(char.IsAsciiLetter) || !Enum.TryParse<T>(text, ignoreCase: true, out var value)
            ? throw new VigilException($"{what} '{text}' is not one of {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}")
            : value;

    public static TimeSpan? Period(string? text, string what) => text is null ? null : Durations.Parse(text, what);
}
