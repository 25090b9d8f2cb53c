using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Application;
using Vigil.Contracts;
using Vigil.Server.Security;
using Vigil.Triage;

namespace Vigil.Server.Api;

/// <summary>Triage decisions (the author is who is authenticated), their history, the process check, VEX out and in.</summary>
public static class TriageApi
{
    public static IEndpointRouteBuilder MapTriageApi(this IEndpointRouteBuilder app)
    {
        var products = app.MapGroup("/api/v1/products/{name}").WithTags("triage");

        products.MapPost("/triage", async (string name, DecisionBody body, ClaimsPrincipal user, TriageUseCases triage, CancellationToken cancellation) =>
        {
            var stored = await triage.DecideAsync(name, new TriageService.Decision(body.Cve, body.Component, body.State, body.Justification, body.Response,
                body.Detail, body.Threat, user.Name(), body.Expires, "server"), cancellation);
            return TypedResults.Created($"/api/v1/products/{Uri.EscapeDataString(name)}/triage?cve={Uri.EscapeDataString(stored.VulnerabilityId)}", TriageHistoryEntry.Of([stored])[0]);
        }).Requires(Permission.Triage);

        products.MapGet("/triage", async (string name, string? cve, TriageUseCases triage, CancellationToken cancellation) =>
            TypedResults.Ok(TriageHistoryEntry.Of(await triage.HistoryAsync(name, cve, cancellation)))).Requires(Permission.Read);

        products.MapGet("/triage/check", async (string name, TriageUseCases triage, CancellationToken cancellation) =>
            TypedResults.Ok(TriageCheckReport.Of(await triage.CheckAsync(name, null, cancellation)))).Requires(Permission.Read);

        products.MapGet("/vex", async (string name, string? format, ClaimsPrincipal user, TriageUseCases triage, CancellationToken cancellation) =>
        {
            var document = await triage.ExportVexAsync(new VexExportRequest(name, format == "cyclonedx" ? VexFormat.CycloneDx : VexFormat.OpenVex, user.Name()), cancellation);
            using var buffer = new MemoryStream();
            document.WriteTo(buffer);
            return Results.Bytes(buffer.ToArray(), document.Format == VexFormat.CycloneDx ? "application/vnd.cyclonedx+json" : "application/json");
        }).Requires(Permission.Read);

        products.MapPost("/vex", async (string name, HttpRequest request, TriageUseCases triage, CancellationToken cancellation) =>
        {
            var outcome = await triage.ImportVexAsync(new VexImportRequest(name, "the uploaded VEX document", Content: await Endpoints.ReadBodyAsync(request, cancellation)), cancellation);
            return TypedResults.Ok(VexImportView.Of(outcome.Stored, outcome.Unmatched));
        }).Requires(Permission.Triage);

        return app;
    }
}
