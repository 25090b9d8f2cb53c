using System.Diagnostics;

namespace Vigil.Tests.Support;

/// <summary>
/// Asks the real dpkg whether a &lt; b, for many pairs at once: one shell loop per worker, one
/// `dpkg --compare-versions` call per pair. dpkg is the reference Vigil's ordering must match.
/// </summary>
public static class DpkgOracle
{
    public static bool[] LessThan(IReadOnlyList<(string A, string B)> pairs, int workers = 2)
    {
        if (!File.Exists("/usr/bin/dpkg"))
        {
            throw new InvalidOperationException("dpkg is needed as the reference for Debian version ordering (run the tests on Debian)");
        }
        var results = new bool[pairs.Count];
        var chunk = (pairs.Count + workers - 1) / workers;
        Parallel.For(0, workers, w =>
        {
            var start = w * chunk;
            var end = Math.Min(pairs.Count, start + chunk);
            if (start >= end)
            {
                return;
            }
            var info = new ProcessStartInfo("/bin/sh")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add("while read -r a b; do if dpkg --compare-versions \"$a\" lt \"$b\" 2>/dev/null; then echo 1; else echo 0; fi; done");
            using var process = Process.Start(info)!;
            var writer = Task.Run(() =>
            {
                for (var i = start; i < end; i++)
                {
                    process.StandardInput.Write($"{pairs[i].A} {pairs[i].B}\n");
                }
                process.StandardInput.Close();
            });
            for (var i = start; i < end; i++)
            {
                results[i] = process.StandardOutput.ReadLine() == "1";
            }
            writer.Wait();
            process.WaitForExit();
        });
        return results;
    }
}
