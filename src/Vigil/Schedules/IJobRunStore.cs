namespace Vigil.Schedules;

/// <summary>The claims and outcomes of scheduled runs (Storage/ implements it on the team database).</summary>
public interface IJobRunStore
{
    /// <summary>
    /// Claims the run of <paramref name="job"/> for <paramref name="period"/> for <paramref name="node"/>: true when
    /// no server has claimed it, when the last attempt failed, or when a running claim is older than
    /// <paramref name="lease"/> (its server died); false when another holds it or it succeeded. Atomic across servers.
    /// </summary>
    Task<bool> TryClaimAsync(ScheduledJob job, string period, string node, DateTimeOffset now, TimeSpan lease, CancellationToken cancellation);

    /// <summary>Records how the claimed run ended.</summary>
    Task FinishAsync(ScheduledJob job, string period, JobRunState state, string message, DateTimeOffset at, CancellationToken cancellation);

    /// <summary>The latest runs, newest first.</summary>
    Task<IReadOnlyList<JobRun>> RecentRunsAsync(int limit, CancellationToken cancellation);
}
