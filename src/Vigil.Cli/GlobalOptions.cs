using System.CommandLine;
using Spectre.Console;
using Spectre.Console.Rendering;
using Vigil.Common;
using Vigil.Application;

namespace Vigil.Cli;

/// <summary>Options every command takes (--data-dir, --quiet), and what they resolve to for one run.</summary>
public sealed class GlobalOptions
{
    public Option<string?> DataDir { get; } = new("--data-dir")
    {
        Description = "Where feeds and state are kept [default: $VIGIL_DATA_DIR, else $XDG_DATA_HOME/vigil, else ~/.local/share/vigil]",
        HelpName = "DIR",
        Recursive = true,
    };

    public Option<string?> Database { get; } = new("--database")
    {
        Description = "The team database for products and scan history: a PostgreSQL connection string or postgres:// URL, or a SQLite file "
            + "[default: $VIGIL_DATABASE, else vigil.db in the data directory]. No password here: use VIGIL_DATABASE, PGPASSWORD or ~/.pgpass",
        HelpName = "CONNECTION",
        Recursive = true,
    };

    public Option<bool> Quiet { get; } = new("--quiet", "-q")
    {
        Description = "Print only results and errors: no progress, notices or warnings",
        Recursive = true,
    };

    public Option<bool> NoColor { get; } = new("--no-color")
    {
        Description = "No colour in any output (also when NO_COLOR is set or TERM=dumb)",
        Recursive = true,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(DataDir);
        command.Options.Add(Database);
        command.Options.Add(Quiet);
        command.Options.Add(NoColor);
    }

    public RunContext Resolve(ParseResult parse, CliEnvironment environment)
    {
        var dataDirectory = DataDirectory.Resolve(parse.GetValue(DataDir), environment.Variable);
        var fromCommandLine = parse.GetValue(Database);
        var database = new Lazy<Storage.DatabaseLocation>(() =>
        {
            var location = Storage.DatabaseLocation.Resolve(fromCommandLine ?? environment.Variable("VIGIL_DATABASE"), dataDirectory);
            return fromCommandLine is not null && location.HasPassword
                ? throw new VigilException("--database must not carry a password: every user of this machine can read a command line; put the setting in VIGIL_DATABASE, or the password in PGPASSWORD or ~/.pgpass")
                : location;
        });
        // https://no-color.org: NO_COLOR set to anything turns colour off; so does a terminal that cannot show it.
        var colour = environment.OutputIsTerminal && !parse.GetValue(NoColor) && environment.Variable("NO_COLOR") is null && environment.Variable("TERM") != "dumb";
        return new(environment, dataDirectory, parse.GetValue(Quiet), () => database.Value, colour);
    }
}

/// <summary>
/// One command run: where to write, how chatty to be, and the use cases it calls (one <see cref="VigilWork"/>, made
/// by hand: a dependency-injection container would cost every command about 20 ms). It is what the use cases report
/// to while they work.
/// </summary>
public sealed class RunContext : Application.IWorkObserver, IDisposable
{
    private readonly VigilShared shared;

    public RunContext(CliEnvironment environment, DataDirectory dataDirectory, bool quiet, Func<Storage.DatabaseLocation> database, bool colour)
    {
        Environment = environment;
        DataDirectory = dataDirectory;
        Quiet = quiet;
        Colour = colour;
        // The account running the command is who the audit log names for its changes.
        var account = environment.Variable("USER") is { Length: > 0 } user ? user : System.Environment.UserName;
        Settings = new Application.VigilSettings(dataDirectory, database, environment.Variable, VersionInfo.Current, Notice, Audit.Actor.CommandLine(account));
        shared = new VigilShared(Settings, environment.Clock);
        Work = new VigilWork(shared, this);
    }

    /// <summary>Where this run's data lives and who it acts as; the server builds its own services from the same.</summary>
    public Application.VigilSettings Settings { get; }

    /// <summary>The use cases (and what they stand on) this run calls.</summary>
    public VigilWork Work { get; }

    public void Dispose()
    {
        Work.Dispose();
        shared.Dispose();
    }

    /// <summary>Whether output to the terminal may be coloured: a terminal, and neither --no-color, NO_COLOR nor TERM=dumb.</summary>
    public bool Colour { get; }

    public CliEnvironment Environment { get; }

    public DataDirectory DataDirectory { get; }

    public bool Quiet { get; }

    /// <summary>Progress bars only when a person is watching: never with --quiet or when output goes to a pipe or file.</summary>
    public bool ShowProgress => !Quiet && Environment.OutputIsTerminal;

    public void Notice(string message)
    {
        if (!Quiet)
        {
            Environment.Error.WriteLine(message);
        }
    }

    public void Warn(string message)
    {
        if (!Quiet)
        {
            Environment.Error.WriteLine($"vigil: warning: {message}");
        }
    }

    public async Task<T> WithProgressAsync<T>(Func<IWorkProgress, Task<T>> work)
    {
        if (!ShowProgress)
        {
            return await work(SilentProgress.Instance);
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Environment.Error),
            ColorSystem = Colour ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        return await console.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new AmountColumn(), new RateColumn())
            .StartAsync(context => work(new SpectreProgress(context)));
    }

    private sealed class SpectreProgress(ProgressContext context) : IWorkProgress
    {
        private readonly Dictionary<string, ProgressTask> tasks = [];

        public void Report(string stage, long done, long? total, ProgressUnit unit)
        {
            if (!tasks.TryGetValue(stage, out var task))
            {
                task = context.AddTask(stage, autoStart: true, maxValue: total ?? 1);
                task.IsIndeterminate = total is null;
                task.State.Update<ProgressUnit>(nameof(ProgressUnit), _ => unit);
                tasks[stage] = task;
            }
            if (total is { } max)
            {
                task.MaxValue = Math.Max(max, 1);
            }
            task.Value = done;
        }
    }

    /// <summary>How much is done, in the stage's own unit: "12.3/95.1 MiB" or "2,000/14,626".</summary>
    internal static string Amount(ProgressUnit unit, double done, double total) =>
        unit == ProgressUnit.Bytes ? $"{done / (1 << 20):0.0}/{total / (1 << 20):0.0} MiB" : $"{done:N0}/{total:N0}";

    /// <summary>How fast, in the stage's own unit: "41.2 MiB/s" or "3,100/s".</summary>
    internal static string Rate(ProgressUnit unit, double perSecond) =>
        unit == ProgressUnit.Bytes ? $"{perSecond / (1 << 20):0.0} MiB/s" : $"{perSecond:N0}/s";

    private sealed class AmountColumn : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) => new Text(Amount(Unit(task), task.Value, task.MaxValue));
    }

    private sealed class RateColumn : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(task.Speed is { } speed ? Rate(Unit(task), speed) : "");
    }

    private static ProgressUnit Unit(ProgressTask task) => task.State.Get<ProgressUnit>(nameof(ProgressUnit));
}
