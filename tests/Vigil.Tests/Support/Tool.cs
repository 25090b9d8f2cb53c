using System.Diagnostics;

namespace Vigil.Tests.Support;

/// <summary>Runs a command-line tool (sha256sum, gpg, ...) as a test oracle.</summary>
public static class Tool
{
    public static (int ExitCode, string Out, string Error) Run(string workingDirectory, string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }
}
