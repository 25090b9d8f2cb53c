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

    private static string WithoutTime(string json)
    {
        var document = JsonNode.Parse(json)!.AsObject();
        document.Remove("scannedAt");
        return document.ToJsonString();
    }
}
