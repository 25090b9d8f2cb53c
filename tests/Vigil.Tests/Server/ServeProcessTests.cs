using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Npgsql;
using Vigil.Tests.Support;

namespace Vigil.Tests.Server;

/// <summary><c>vigil serve</c> as a process: it starts, answers, logs nothing secret even at trace level, and stops on SIGTERM.</summary>
public sealed partial class ServeProcessTests : IDisposable
{
    private readonly TempDirectory home = new();
    private readonly PostgresTestDatabase database = new();

    public void Dispose()
    {
        database.Dispose();
        home.Dispose();
    }

    [GeneratedRegex(@"serving on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex Serving();

    [Fact]
    public async Task Nothing_secret_reaches_the_logs_and_sigterm_stops_the_server()
    {
        // The database setting carries a password, as a team's VIGIL_DATABASE would (the test server trusts loopback, so any password works).
        const string password = "pw-0f3c9a-never-logged";
        var setting = new NpgsqlConnectionStringBuilder(database.Setting) { Password = password }.ConnectionString;
        string Vigil(params string[] args)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { VigilProcess.Dll }.Concat(args).Concat(["--data-dir", home.File("data")]))
            {
                start.ArgumentList.Add(a);
            }
            start.Environment["VIGIL_DATABASE"] = setting;
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return output.Trim();
        }
        Vigil("db", "migrate");
        var token = Vigil("user", "add", "alice", "--role", "admin");
        Assert.StartsWith("vgl_", token, StringComparison.Ordinal);

        var serve = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { VigilProcess.Dll, "serve", "--listen", "127.0.0.1:0", "--data-dir", home.File("data") })
        {
            serve.ArgumentList.Add(a);
        }
        serve.Environment["VIGIL_DATABASE"] = setting;
        serve.Environment["Logging__LogLevel__Default"] = "Trace";
        using var server = Process.Start(serve)!;
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var address = new TaskCompletionSource<string>();
        server.ErrorDataReceived += (_, e) =>
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
        server.OutputDataReceived += (_, e) => log.Enqueue(e.Data ?? "");
        server.BeginErrorReadLine();
        server.BeginOutputReadLine();
        try
        {
            var baseAddress = await address.Task.WaitAsync(TimeSpan.FromSeconds(30));
            using var client = new HttpClient { BaseAddress = new Uri(baseAddress) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/products/nothing")).StatusCode);
            using var bad = new HttpClient { BaseAddress = new Uri(baseAddress) };
            bad.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token[..^2] + "xx");
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await bad.GetAsync("/api/v1/me")).StatusCode);
        }
        finally
        {
            Process.Start("kill", ["-TERM", server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        }
        Assert.True(server.WaitForExit(30_000), "the server did not stop on SIGTERM");
        server.WaitForExit();

        var text = string.Join('\n', log);
        Assert.Equal(0, server.ExitCode);
        Assert.Contains("Request starting", text, StringComparison.Ordinal);
        Assert.DoesNotContain(password, text, StringComparison.Ordinal);
        Assert.DoesNotContain(token[4..], text, StringComparison.Ordinal);
        Assert.DoesNotContain(token[4..^2], text, StringComparison.Ordinal);
    }
}
