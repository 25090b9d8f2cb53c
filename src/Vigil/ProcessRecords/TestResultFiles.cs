using System.Text.Json;
using System.Xml;
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

    /// <summary>Deeper than any JUnit file nests (testsuites, testsuite, testcase, failure).</summary>
    private const int MaxXmlDepth = 32;

    /// <summary>
    /// Reads the suites' counts as a stream: nothing is built, nesting is bounded (a tree of 100,000 nested elements
    /// took time quadratic in its depth), DTDs and external entities are refused.
    /// </summary>
    private static ResultSummary JUnit(string text, string display)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreWhitespace = true };
        var (tests, failures, errors, skipped) = (0L, 0L, 0L, 0L);
        using var reader = XmlReader.Create(new StringReader(text), settings);
        var info = (IXmlLineInfo)reader;
        try
        {
            string? root = null;
            while (reader.Read())
            {
                if (reader.Depth > MaxXmlDepth)
                {
                    throw new VigilException($"{display}:{info.LineNumber}: nested more than {MaxXmlDepth} levels deep; not JUnit XML");
                }
                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }
                if (root is null)
                {
                    root = reader.LocalName is "testsuites" or "testsuite"
                        ? reader.LocalName
                        : throw new VigilException($"{display}:{info.LineNumber}: expected a JUnit <testsuites> or <testsuite> root element");
                }
                if ((reader.Depth == 0 && root == "testsuite") || (reader.Depth == 1 && root == "testsuites" && reader.LocalName == "testsuite"))
                {
                    long Count(string attribute) => long.TryParse(reader.GetAttribute(attribute), out var n) && n > 0 ? Math.Min(n, int.MaxValue) : 0;
                    (tests, failures, errors, skipped) = (tests + Count("tests"), failures + Count("failures"), errors + Count("errors"), skipped + Count("skipped"));
                }
            }
            if (root is null)
            {
                throw new VigilException($"{display}:1: expected a JUnit <testsuites> or <testsuite> root element");
            }
        }
        catch (XmlException e)
        {
            // A refused DTD is reported without a position; the reader knows where it stands.
            throw new VigilException($"{display}:{(e.LineNumber > 0 ? e.LineNumber : Math.Max(1, info.LineNumber))}: not JUnit XML (not well-formed, or it has a DTD)", e);
        }
        return new ResultSummary(failures + errors > 0 || tests == 0 ? "fail" : "pass",
            $"JUnit: {tests} tests, {failures} failures, {errors} errors, {skipped} skipped");
    }

    /// <summary>SARIF 2.1: runs[] of objects, each with results[] of objects whose level, when given, is a string.</summary>
    private static ResultSummary Sarif(string text, string display)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 128 });
        }
        catch (JsonException e)
        {
            throw new VigilException($"{display}:{e.LineNumber + 1}: neither JUnit XML nor SARIF JSON (the JSON is not well-formed)", e);
        }
        using (document)
        {
            VigilException NotSarif(string expected) => new($"{display}:1: expected a SARIF document: {expected}");
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("runs", out var runs) || runs.ValueKind != JsonValueKind.Array)
            {
                throw NotSarif("an object with \"runs\", a list");
            }
            var levels = new List<string>();
            foreach (var run in runs.EnumerateArray())
            {
                if (run.ValueKind != JsonValueKind.Object)
                {
                    throw NotSarif("each of \"runs\" an object");
                }
                if (!run.TryGetProperty("results", out var results))
                {
                    continue;
                }
                if (results.ValueKind != JsonValueKind.Array)
                {
                    throw NotSarif("\"results\" a list");
                }
                foreach (var result in results.EnumerateArray())
                {
                    if (result.ValueKind != JsonValueKind.Object)
                    {
                        throw NotSarif("each result an object");
                    }
                    levels.Add(!result.TryGetProperty("level", out var level) ? "warning"
                        : level.ValueKind == JsonValueKind.String ? level.GetString()! : throw NotSarif("a result's \"level\" a string"));
                }
            }
            var errors = levels.Count(l => l == "error");
            return new ResultSummary(errors > 0 ? "fail" : "pass", $"SARIF: {levels.Count} results, {errors} errors, {levels.Count(l => l == "warning")} warnings");
        }
    }
}
