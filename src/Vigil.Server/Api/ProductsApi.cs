using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Application;
using Vigil.Contracts;
using Vigil.Inventory;
using Vigil.Scanning;
using Vigil.Server.Security;
using Vigil.Triage;

namespace Vigil.Server.Api;

/// <summary>Products, releases, scans, findings, diffs and the weekly report.</summary>
public static class ProductsApi
{
    public static IEndpointRouteBuilder MapProductsApi(this IEndpointRouteBuilder app)
    {
        var products = app.MapGroup("/api/v1/products").WithTags("products");

        products.MapGet("/", async (ProductUseCases useCases, CancellationToken cancellation) =>
            TypedResults.Ok(ProductListEntry.Of(await useCases.ListAsync(cancellation)))).Requires(Permission.Read);

        products.MapGet("/{name}", async (string name, ProductUseCases useCases, CancellationToken cancellation) =>
        {
            var details = await useCases.ShowAsync(name, cancellation);
            return TypedResults.Ok(ProductView.Of(details.Product, r => ScanKindNames.All.SelectMany(k => details.ScansOf(r, k))));
        }).Requires(Permission.Read);

        products.MapPost("/{name}/releases", async (string name, AddReleaseBody body, ProductUseCases useCases, CancellationToken cancellation) =>
        {
            var (kind, path) = body.DpkgStatus is { } status ? (PackageInventoryKind.DpkgStatus, status)
                : body.Rootfs is { } root ? (PackageInventoryKind.Rootfs, root)
                : body.IsarDeploy is { } deploy ? (PackageInventoryKind.IsarDeploy, deploy)
                : body.Sbom is { } sbom ? (PackageInventoryKind.Sbom, sbom)
                : ((PackageInventoryKind?)null, (string?)null);
            var release = await useCases.AddReleaseAsync(new AddReleaseRequest
            {
                Product = name,
                Description = body.Description,
                Release = body.Release,
                PackagesKind = kind,
                PackagesPath = path,
                DebianRelease = body.DebianRelease,
                KernelVersion = body.KernelVersion,
                KernelPackageVersion = body.KernelPackageVersion,
            }, cancellation);
            return TypedResults.Created($"/api/v1/products/{Uri.EscapeDataString(name)}", new ProductListEntry(name, body.Description, [release.Name]));
        }).Requires(Permission.ManageProducts);

        // A Debian scan of the release's recorded inventory, or of a dpkg status file (an Isar image's *.dpkg_status) or an
        // SBOM (CycloneDX, SPDX) sent as the body; a kernel scan of its recorded kernel, or of the version given (a new kernel of the release), with
        // the kernel's compiled-files list as the body when there is one. Feeds are never fetched inside a
        // request: that is the feed update's job.
        products.MapPost("/{name}/scans", async (string name, string? kind, string? release, string? version, string? packageVersion, HttpRequest request, ScanUseCases scans, CancellationToken cancellation) =>
        {
            var scanKind = kind is null ? ScanKind.Debian : ScanKindNames.Parse(kind);
            var body = request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0 ? await Endpoints.ReadBodyAsync(request, cancellation) : null;
            if (scanKind == ScanKind.Kernel)
            {
                // A body is the kernel's compiled-files list: CVEs in code that was not built are not-built, not open.
                var kernel = await scans.ScanKernelAsync(new KernelScanRequest
                {
                    Product = name, ProductRelease = release, Version = version, PackageVersion = packageVersion, Offline = true,
                    CompiledFiles = body is { Length: > 0 } ? body : null,
                }, cancellation);
                return TypedResults.Created($"/api/v1/products/{Uri.EscapeDataString(name)}", new RecordedScanView(kernel.Recorded!.Id, name, kernel.Release!.Name, "kernel",
                    kernel.Result.Findings.Count, kernel.Result.Findings.Count(f => f.IsOpen)));
            }
            var debian = await scans.ScanDebianAsync(new DebianScanRequest
            {
                Product = name,
                ProductRelease = release,
                InventoryContent = body is { Length: > 0 } ? body : null,
                InventoryContentName = "the uploaded inventory",
                Offline = true,
            }, cancellation);
            return TypedResults.Created($"/api/v1/products/{Uri.EscapeDataString(name)}", new RecordedScanView(debian.Recorded!.Id, name, debian.Release!.Name, "debian",
                debian.Result.Findings.Count, debian.Result.Findings.Count));
        }).Requires(Permission.Scan);

        // A release manifest checked against the release keys and kept as evidence, good or not (the answer says which).
        products.MapPost("/{name}/releases/{release}/manifests", async (string name, string release, ManifestBody body, ServerOptions options, IntegrityUseCases integrity,
            CancellationToken cancellation) =>
        {
            var check = await integrity.CheckManifestAsync(new ManifestCheckRequest(name, release, System.Text.Encoding.UTF8.GetBytes(body.Manifest),
                body.Signature is null ? null : System.Text.Encoding.ASCII.GetBytes(body.Signature), options.ReleaseKeyring), cancellation);
            return TypedResults.Created($"/api/v1/products/{Uri.EscapeDataString(name)}/releases/{Uri.EscapeDataString(release)}/manifests", ManifestCheckView.Of(check));
        }).Requires(Permission.Scan);

        products.MapGet("/{name}/releases/{release}/manifests", async (string name, string release, IntegrityUseCases integrity, CancellationToken cancellation) =>
            TypedResults.Ok<IReadOnlyList<ManifestCheckView>>([.. (await integrity.ManifestChecksAsync(name, release, cancellation)).Select(ManifestCheckView.Of)]))
            .Requires(Permission.Read);

        products.MapGet("/{name}/findings", async (string name, string? status, string? risk, string? severity, string? package, string? cve, string? q,
            string? sort, int? page, int? pageSize, TriageUseCases triage, CancellationToken cancellation) =>
        {
            var result = await triage.FindingsAsync(new FindingsQuery
            {
                Product = name,
                Standing = Endpoints.Word<TriageStanding>(status, "status"),
                Risk = Endpoints.Word<RiskCategory>(risk, "risk"),
                Severity = severity,
                Component = package,
                Cve = cve,
                Text = q,
                Order = Endpoints.Word<FindingsOrder>(sort, "sort") ?? FindingsOrder.Risk,
                Page = page ?? 1,
                PageSize = pageSize ?? 50,
            }, cancellation);
            return TypedResults.Ok(FindingsPageView.Of(result.Total, result.Page, result.PageSize, result.Items));
        }).Requires(Permission.Read);

        products.MapGet("/{name}/diff", async (string name, string? release, string? kind, string? from, string? to, string? since, HistoryUseCases history, CancellationToken cancellation) =>
            TypedResults.Ok(DiffReport.Of((await history.DiffAsync(new DiffRequest
            {
                Product = name,
                Release = release,
                Kind = kind is null ? null : ScanKindNames.Parse(kind),
                FromScan = from,
                ToScan = to,
                Since = Endpoints.Period(since, "since"),
            }, cancellation)).Diff))).Requires(Permission.Read);

        products.MapGet("/{name}/reports/weekly", async (string name, string? since, string? format, ReportUseCases reports, VigilSettings settings, CancellationToken cancellation) =>
        {
            var report = await reports.WeeklyAsync(name, Endpoints.Period(since, "since") ?? TimeSpan.FromDays(7), null, cancellation);
            return format switch
            {
                "html" => Results.Content(report.ToHtml(), "text/html; charset=utf-8"),
                "markdown" => Results.Content(report.ToMarkdown(), "text/markdown; charset=utf-8"),
                _ => Results.Content(report.ToText(settings.ToolVersion), "text/plain; charset=utf-8"),
            };
        }).Requires(Permission.Read);

        return app;
    }
}
