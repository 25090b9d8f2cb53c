using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vigil.Application;
using Vigil.Common;
using Vigil.Storage;

namespace Vigil.Server;

/// <summary>
/// On PostgreSQL, hears every committed change (this server's, another server's, the command line's) so the reads
/// each request makes can be kept in memory while they hold (<see cref="CachedReads"/>). On SQLite nothing is kept.
/// </summary>
public sealed partial class ChangeListener(VigilSettings settings, DatabaseChanges changes, ILogger<ChangeListener> log) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        DatabaseLocation database;
        try
        {
            database = settings.Database();
        }
        catch (VigilException)
        {
            return Task.CompletedTask; // every request says what is wrong with the setting; nothing is kept meanwhile
        }
        return database.IsPostgres ? changes.ListenAsync(database.ConnectionString, reason => Lost(log, reason), stoppingToken) : Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "lost the database's change announcements ({Reason}); reading everything from the database until they are back")]
    private static partial void Lost(ILogger log, string reason);
}
