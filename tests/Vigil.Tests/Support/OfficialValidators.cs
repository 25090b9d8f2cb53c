namespace Vigil.Tests.Support;

/// <summary>
/// The standards bodies' own validators, installed from npm into tests/validators by .ci/run (npm ci):
/// the CycloneDX project's JavaScript library (strict JSON schema validation), Microsoft's SARIF multitool and the
/// BSI's CSAF validator library (schema and mandatory tests).
/// </summary>
public static class OfficialValidators
{
    private static readonly string Root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../validators"));

    /// <summary>Null when @cyclonedx/cyclonedx-library accepts the document as CycloneDX <paramref name="specVersion"/>, else its errors.</summary>
    public static string? CycloneDx(string json, string specVersion = "1.6") =>
        Validate(json, "cdx.json", file => Tool.Run(Root, "node", "cyclonedx.mjs", specVersion, file), "@cyclonedx/cyclonedx-library");

    /// <summary>Null when @secvisogram/csaf-validator-lib finds the CSAF 2.0 document valid (strict schema and every mandatory test), else the failures.</summary>
    public static string? Csaf(string json) =>
        Validate(json, "csaf.json", file => Tool.Run(Root, "node", "csaf.mjs", file), "@secvisogram/csaf-validator-lib");

    /// <summary>Null when `sarif-multitool validate` finds no error in the log (warnings and notes are advice), else its report.</summary>
    public static string? Sarif(string json)
    {
        var multitool = Path.Combine(Root, "node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool");
        return Validate(json, "sarif", file =>
        {
            var report = file + ".validation.sarif";
            var run = Tool.Run(Root, multitool, "validate", file, "--output", report, "--log", "ForceOverwrite", "--level", "Error;Warning;Note", "--quiet");
            if (run.ExitCode != 0 && !File.Exists(report))
            {
                return run;
            }
            using var findings = System.Text.Json.JsonDocument.Parse(File.ReadAllText(report));
            var errors = findings.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
                .Where(r => r.TryGetProperty("level", out var level) && level.GetString() == "error")
                .Select(r => $"{r.GetProperty("ruleId").GetString()}: {r.GetProperty("message").GetRawText()}")
                .ToArray();
            return (errors.Length == 0 ? 0 : 1, string.Join("\n", errors), run.Error);
        }, "@microsoft/sarif-multitool");
    }

    private static string? Validate(string json, string extension, Func<string, (int ExitCode, string Out, string Error)> run, string package)
    {
        if (!Directory.Exists(Path.Combine(Root, "node_modules")))
        {
            throw new InvalidOperationException($"the official validators are not installed: run 'bash .ci/run', which installs them in {Root} ({package})");
        }
        var file = Path.Combine(Path.GetTempPath(), $"vigil-validate-{Guid.NewGuid():N}.{extension}");
        File.WriteAllText(file, json);
        try
        {
            var (exitCode, output, error) = run(file);
            return exitCode == 0 ? null : $"{package} rejected the document (exit {exitCode}): {output}{error}";
        }
        finally
        {
            File.Delete(file);
            File.Delete(file + ".validation.sarif");
        }
    }
}
