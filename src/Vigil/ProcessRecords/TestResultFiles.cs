using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Vigil.Common;

namespace Vigil.ProcessRecords;

/// <summary>What a results file says: pass or fail, and a one-line summary for reports.</summary>
public sealed record ResultSummary(string Result, string Summary);

/// <summary>
/// Test and analysis results imported as evidence: JUnit XML (testsuites/testsuite with tests, failures, errors,
/// skipped) and SARIF 2.1 JSON (runs[].results[] with their levels). A test record that names one takes its result
/// from it, so the evidence and the record cannot disagree.
/// </summary>
public static class TestResultFiles
{
    public static ResultSummary Read(string path, string display)
    {
        var text = InputFiles.ReadText(path);
        return text.TrimStart().StartsWith('<') ? JUnit(text, display) : Sarif(text, display);
    }

    private static ResultSummary JUnit(string text, string display)
    {
        XDocument document;
        try
        {
            document = XDocument.Parse(text, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            throw new VigilException($"{display}:{e.LineNumber}: not JUnit XML ({e.Message.Split('\n')[0]})", e);
        }
        var suites = document.Root?.Name.LocalName switch
        {
            "testsuites" => document.Root.Elements("testsuite").ToArray(),
            "testsuite" => [document.Root],
            _ => throw new VigilException($"{display}:1: expected a JUnit <testsuites> or <testsuite> root element"),
        };
        int Count(string attribute) => suites.Sum(s => int.TryParse((string?)s.Attribute(attribute), out var n) ? n : 0);
        var (tests, failures, errors, skipped) = (Count("tests"), Count("failures"), Count("errors"), Count("skipped"));
        return new ResultSummary(failures + errors > 0 || tests == 0 ? "fail" : "pass",
            $"JUnit: {tests} tests, {failures} failures, {errors} errors, {skipped} skipped");
    }

    private static ResultSummary Sarif(string text, string display)
    {
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 128 });
            if (!document.RootElement.TryGetProperty("runs", out var runs) || runs.ValueKind != JsonValueKind.Array)
            {
                throw new VigilException($"{display}:1: expected a SARIF document with \"runs\"");
            }
            var levels = runs.EnumerateArray()
                .SelectMany(run => run.TryGetProperty("results", out var results) && results.ValueKind == JsonValueKind.Array ? results.EnumerateArray() : [])
                .Select(r => r.TryGetProperty("level", out var level) && level.ValueKind == JsonValueKind.String ? level.GetString()! : "warning")
                .ToArray();
            var errors = levels.Count(l => l == "error");
            return new ResultSummary(errors > 0 ? "fail" : "pass", $"SARIF: {levels.Length} results, {errors} errors, {levels.Count(l => l == "warning")} warnings");
        }
        catch (JsonException e)
        {
            throw new VigilException($"{display}:{e.LineNumber + 1}: neither JUnit XML nor SARIF JSON ({e.Message.Split(" LineNumber")[0]})", e);
        }
    }
}
