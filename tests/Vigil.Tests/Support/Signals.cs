using System.Runtime.InteropServices;

namespace Vigil.Tests.Support;

/// <summary>POSIX signals sent straight from the test process (kill(2)), as a terminal or a service manager sends them.</summary>
public static partial class Signals
{
    public const int Interrupt = 2, Terminate = 15;

    /// <summary>0 on success, -1 when the process does not exist or may not be signalled.</summary>
    public static int Send(int pid, int signal) => Kill(pid, signal);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
