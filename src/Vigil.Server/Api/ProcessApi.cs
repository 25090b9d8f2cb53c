using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Application;
using Vigil.Common;
using Vigil.Contracts;
using Vigil.Server.Security;

namespace Vigil.Server.Api;

/// <summary>The IEC 62443-4-1 records the server was pointed at: the gap check and the assessor's report.</summary>
public static class ProcessApi
{
    public static IEndpointRouteBuilder MapProcessApi(this IEndpointRouteBuilder app)
    {
        var process = app.MapGroup("/api/v1/process").WithTags("process");

        process.MapGet("/check", async (ServerOptions options, ProcessUseCases records, CancellationToken cancellation) =>
        {
            var gaps = await records.CheckAsync(Folder(options), "records", cancellation);
            return TypedResults.Ok(new ProcessCheckReport([.. gaps.Select(g => new ProcessCheckReport.GapEntry(g.Requirement, g.Where.File, g.Where.Line, g.Problem))]));
        }).Requires(Permission.Read);

        process.MapGet("/report", async (string release, string? product, string? format, ServerOptions options, ProcessUseCases records, CancellationToken cancellation) =>
        {
            var report = await records.ReportAsync(Folder(options), "records", release, product, cancellation);
            return format == "html"
                ? Results.Content(report.ToHtml(), "text/html; charset=utf-8")
                : Results.Content(report.ToMarkdown(), "text/markdown; charset=utf-8");
        }).Requires(Permission.Read);

        return app;
    }

    private static string Folder(ServerOptions options) => options.ProcessRecords
        ?? throw new VigilException(ErrorKind.NotFound, ErrorCodes.ProcessRecordsUnset, "this server was started without a process records folder");
}
