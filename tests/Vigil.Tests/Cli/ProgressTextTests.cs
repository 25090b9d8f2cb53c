using Vigil.Cli;
using Vigil.Common;

namespace Vigil.Tests.Cli;

/// <summary>Progress says what it counts: bytes as MiB, records and files as counts (a file count once showed as KiB).</summary>
public sealed class ProgressTextTests
{
    [Fact]
    public void Bytes_are_shown_in_mebibytes()
    {
        Assert.Equal("12.0/95.0 MiB", RunContext.Amount(ProgressUnit.Bytes, 12 << 20, 95 << 20));
        Assert.Equal("41.5 MiB/s", RunContext.Rate(ProgressUnit.Bytes, 41.5 * (1 << 20)));
    }

    [Fact]
    public void Records_are_shown_as_counts_not_sizes()
    {
        Assert.Equal("2,000/14,626", RunContext.Amount(ProgressUnit.Items, 2000, 14626));
        Assert.Equal("3,100/s", RunContext.Rate(ProgressUnit.Items, 3100));
    }

    [Fact]
    public void The_kernel_import_reports_its_records_as_items()
    {
        var reports = new List<(string Stage, ProgressUnit Unit)>();
        var tree = Path.Combine(Directory.CreateTempSubdirectory("vigil-test-").FullName, "vulns");
        try
        {
            // 2,000 files make the import report once: copies of one real record under new ids.
            var record = File.ReadAllText(Path.Combine(Support.KernelFixture.Root, "cve/published/2024/CVE-2024-26581.json"));
            Directory.CreateDirectory(Path.Combine(tree, "cve/published/2024"));
            for (var i = 0; i < 2000; i++)
            {
                var id = $"CVE-2024-{90000 + i}";
                File.WriteAllText(Path.Combine(tree, "cve/published/2024", id + ".json"), record.Replace("CVE-2024-26581", id, StringComparison.Ordinal));
            }
            var downloader = Vigil.Tests.Support.Downloaders.New();
            var service = new Vigil.Feeds.Kernel.KernelFeedService(new DataDirectory(Path.Combine(tree, "..", "data")), downloader, TimeProvider.System);

            service.ImportPath(tree, new Recorder(reports));

            Assert.Contains(reports, r => r.Stage == "Importing kernel CVE records" && r.Unit == ProgressUnit.Items);
            Assert.DoesNotContain(reports, r => r.Stage == "Importing kernel CVE records" && r.Unit == ProgressUnit.Bytes);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(tree)!, recursive: true);
        }
    }

    private sealed class Recorder(List<(string Stage, ProgressUnit Unit)> reports) : IWorkProgress
    {
        public void Report(string stage, long done, long? total, ProgressUnit unit) => reports.Add((stage, unit));
    }
}
