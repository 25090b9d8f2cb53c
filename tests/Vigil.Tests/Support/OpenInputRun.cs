using System.Diagnostics;
using System.Globalization;

namespace Vigil.Tests.Support;

/// <summary>A vigil process reading standard input from a writer that never closes it, stopped with SIGTERM.</summary>
public static class OpenInputRun
{
    /// <summary>Starts <paramref name="program"/>, writes <paramref name="input"/> and keeps the pipe open, then sends SIGTERM; bounded at 30 s.</summary>
    public static (int ExitCode, string Error) Terminate(string program, IEnumerable<string> args, string input)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(input);
        process.StandardInput.Flush();
        // SIGTERM before vigil handles it would kill the process outright: wait until one of its threads reads the pipe.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!ReadsAPipe(process.Id))
        {
            Assert.True(DateTime.UtcNow < deadline, "vigil never read standard input");
            Thread.Sleep(20);
        }
        Assert.Equal(0, Tool.Run("/", "kill", "-TERM", process.Id.ToString(CultureInfo.InvariantCulture)).ExitCode);
        if (!process.WaitForExit(30_000))
        {
            process.Kill();
            Assert.Fail("vigil did not stop on SIGTERM while reading standard input");
        }
        return (process.ExitCode, error.Result);
    }

    /// <summary>Whether a thread of the process waits in the kernel's pipe read (pipe_read, or anon_pipe_read in newer kernels).</summary>
    private static bool ReadsAPipe(int pid) =>
        Directory.EnumerateDirectories($"/proc/{pid}/task").Any(task => File.ReadAllText(Path.Combine(task, "wchan")).Contains("pipe_read", StringComparison.Ordinal));
}
