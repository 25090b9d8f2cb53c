using System.Collections.Concurrent;
using Npgsql;

namespace Vigil.Storage;

/// <summary>
/// What this process knows of the database's changes, so reads that did not change can be answered from memory.
/// Every write names the parts it changes (<see cref="ChangeScopes"/>); on PostgreSQL it announces them with NOTIFY in
/// its own transaction, so every server listening hears of each committed change, whoever made it (another server, the
/// command line). Only while this process is listening can anything be trusted to be current: before the first LISTEN,
/// after a lost connection, on SQLite and in a command-line run, <see cref="Stamp"/> answers null and nothing is cached.
/// </summary>
public sealed class DatabaseChanges
{
    public const string Channel = "vigil_changes";

    private readonly ConcurrentDictionary<string, long> counters = new(StringComparer.Ordinal);
    private long epoch;
    private volatile bool listening;

    /// <summary>This process hears every change now (and so keeps reads in memory).</summary>
    public bool IsListening => listening;

    /// <summary>The state of this part now, to be taken before reading it; null when changes cannot be followed.</summary>
    public ChangeStamp? Stamp(string scope) =>
        listening ? new ChangeStamp(Interlocked.Read(ref epoch), scope, counters.GetValueOrDefault(scope)) : null;

    /// <summary>Nothing in the stamp's part changed since it was taken, and this process heard every change since.</summary>
    public bool IsCurrent(ChangeStamp stamp) =>
        listening && stamp.Epoch == Interlocked.Read(ref epoch) && counters.GetValueOrDefault(stamp.Scope) == stamp.Counter;

    /// <summary>A change committed: by this process (at once, before any NOTIFY comes back) or announced by another.</summary>
    public void Changed(string scope)
    {
        if (scope == ChangeScopes.Everything)
        {
            Interlocked.Increment(ref epoch);
        }
        else
        {
            counters.AddOrUpdate(scope, 1, (_, n) => n + 1);
        }
    }

    /// <summary>
    /// Follows the announcements on a connection of its own until cancelled, reconnecting after a second when the
    /// connection is lost; while it is down nothing counts as current, and every stamp taken before is void after.
    /// </summary>
    public async Task ListenAsync(string connectionString, Action<string> lost, CancellationToken cancellation)
    {
        // TCP keepalives find a connection that died without a word (within a minute: 10 s idle, then 9 probes 5 s
        // apart); the listener is not a pooled, shared connection.
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            TcpKeepAlive = true, TcpKeepAliveTime = 10, TcpKeepAliveInterval = 5, Pooling = false, Enlist = false,
        };
        while (!cancellation.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(builder.ConnectionString);
                connection.Notification += (_, e) => Announced(e.Payload);
                await connection.OpenAsync(cancellation);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(cancellation);
                }
                Interlocked.Increment(ref epoch);
                listening = true;
                while (true)
                {
                    await connection.WaitAsync(cancellation);
                }
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or IOException or TimeoutException or InvalidOperationException)
            {
                lost(e is PostgresException p ? p.MessageText : e.GetType().Name);
            }
            finally
            {
                listening = false;
                Interlocked.Increment(ref epoch);
            }
            await Task.Delay(TimeSpan.FromSeconds(1), cancellation).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private void Announced(string payload)
    {
        foreach (var scope in payload.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            Changed(scope);
        }
    }
}

/// <summary>A part of the database as it stood when a read began.</summary>
public sealed record ChangeStamp(long Epoch, string Scope, long Counter);

/// <summary>The parts of the database a write can name as changed, so that only reads of those parts are redone.</summary>
public static class ChangeScopes
{
    /// <summary>Anything: what a write changes when it names nothing narrower.</summary>
    public const string Everything = "*";

    /// <summary>Users, their roles, tokens, passwords and sessions.</summary>
    public const string Identities = "identities";

    /// <summary>Notifications sent, process sign-offs, CRA reporting cases, manifest checks: records no read is kept from.</summary>
    public const string Records = "records";

    /// <summary>A product and its releases.</summary>
    public static string Product(string productId) => "product:" + productId;

    /// <summary>The scans of a product's releases.</summary>
    public static string Scans(string productId) => "scans:" + productId;

    /// <summary>A product's triage decisions.</summary>
    public static string Decisions(string productId) => "decisions:" + productId;
}
