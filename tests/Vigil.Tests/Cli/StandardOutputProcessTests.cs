using System.Text.Json.Nodes;
using Vigil.Tests.Support;

namespace Vigil.Tests.Cli;

/// <summary>Reports written by a real vigil process straight to its standard output, in blocks, not through the text writer.</summary>
public sealed class StandardOutputProcessTests : IDisposable
{
    private readonly TempDirectory home = new();

    public void Dispose() => home.Dispose();

    private (int ExitCode, string Out, string Error) Vigil(params string[] args) =>
        Tool.Run(home.Path, "timeout", ["60", "dotnet", VigilProcess.Dll, .. args, "--data-dir", home.File("data")]);

    private (int ExitCode, string Out, string Error) ScanExcerpt(params string[] args) =>
        Vigil(["scan", "--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--release", "bookworm", "--quiet", .. args]);

    [Fact]
    public void A_json_report_on_standard_output_is_the_document_written_to_a_file()
    {
        Assert.Equal(0, Vigil("feeds", "import", "debian", Fixture.Path("tracker-excerpt.json"), "--quiet").ExitCode);

        var printed = ScanExcerpt("--format", "json");
        var written = ScanExcerpt("--format", "json", "-o", home.File("scan.json"));

        Assert.Equal((0, 0), (printed.ExitCode, written.ExitCode));
        Assert.EndsWith("}\n", printed.Out, StringComparison.Ordinal);
        Assert.Equal(WithoutTime(File.ReadAllText(home.File("scan.json"))), WithoutTime(printed.Out));
    }

    [Fact]
    public void A_csv_report_on_standard_output_is_the_text_written_to_a_file()
    {
        Assert.Equal(0, Vigil("feeds", "import", "debian", Fixture.Path("tracker-excerpt.json"), "--quiet").ExitCode);

        var printed = ScanExcerpt("--format", "csv");
        var written = ScanExcerpt("--format", "csv", "-o", home.File("scan.csv"));

        Assert.Equal((0, 0), (printed.ExitCode, written.ExitCode));
        Assert.Equal(File.ReadAllText(home.File("scan.csv")), printed.Out);
        Assert.Equal(8, printed.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Output_to_dev_stdout_is_the_process_standard_output()
    {
        Assert.Equal(0, Vigil("feeds", "import", "debian", Fixture.Path("tracker-excerpt.json"), "--quiet").ExitCode);

        var printed = ScanExcerpt("--format", "json", "-o", "/dev/stdout");
        var written = ScanExcerpt("--format", "json", "-o", home.File("scan.json"));

        Assert.Equal((0, 0), (printed.ExitCode, written.ExitCode));
        Assert.Equal(WithoutTime(File.ReadAllText(home.File("scan.json"))), WithoutTime(printed.Out));
        Assert.Equal("symbolic link", global::Vigil.Common.InputFiles.KindOf("/dev/stdout"));
    }

    [Fact]
    public void Output_to_dev_stdout_appended_to_a_file_keeps_what_the_file_held()
    {
        Assert.Equal(0, Vigil("feeds", "import", "debian", Fixture.Path("tracker-excerpt.json"), "--quiet").ExitCode);
        var log = home.File("log.csv");
        File.WriteAllText(log, "earlier line\n");

        var result = Tool.Run(home.Path, "sh", "-c", "exec timeout 60 dotnet \"$0\" scan --dpkg-status \"$1\" --release bookworm --quiet --format csv -o /dev/stdout --data-dir \"$2\" >> \"$3\"",
            VigilProcess.Dll, Fixture.Path("status-bookworm-excerpt"), home.File("data"), log);

        Assert.Equal(0, result.ExitCode);
        var lines = File.ReadAllLines(log);
        Assert.Equal("earlier line", lines[0]);
        Assert.Equal(1 + 8, lines.Length);
    }

    private static string WithoutTime(string json)
    {
        var document = JsonNode.Parse(json)!.AsObject();
        document.Remove("scannedAt");
        return document.ToJsonString();
    }
}
