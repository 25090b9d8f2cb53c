using Vigil.Storage;

namespace Vigil.Application;

/// <summary>The team database itself.</summary>
public sealed class DatabaseUseCases(VigilSettings settings)
{
    /// <summary>Creates the database if needed and brings its schema up to date: what it is, and how many migrations it has.</summary>
    public Task<(string Display, int Migrations)> MigrateAsync(CancellationToken cancellation)
    {
        var location = settings.Database();
        return Task.Run(() => (location.Display, VigilDatabase.Migrate(location, settings.DatabaseNotice)), cancellation);
    }
}
