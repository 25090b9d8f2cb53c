using System.CommandLine;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil db migrate</c>: creates the team database when asked and brings its schema up to date.</summary>
public static class DbCommand
{
    public static Command Build(GlobalOptions globals, CliEnvironment environment)
    {
        var db = new Command("db", "The team database (--database / VIGIL_DATABASE, else vigil.db in the data directory)");
        var migrate = new Command("migrate",
            """
            Create the database if it does not exist and bring its schema up to date. Other commands create only the
            default SQLite file on first use: a mistyped --database fails instead of silently starting an empty one.
            """);
        migrate.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var (display, migrations) = await run.Work.Database.MigrateAsync(cancellation);
            environment.Out.WriteLine($"{display}: schema up to date ({migrations} migrations applied)");
            return ExitCodes.Success;
        });
        db.Subcommands.Add(migrate);
        return db;
    }
}
