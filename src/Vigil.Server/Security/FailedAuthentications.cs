using System.Collections.Concurrent;
using System.Net;

namespace Vigil.Server.Security;

/// <summary>
/// Failed token checks and logins per client address (and logins per account name) in fixed one-minute windows:
/// beyond the limit, the address or name is refused (429) until its window ends, without looking anything up, so
/// guessing costs time and a flood costs no database work. Bounded: keys whose window has ended are forgotten when
/// many are held.
/// </summary>
public sealed class FailedAuthentications(TimeProvider clock)
{
    public const int Limit = 20;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private const int MaxKeys = 10_000;

    private readonly ConcurrentDictionary<string, (DateTimeOffset Start, int Failures)> byKey = new();

    public static string KeyOf(IPAddress? address) => "address " + (address?.ToString() ?? "unknown");

    public static string KeyOfAccount(string name) => "account " + name;

    /// <summary>How long the address must wait before trying again, or null when it may try now.</summary>
    public TimeSpan? RetryAfter(IPAddress? address) => RetryAfter(KeyOf(address));

    /// <summary>How long the key (an address or an account) must wait before trying again, or null when it may try now.</summary>
    public TimeSpan? RetryAfter(string key)
    {
        if (!byKey.TryGetValue(key, out var entry))
        {
            return null;
        }
        var left = entry.Start + Window - clock.GetUtcNow();
        return entry.Failures >= Limit && left > TimeSpan.Zero ? left : null;
    }

    public void Record(IPAddress? address) => Record(KeyOf(address));

    public void Record(string key)
    {
        var now = clock.GetUtcNow();
        if (byKey.Count > MaxKeys)
        {
            foreach (var (held, value) in byKey)
            {
                if (value.Start + Window <= now)
                {
                    byKey.TryRemove(held, out _);
                }
            }
        }
        byKey.AddOrUpdate(key, _ => (now, 1), (_, e) => e.Start + Window <= now ? (now, 1) : (e.Start, e.Failures + 1));
    }
}
