using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vigil.Application;
using Vigil.Common;

namespace Vigil.Server;

/// <summary>
/// Readiness for a load balancer or systemd (GET /healthz): a starting server first builds every product's findings
/// view, the dashboard's reading, so the first person to open a findings page does not wait for it; until then it
/// answers 503. A database failure while warming up is logged and the server serves cold.
/// </summary>
public sealed partial class Readiness(IServiceScopeFactory scopes, ILogger<Readiness> log) : BackgroundService, IHealthCheck
{
    private volatile bool warm;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var overview = await scope.ServiceProvider.GetRequiredService<OverviewUseCases>().OverviewAsync(stoppingToken);
            var milliseconds = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            Warmed(log, overview.Releases.Count, milliseconds);
        }
        catch (VigilException e)
        {
            NotWarmed(log, e.Message);
        }
        finally
        {
            warm = true;
        }
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(warm ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("building the findings views"));

    [LoggerMessage(Level = LogLevel.Information, Message = "findings of {Releases} releases ready in {Milliseconds} ms")]
    private static partial void Warmed(ILogger log, int releases, long milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "findings views not built ahead (pages build them on first use): {Reason}")]
    private static partial void NotWarmed(ILogger log, string reason);
}
