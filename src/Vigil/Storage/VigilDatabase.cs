using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Vigil.Common;

namespace Vigil.Storage;


/// <summary>
/// Opens the team database. It is created only when asked (the default SQLite file on
/// first use, or an explicit migration), never because a name was mistyped. Its schema is brought up to date only
/// when it is behind, found without taking any lock; SQLite's migration lock (a table row, which a killed process
/// leaves behind) is taken only under an OS file lock that dies with its holder, so a row found then is stale and
/// is cleared with a notice. Every wait is bounded. A database that cannot be written here is opened read-only:
/// reading commands work, writing ones fail in one line.
/// </summary>
public static class VigilDatabase
{
    public static readonly TimeSpan MigrationWait = TimeSpan.FromSeconds(60);

    /// <summary>Creates the database when it does not exist and brings its schema up to date; the number of migrations it then has.</summary>
    public static int Migrate(DatabaseLocation location, Action<string> notice)
    {
        using var db = Open(location, create: true, notice);
        return db.Database.GetAppliedMigrations().Count();
    }

    /// <summary>Opens a context on a database checked now: it exists (or is created when asked), is Vigil's, and its schema is current.</summary>
    public static VigilDb Open(DatabaseLocation location, bool create, Action<string> notice) =>
        location.IsPostgres ? OpenPostgres(location, create) : OpenSqlite(location, create, notice);

    private static VigilDb OpenPostgres(DatabaseLocation location, bool create)
    {
        return Prepared(location, new VigilDb(location), db =>
        {
            var creator = db.GetService<IRelationalDatabaseCreator>();
            bool exists;
            try
            {
                exists = creator.Exists();
            }
            catch (VigilException e) when (e.Code == ErrorCodes.DatabaseMissing)
            {
                // The failure translator has already named it: the database is not there.
                exists = false;
            }
            if (!exists)
            {
                if (!create)
                {
                    throw DatabaseFailures.Missing(location);
                }
                // Asked for (db migrate): the account needs CREATEDB; a name already taken meanwhile is fine.
                try
                {
                    creator.Create();
                }
                catch (Exception e) when (IsDuplicateDatabase(e))
                {
                    // Another process created it between the look and the create (42P04 duplicate_database).
                }
            }
            if (db.Database.GetPendingMigrations().Any())
            {
                // EF's own lock does not span the migrations' separate transactions, so two servers starting on a new
                // database would both apply them: a session advisory lock (gone with its session, never stale)
                // admits one, and the next finds nothing pending.
                db.Database.OpenConnection();
                try
                {
                    AwaitMigrationLock(db, location);
                    if (db.Database.GetPendingMigrations().Any())
                    {
                        db.Database.Migrate();
                    }
                }
                finally
                {
                    // Closing ends the session, and its advisory lock with it.
                    db.Database.CloseConnection();
                }
            }
        });
    }

