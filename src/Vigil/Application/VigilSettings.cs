using Vigil.Common;
using Vigil.Storage;

namespace Vigil.Application;

/// <summary>
/// Where one process keeps its data and reads its settings: the data directory (feeds, key files), the team
/// database (resolved on first use, so commands that need none never touch it) and the environment variables that
/// name feed servers and policies; <see cref="DatabaseNotice"/> hears about waits for the database (another writer, a schema update).
/// Changes are audited as made by <see cref="Actor"/> unless a front end says who (the server, per request).
/// </summary>
public sealed record VigilSettings(DataDirectory DataDirectory, Func<DatabaseLocation> Database, Func<string, string?> Variable, string ToolVersion, Action<string> DatabaseNotice, Audit.Actor Actor);
