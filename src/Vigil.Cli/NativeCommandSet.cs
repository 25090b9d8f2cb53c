using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace Vigil.Cli;

/// <summary>
/// The native vigil (compiled ahead of time) runs the commands that are run most and are short: scans of a package
/// list or a kernel version against cached feeds and the two big feed imports, where the managed runtime's start and
/// its run-time compilation were most of the time. Every other command line goes, unchanged, to the managed vigil
/// installed beside it by exec (the same process, standard streams, signals and exit code), the way git hands
/// <c>git foo</c> to <c>git-foo</c>: the server, the database (EF Core's migrations cannot run compiled ahead of time)
/// and the rest stay on the runtime they are tested on. A command line runs natively only if every option on it is
/// listed here, because only those paths are compared with the managed binary's output in the tests.
/// </summary>
internal static partial class NativeCommandSet
{
    private const string Switch = "Vigil.Cli.NativeCommandSet";

    /// <summary>True in the native build only; the compiler drops the code the other commands need from it.</summary>
    [FeatureSwitchDefinition(Switch)]
    public static bool IsNative => AppContext.TryGetSwitch(Switch, out var native) && native;

    /// <summary>Where the managed vigil is installed, relative to the native one.</summary>
    public static string ManagedPath => Path.Combine(AppContext.BaseDirectory, "managed", "vigil");

    private static readonly string[] Global = ["--data-dir", "--quiet", "-q", "--no-color", "--help", "-h", "-?"];

    /// <summary>The command lines the native build runs: a command, and the options it may carry.</summary>
    internal static readonly (string[] Command, string[] Options)[] Listed =
    [
        (["--version"], []),
        (["scan"],
        [
            .. Global, "--dpkg-status", "--rootfs", "--isar-deploy", "--release", "--format", "-f", "--output", "-o",
            "--fail-on", "--only-fixed", "--hide-unimportant", "--severity", "--offline",
        ]),
        (["kernel", "scan"],
        [
            .. Global, "--version", "--package-version", "--format", "-f", "--output", "-o", "--fail-on", "--show",
            "--offline", "--cip-branch", "--compiled-files",
        ]),
        (["feeds", "import", "debian"], Global),
        (["feeds", "import", "kernel"], Global),
    ];

    /// <summary>Whether the native build runs this command line itself: its command and every option are listed.</summary>
    public static bool RunsHere(IReadOnlyList<string> args)
    {
        foreach (var (command, options) in Listed)
        {
            if (args.Count >= command.Length && args.Take(command.Length).SequenceEqual(command))
            {
                // "-" alone is a value (standard input or output); "--opt=value" and bundled short options are not
                // listed, so they go to the managed vigil, which parses them the same way.
                return args.Skip(command.Length).All(arg => !arg.StartsWith('-') || arg == "-" || options.Contains(arg));
            }
        }
        return false;
    }

    /// <summary>Replaces this process with the managed vigil on the same arguments; returns only when that fails.</summary>
    public static int HandOver(string[] args, TextWriter error)
    {
        var managed = ManagedPath;
        string?[] argv = [managed, .. args, null];
        execv(managed, argv);
        var errno = Marshal.GetLastPInvokeError();
        error.WriteLine(errno == 2
            ? $"vigil: error: this command runs in the managed part of vigil, which is missing at {managed}; install vigil again with scripts/install.sh"
            : $"vigil: error: could not start the managed part of vigil at {managed} ({Marshal.GetPInvokeErrorMessage(errno)})");
        return ExitCodes.Error;
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int execv(string path, string?[] argv);
}
