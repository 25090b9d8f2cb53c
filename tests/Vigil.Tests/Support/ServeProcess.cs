using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Vigil.Tests.Support;

/// <summary>
/// <c>vigil serve</c> as a process of its own, on an ephemeral loopback port, with everything it writes kept for
/// the test to read; stopped with SIGTERM as systemd stops it.
/// </summary>
public sealed partial class ServeProcess : IAsyncDisposable
{
    private readonly Process process;

    private ServeProcess(Process process, Uri address, ConcurrentQueue<string> log)
    {
        this.process = process;
        Address = address;
        Log = log;
    }

    public Uri Address { get; }

    /// <summary>Every line it wrote to standard output and error.</summary>
    public ConcurrentQueue<string> Log { get; }

    public int ExitCode => process.ExitCode;

    [GeneratedRegex(@"serving on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex Serving();

    /// <summary>Runs a vigil command to its end (bounded at 60 s), for set-up: its standard output.</summary>
    public static string Run(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var process = Process.Start(StartInfo(environment, args))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
        }
        return process.ExitCode == 0 ? output.Result.Trim() : throw new InvalidOperationException($"vigil {string.Join(' ', args)}: {error.Result}");
    }

    public static async Task<ServeProcess> StartAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var process = Process.Start(StartInfo(environment, ["serve", "--listen", "127.0.0.1:0", .. args]))!;
        var log = new ConcurrentQueue<string>();
        var address = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }
            log.Enqueue(e.Data);
            if (Serving().Match(e.Data) is { Success: true } m)
            {
                address.TrySetResult(m.Groups[1].Value);
            }
        };
        process.OutputDataReceived += (_, e) => log.Enqueue(e.Data ?? "");
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        _ = process.WaitForExitAsync().ContinueWith(_ => address.TrySetException(new InvalidOperationException("vigil serve exited: " + string.Join('\n', log))), TaskScheduler.Default);
        return new ServeProcess(process, new Uri(await address.Task.WaitAsync(TimeSpan.FromSeconds(60))), log);
    }

    public HttpClient Client(string token)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Sends SIGTERM and waits (up to 30 s) for the process to end: true when it did.</summary>
    public bool Stop()
    {
        if (!process.HasExited)
        {
            Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
        }
        var stopped = process.WaitForExit(30_000);
        if (stopped)
        {
            process.WaitForExit();
        }
        return stopped;
    }

    public ValueTask DisposeAsync()
    {
        if (!Stop())
        {
            process.Kill(entireProcessTree: true);
        }
        process.Dispose();
        return ValueTask.CompletedTask;
    }

    private static ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string> environment, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(VigilProcess.Dll);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        return start;
    }
}
