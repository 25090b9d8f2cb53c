using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Vigil.Common;

namespace Vigil.Server;

/// <summary>
/// Errors as RFC 9457 problem details: the library's kind becomes the status, its stable code and sentence go in
/// the body; anything unexpected is a 500 that says nothing of its inside (no exception text, no stack trace).
/// </summary>
public sealed class Problems(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public static int StatusOf(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidInput => StatusCodes.Status400BadRequest,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.IntegrityFailure => StatusCodes.Status422UnprocessableEntity,
        _ => StatusCodes.Status503ServiceUnavailable,
    };

    public static string TitleOf(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidInput => "Invalid input",
        ErrorKind.NotFound => "Not found",
        ErrorKind.Conflict => "Conflict",
        ErrorKind.IntegrityFailure => "Integrity failure",
        ErrorKind.MissingData => "Missing data",
        _ => "Unavailable",
    };

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var context = httpContext;
        if (exception is VigilException error)
        {
            await Write(context, StatusOf(error.Kind), TitleOf(error.Kind), error.Code, error.Message, problemDetails);
            return true;
        }
        if (exception is BadHttpRequestException bad)
        {
            await Write(context, bad.StatusCode, "Bad request", "request.invalid", "the request could not be read (its body is malformed or too large)", problemDetails);
            return true;
        }
        if (context.RequestAborted.IsCancellationRequested)
        {
            return true;
        }
        await Write(context, StatusCodes.Status500InternalServerError, "Internal error", "internal", "an unexpected error; it was logged on the server", problemDetails);
        return true;
    }

    public static Task Write(HttpContext context, int status, string title, string code, string detail) =>
        Write(context, status, title, code, detail, context.RequestServices.GetService(typeof(IProblemDetailsService)) as IProblemDetailsService);

    private static async Task Write(HttpContext context, int status, string title, string code, string detail, IProblemDetailsService? service)
    {
        context.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail, Instance = context.Request.Path };
        problem.Extensions["code"] = code;
        if (service is null || !await service.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }))
        {
            await context.Response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json");
        }
    }
}
