using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Vigil.Common;

namespace Vigil.Storage;

/// <summary>Opens the team database, bringing its schema up to date first, and turns connection failures into
/// one-line errors that never show the connection string (it may hold a password).</summary>
public static class VigilDatabase
{
    public static VigilDb Open(DatabaseLocation location)
    {
        if (!location.IsPostgres)
        {
            var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(location.ConnectionString).DataSource;
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        }
        var db = new VigilDb(VigilDb.Options(location));
        try
        {
            if (!location.IsPostgres)
            {
                // Readers never block the writer, and a second writer waits instead of failing.
                db.Database.OpenConnection();
                db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;");
            }
            db.Database.Migrate();
            return db;
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException or System.Net.Sockets.SocketException)
        {
            db.Dispose();
            throw Unreachable(location, e);
        }
    }

    public static VigilException Unreachable(DatabaseLocation location, Exception e) =>
        new($"database {location.Display} cannot be used: {FirstLine(e.GetBaseException().Message)}", e);

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
