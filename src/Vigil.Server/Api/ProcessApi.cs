using Microsoft.AspNetCore.Builder;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Vigil.Application;
using Vigil.Common;
using Vigil.Contracts;
using Vigil.ProcessRecords;
using Vigil.Server.Security;

namespace Vigil.Server.Api;

/// <summary>The IEC 62443-4-1 records the server was pointed at: the gap check, the assessor's report, and sign-offs by authenticated people.</summary>
public static class ProcessApi
{
    public static IEndpointRouteBuilder MapProcessApi(this IEndpointRouteBuilder app)
    {
        var process = app.MapGroup("/api/v1/process").WithTags("process");

        process.MapGet("/check", async (ServerOptions options, ProcessUseCases records, CancellationToken cancellation) =>
        {
            var gaps = await records.CheckAsync(Folder(options), "records", cancellation, withSignOffs: true);
            return TypedResults.Ok(new ProcessCheckReport([.. gaps.Select(g => new ProcessCheckReport.GapEntry(g.Requirement, g.Where.File, g.Where.Line, g.Problem))]));
        }).Requires(Permission.Read);

        process.MapGet("/report", async (string release, string? product, string? format, ServerOptions options, ProcessUseCases records, CancellationToken cancellation) =>
        {
            var report = await records.ReportAsync(Folder(options), "records", release, product, cancellation, withSignOffs: true);
            return format == "html"
                ? Results.Content(report.ToHtml(), "text/html; charset=utf-8")
                : Results.Content(report.ToMarkdown(), "text/markdown; charset=utf-8");
        }).Requires(Permission.Read);

        // An evidence file is handed out as a download, never rendered: the records folder may hold HTML.
        process.MapGet("/evidence", async (string file, ServerOptions options, ProcessUseCases records, CancellationToken cancellation) =>
            TypedResults.PhysicalFile(await records.EvidenceFileAsync(Folder(options), "records", file, cancellation), "application/octet-stream", Path.GetFileName(file)))
            .Requires(Permission.Read);

        // Sign-offs as the authenticated user: the person is never a field of the body.
        process.MapPost("/requirements/{id}/approvals", async (string id, ApprovalBody body, ClaimsPrincipal user, ServerOptions options, ProcessUseCases records, CancellationToken cancellation) =>
            SignedOff(await records.SignOffAsync(Folder(options), "records", new SignOffRequest(AttestationKind.Approval, id, user.Name(), Role: body.Role), cancellation)))
            .Requires(Permission.SignOff);

        process.MapPost("/code-reviews", async (CodeReviewBody body, ClaimsPrincipal user, ServerOptions options, ProcessUseCases records, CancellationToken cancellation) =>
            SignedOff(await records.SignOffAsync(Folder(options), "records",
                new SignOffRequest(AttestationKind.CodeReview, body.Change, user.Name(), Result: body.Result, Counterpart: body.Author), cancellation)))
            .Requires(Permission.SignOff);

        process.MapPost("/tests/{id}/runs", async (string id, TestRunBody body, ClaimsPrincipal user, ServerOptions options, ProcessUseCases records, CancellationToken cancellation) =>
            SignedOff(await records.SignOffAsync(Folder(options), "records",
                new SignOffRequest(AttestationKind.TestRun, id, user.Name(), Result: body.Result, Counterpart: body.Developer), cancellation)))
            .Requires(Permission.SignOff);

        process.MapGet("/sign-offs", async (ProcessUseCases records, CancellationToken cancellation) =>
            TypedResults.Ok<IReadOnlyList<SignOffView>>([.. (await records.SignOffsAsync(cancellation)).Select(SignOffView.Of)])).Requires(Permission.Read);
        return app;
    }

    private static Created<SignOffView> SignedOff(Attestation signOff) => TypedResults.Created("/api/v1/process/sign-offs", SignOffView.Of(signOff));

    private static string Folder(ServerOptions options) => options.ProcessRecords
        ?? throw new VigilException(ErrorKind.NotFound, ErrorCodes.ProcessRecordsUnset, "this server was started without a process records folder");
}