    private static VigilDb OpenSqlite(DatabaseLocation location, bool create, Action<string> notice)
    {
        var file = location.SqliteFile;
        var directory = Path.GetDirectoryName(file)!;
        var exists = File.Exists(file);
        if (exists && InputFiles.KindOf(file, followLinks: true) is { } kind and not "regular file")
        {
            throw new VigilException($"{file} is a {kind}, not a database file");
        }
        if (exists && new FileInfo(file).Length == 0)
        {
            throw new VigilException($"{file} is empty (0 bytes), not a Vigil database: a full disk or an interrupted copy may have cut it short; restore it from a backup or remove it");
        }
        if (!exists)
        {
            if (!create)
            {
                throw DatabaseFailures.Missing(location);
            }
            try
            {
                Directory.CreateDirectory(directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new VigilException($"cannot create the database directory {directory}: it or a parent is not writable", e);
            }
        }
        var readOnly = exists && (!Unix.CanWrite(file) || !Unix.CanWrite(directory));
        return Prepared(location, new VigilDb(readOnly ? ReadOnly(location) : location, notice), db =>
        {
            db.Database.OpenConnection();
            // Readers never block the writer; a second writer waits (the connection's 30 s at most, VigilDb.Commit) instead
            // of failing. WAL is a property of the file, kept once set; foreign keys are on in every connection string.
            if (!readOnly)
            {
                db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
            }
            // 16 MB of page cache rather than SQLite's 2 MB: a recorded scan's rows and their index pages fit, so
            // inserting them does not spill pages to the log before the commit (halved the time to store a scan).
            db.Database.ExecuteSqlRaw("PRAGMA cache_size=-16384;");
            RefuseForeignDatabase(db, file);
            if (db.Database.GetPendingMigrations().Any())
            {
                if (readOnly)
                {
                    throw new VigilException($"database {location.Display} needs its schema brought up to date, but it is read-only here");
                }
                using (MigrationGate(file, notice))
                {
                    ClearStaleMigrationLock(db, notice);
                    db.Database.Migrate();
                }
            }
        });
    }

    /// <summary>Runs <paramref name="prepare"/> on a new context; on any failure the context is closed and the failure is one line.</summary>
    private static VigilDb Prepared(DatabaseLocation location, VigilDb db, Action<VigilDb> prepare)
    {
        try
        {
            prepare(db);
            return db;
        }
        catch (Exception e)
        {
            db.Dispose();
            throw e as VigilException ?? DatabaseFailures.Explain(location, e);
        }
    }

    /// <summary>
    /// A database on a read-only file or in a read-only directory: nobody can write it here, so SQLite may read it
    /// as immutable (no -wal/-shm files to create).
    /// </summary>
    private static DatabaseLocation ReadOnly(DatabaseLocation location)
    {
        var builder = new SqliteConnectionStringBuilder(location.ConnectionString)
        {
            Mode = SqliteOpenMode.ReadOnly,
            DataSource = new Uri(location.SqliteFile).AbsoluteUri + "?immutable=1",
        };
        return location with { ConnectionString = builder.ConnectionString };
    }

    /// <summary>A SQLite file with tables but no migration history is some other program's database: never add Vigil's tables to it.</summary>
    private static void RefuseForeignDatabase(VigilDb db, string file)
    {
        var tables = db.Database.SqlQueryRaw<string>("SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table'").ToList();
        if (tables.Count > 0 && !tables.Contains("__EFMigrationsHistory") && tables.Any(t => t != "__EFMigrationsLock"))
        {
            throw new VigilException($"{file} is a SQLite database of another program (it has tables but no Vigil history): give Vigil its own file");
        }
    }

    private static bool IsDuplicateDatabase(Exception e) =>
        e is Npgsql.PostgresException { SqlState: "42P04" } || (e.InnerException is { } inner && IsDuplicateDatabase(inner));

    private static void AwaitMigrationLock(VigilDb db, DatabaseLocation location)
    {
        var deadline = DateTime.UtcNow + MigrationWait;
        while (!db.Database.SqlQueryRaw<bool>("SELECT pg_try_advisory_lock(7362519) AS \"Value\"").Single())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new VigilException(ErrorKind.Unavailable, ErrorCodes.DatabaseUnavailable,
                    $"another vigil process kept updating the schema of {location.Display} for more than {MigrationWait.TotalSeconds:0} s; try again when it is done");
            }
            Thread.Sleep(200);
        }
    }

    /// <summary>An exclusive flock(2) on the database file: the kernel drops it when its holder dies, however it dies.</summary>
    private static FileStream MigrationGate(string file, Action<string> notice)
    {
        var deadline = DateTime.UtcNow + MigrationWait;
        var told = false;
        while (true)
        {
            try
            {
                return new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                if (!told)
                {
                    notice($"waiting (up to {MigrationWait.TotalSeconds:0} s) for another vigil process to finish updating the schema of {file}");
                    told = true;
                }
                Thread.Sleep(200);
            }
            catch (IOException e)
            {
                throw new VigilException($"another vigil process kept updating the schema of {file} for more than {MigrationWait.TotalSeconds:0} s; try again when it is done", e);
            }
        }
    }

    /// <summary>
    /// The team database as one process uses it: its schema is checked (and brought up to date) on the first open
    /// only; every open after that is a new context on a database known to be current.
    /// </summary>
    /// <remarks>
    /// The location is resolved on the first open, so work that never needs the database never looks for one (nor
    /// loads a provider). Only the default database is created on first use.
    /// </remarks>
    public sealed class Connector(Func<DatabaseLocation> resolve, Action<string> notice)
    {
        private readonly Lazy<DatabaseLocation> location = new(resolve);

        /// <summary>Where the first open found the database to be (read-only or not), once its schema was checked.</summary>
        private volatile DatabaseLocation? checkedLocation;

        public VigilDb Open()
        {
            // After the first open, a request's context is only a context: the file and the schema were checked then.
            if (checkedLocation is { } known)
            {
                return new VigilDb(known, notice);
            }
            var db = VigilDatabase.Open(location.Value, location.Value.IsDefault, notice);
            checkedLocation = db.Location;
            return db;
        }
    }

    private static void ClearStaleMigrationLock(VigilDb db, Action<string> notice)
    {
        var hasLockTable = db.Database.SqlQueryRaw<int>("SELECT count(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsLock'").Single() > 0;
        if (hasLockTable && db.Database.ExecuteSqlRaw("DELETE FROM \"__EFMigrationsLock\"") > 0)
        {
            notice("cleared a schema-update lock left by a vigil process that was stopped while updating the database");
        }
    }
}
