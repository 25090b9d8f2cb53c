using Vigil.History;
using Vigil.Notifications;
using Vigil.Products;
using Vigil.Reporting;
using Vigil.Triage;

namespace Vigil.Application;

/// <summary>Which products to mail about (every one when <see cref="Products"/> is null), to whom and how.</summary>
public sealed record NotifyRequest(IReadOnlyList<string>? Products, SmtpSettings Smtp, bool Digest, bool Force, TimeSpan Period, string? PolicyPath);

/// <summary>The weekly report and its mailing.</summary>
public sealed class ReportUseCases(ProductCatalog catalog, ScanHistory history, TriageService triage, TriageUseCases triageUseCases, INotificationStore notifications,
    VigilSettings settings, TimeProvider clock)
{
    public async Task<WeeklyReport> WeeklyAsync(string product, TimeSpan period, string? policyPath, CancellationToken cancellation)
    {
        var found = await catalog.FindAsync(product, cancellation);
        return await WeeklyReport.BuildAsync(history, triage, found, triageUseCases.PolicyOf(policyPath), clock.GetUtcNow(), period, cancellation);
    }

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
            reports.Add(await WeeklyReport.BuildAsync(history, triage, await catalog.FindAsync(name, cancellation), policy, now, request.Period, cancellation));
        }
        return await new WeeklyMailer(notifications, request.Smtp, clock).SendAsync(reports, request.Digest, request.Force, settings.ToolVersion, cancellation);
    }
}
