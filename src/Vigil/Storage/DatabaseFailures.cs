using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using Vigil.Common;

namespace Vigil.Storage;

/// <summary>
/// What a database failure means to the user, in one line that names the database (never its connection string)
/// and what to do. Translated where the failure happens (an EF Core interceptor on connections, commands and
/// transactions), so every caller, the CLI and the server alike, gets the same sentence.
/// </summary>
public static class DatabaseFailures
{
    /// <summary>The database named does not exist, and creating it was not asked for.</summary>
    public static VigilException Missing(DatabaseLocation location) =>
        new(ErrorKind.NotFound, ErrorCodes.DatabaseMissing, $"database {location.Display} does not exist");

    public static VigilException Explain(DatabaseLocation location, Exception failure) =>
        TryExplain(location, failure) ?? new VigilException(ErrorKind.Unavailable, ErrorCodes.DatabaseUnavailable, $"database {location.Display} cannot be used: {Fallback(Cause(failure))}", failure);

    private static string Fallback(Exception cause) => cause switch
    {
        PostgresException pg => pg.MessageText,
        SqliteException sqlite => sqlite.Message.Split('\n')[0].Replace("SQLite Error ", "SQLite error ", StringComparison.Ordinal),
        NpgsqlException => "the connection failed",
        ArgumentException argument => $"the setting's values do not fit together{(argument.ParamName is { } name ? $" ({name})" : "")}",
        _ => $"an unexpected {cause.GetType().Name}",
    };

    /// <summary>The sentence for a failure of the database's surroundings (file, disk, server, locks), or null for any other.</summary>
    private static VigilException? TryExplain(DatabaseLocation location, Exception failure)
    {
        var name = $"database {location.Display}";
        var cause = Cause(failure);
        if (cause is PostgresException { SqlState: "3D000" })
        {
            return Missing(location);
        }
        string? message = cause switch
        {
            SqliteException { SqliteErrorCode: 26 } => $"{location.SqliteFile} is not a SQLite database (its header is not SQLite's): point to the right file, or restore it from a backup",
            SqliteException { SqliteErrorCode: 11 } => $"{name} is damaged (SQLite finds its pages malformed): restore it from a backup; nothing was changed",
            SqliteException { SqliteErrorCode: 8 } => $"{name} is read-only here: nothing was stored",
            SqliteException { SqliteErrorCode: 5 or 6 } => $"{name} is busy: another vigil process kept it locked for more than 30 s; try again when it is done",
            SqliteException { SqliteErrorCode: 13 } => $"the disk holding {name} is full: nothing was stored",
            SqliteException { SqliteErrorCode: 14 } => $"{name} cannot be opened: check that its file and directory can be read",
            SqliteException { SqliteErrorCode: 10 } => $"{name} could not be read or written (an I/O error): check the disk",
            PostgresException { SqlState: "28P01" or "28000" } => $"{name} refused the login: check the user name and the password in the environment or ~/.pgpass",
            PostgresException { SqlState: "55P03" } => $"{name} is busy: a lock was held for more than 60 s; try again when the other writer is done",
            PostgresException { SqlState: "57014" } => $"{name} took longer than the time limit for one statement",
            PostgresException { SqlState: "25006" } => $"{name} is read-only: nothing was stored",
            PostgresException { SqlState: "53100" } => $"the disk holding {name} is full: nothing was stored",
            PostgresException { SqlState: "08000" or "08001" or "08004" or "08006" or "57P01" or "57P03" } pg => $"{name} cannot be used: {pg.MessageText}",
            System.Net.Sockets.SocketException socket => $"{name} cannot be used: {socket.Message}",
            TimeoutException => $"{name} cannot be used: it did not answer in time",
            _ => null,
        };
        // A damaged file needs a restore; anything else (locks, disk, server, network) may pass.
        var kind = cause is SqliteException { SqliteErrorCode: 11 or 26 } ? ErrorKind.IntegrityFailure : ErrorKind.Unavailable;
        return message is null ? null : new VigilException(kind, ErrorCodes.DatabaseUnavailable, message, failure);
    }

    /// <summary>The innermost exception that says what went wrong (EF Core and Npgsql wrap the real one).</summary>
    private static Exception Cause(Exception failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (e is SqliteException or PostgresException or System.Net.Sockets.SocketException or TimeoutException)
            {
                return e;
            }
        }
        return failure.GetBaseException();
    }

    public static bool IsDatabaseFailure(Exception e) => e is DbException or TimeoutException || e.InnerException is { } inner && IsDatabaseFailure(inner);

    /// <summary>Turns a failed connection, command or transaction into the one-line error.</summary>
    internal sealed class Translator(DatabaseLocation location) : IDbConnectionInterceptor, IDbCommandInterceptor, IDbTransactionInterceptor
    {
        public void ConnectionFailed(DbConnection connection, ConnectionErrorEventData eventData) => Throw(eventData.Exception);

        public Task ConnectionFailedAsync(DbConnection connection, ConnectionErrorEventData eventData, CancellationToken cancellationToken = default) => Fail(eventData.Exception);

        public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Throw(eventData.Exception);

        public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default) => Fail(eventData.Exception);

        public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Throw(eventData.Exception);

        public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default) => Fail(eventData.Exception);

        // Only failures of the surroundings: EF Core expects and handles others itself (a missing history table).
        private void Throw(Exception e)
        {
            if (e is not OperationCanceledException && TryExplain(location, e) is { } explained)
            {
                throw explained;
            }
        }

        private Task Fail(Exception e)
        {
            Throw(e);
            return Task.CompletedTask;
        }
    }
}
