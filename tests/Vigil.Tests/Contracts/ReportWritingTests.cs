using System.Text;
using System.Text.Json;
using Vigil.Contracts;

namespace Vigil.Tests.Contracts;

public sealed class ReportWritingTests
{
    private static string Written(KernelFixedInReport report)
    {
        using var stream = new MemoryStream();
        ContractJson.Write(stream, report, ContractJson.Default.KernelFixedInReport);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public void Non_ascii_text_and_markup_characters_are_written_as_they_are()
    {
        var json = Written(new("6.1.120", [new("CVE-2024-0001", "wifi: mt76: fix <b>größe</b> & 'käse'")]));

        Assert.Contains("\"title\": \"wifi: mt76: fix <b>größe</b> & 'käse'\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_report_many_times_larger_than_a_write_block_is_written_whole_and_indented()
    {
        KernelFixedInReport.FixedCve[] many = [.. Enumerable.Range(1, 5_000).Select(i => new KernelFixedInReport.FixedCve($"CVE-2024-{i:00000}", new string('x', i % 97) + "é"))];

        var json = Written(new("6.1.120", many));
        var back = JsonDocument.Parse(json).RootElement.GetProperty("fixed");

        Assert.True(json.Length > 400_000);
        Assert.Equal(many.Select(c => (c.Cve, c.Title)), back.EnumerateArray().Select(e => (e.GetProperty("cve").GetString()!, e.GetProperty("title").GetString()!)));
        Assert.StartsWith("{\n  \"release\": \"6.1.120\",\n  \"fixed\": [\n    {\n", json, StringComparison.Ordinal);
    }
}
