using System.Collections.Concurrent;
using System.Net;

namespace Vigil.Server.Security;

/// <summary>
/// Failed token checks per client address in fixed one-minute windows: beyond the limit, the address is refused
/// (429) until its window ends, without looking the token up, so guessing costs time and a flood costs no database
/// work. Bounded: addresses whose window has ended are forgotten when many are held.
/// </summary>
public sealed class FailedAuthentications(TimeProvider clock)
{
    public const int Limit = 20;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private const int MaxAddresses = 10_000;

    private readonly ConcurrentDictionary<IPAddress, (DateTimeOffset Start, int Failures)> byAddress = new();

    /// <summary>How long the address must wait before trying again, or null when it may try now.</summary>
    public TimeSpan? RetryAfter(IPAddress? address)
    {
        if (address is null || !byAddress.TryGetValue(address, out var entry))
        {
            return null;
        }
        var left = entry.Start + Window - clock.GetUtcNow();
        return entry.Failures >= Limit && left > TimeSpan.Zero ? left : null;
    }

    public void Record(IPAddress? address)
    {
        if (address is null)
        {
            return;
        }
        var now = clock.GetUtcNow();
        if (byAddress.Count > MaxAddresses)
        {
            foreach (var (key, value) in byAddress)
            {
                if (value.Start + Window <= now)
                {
                    byAddress.TryRemove(key, out _);
                }
            }
        }
        byAddress.AddOrUpdate(address, _ => (now, 1), (_, e) => e.Start + Window <= now ? (now, 1) : (e.Start, e.Failures + 1));
    }
}
