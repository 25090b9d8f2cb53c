using System.Collections.Concurrent;
using Vigil.History;

namespace Vigil.Storage;

/// <summary>
/// The findings of recorded scans, kept in memory across requests. A recorded scan never changes (scans are
/// appended, never edited), so an entry can never be stale, whichever server process recorded it. Bounded by the
/// number of findings held: beyond it, the scans cached first are dropped first.
/// </summary>
public sealed class ScanFindingsCache(int maxFindings = ScanFindingsCache.DefaultMaxFindings)
{
    /// <summary>About 150 MB of findings: 50 products of 3,000 findings, several times over.</summary>
    public const int DefaultMaxFindings = 500_000;

    private readonly ConcurrentDictionary<string, IReadOnlyList<ScanFindingRecord>> byScan = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> order = new();
    private int held;

    public bool TryGet(string scanId, out IReadOnlyList<ScanFindingRecord> findings) => byScan.TryGetValue(scanId, out findings!);

    public void Add(string scanId, IReadOnlyList<ScanFindingRecord> findings)
    {
        if (findings.Count > maxFindings || !byScan.TryAdd(scanId, findings))
        {
            return;
        }
        order.Enqueue(scanId);
        Interlocked.Add(ref held, findings.Count);
        while (Volatile.Read(ref held) > maxFindings && order.TryDequeue(out var oldest))
        {
            if (byScan.TryRemove(oldest, out var dropped))
            {
                Interlocked.Add(ref held, -dropped.Count);
            }
        }
    }
}
