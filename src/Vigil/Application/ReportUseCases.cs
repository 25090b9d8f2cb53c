using Vigil.History;
using Vigil.Notifications;
using Vigil.Products;
using Vigil.Reporting;
using Vigil.Triage;

namespace Vigil.Application;

/// <summary>Which products to mail about (every one when <see cref="Products"/> is null), to whom and how.</summary>
public sealed record NotifyRequest(IReadOnlyList<string>? Products, SmtpSettings Smtp, bool Digest, bool Force, TimeSpan Period, string? PolicyPath);

/// <summary>The weekly report and its mailing.</summary>
public sealed class ReportUseCases(ProductCatalog catalog, ScanHistory history, TriageService triage, TriageUseCases triageUseCases, CraUseCases cra,
    INotificationStore notifications, VigilSettings settings, TimeProvider clock)
{
    public async Task<WeeklyReport> WeeklyAsync(string product, TimeSpan period, string? policyPath, CancellationToken cancellation) =>
        await BuildAsync(await catalog.FindAsync(product, cancellation), triageUseCases.PolicyOf(policyPath), clock.GetUtcNow(), period, cancellation);

    /// <summary>The report with the product's CRA cases first and, when the team server's address is configured (VIGIL_SERVER_URL), a link to the findings page.</summary>
    private async Task<WeeklyReport> BuildAsync(Product product, RiskPolicy policy, DateTimeOffset now, TimeSpan period, CancellationToken cancellation) =>
        await WeeklyReport.BuildAsync(history, triage, product, policy, now, period, cancellation) with
        {
            Cases = await cra.StatusAsync(product.Name, cancellation),
            FindingsLink = settings.Variable("VIGIL_SERVER_URL") is { } server ? $"{server.TrimEnd('/')}/products/{Uri.EscapeDataString(product.Name)}" : null,
        };

    /// <summary>Mails what changed; a state already mailed, or a period without news, is not mailed again unless forced.</summary>
    public async Task<IReadOnlyList<MailOutcome>> NotifyAsync(NotifyRequest request, CancellationToken cancellation)
    {
        SmtpSettings.ParseRecipients([request.Smtp.From]);
        var products = request.Products ?? [.. (await catalog.ListAsync(cancellation)).Select(p => p.Name)];
        var policy = triageUseCases.PolicyOf(request.PolicyPath);
        var now = clock.GetUtcNow();
        var reports = new List<WeeklyReport>();
        foreach (var name in products)
        {
            reports.Add(await BuildAsync(await catalog.FindAsync(name, cancellation), policy, now, request.Period, cancellation));
        }
        return await new WeeklyMailer(notifications, request.Smtp, clock).SendAsync(reports, request.Digest, request.Force, settings.ToolVersion, cancellation);
    }
}
