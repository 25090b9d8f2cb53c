using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vigil.Contracts;

/// <summary>
/// Every JSON document Vigil hands out (command output today, REST bodies next) goes through this one source-generated
/// context: camelCase names, indented, nulls written (scripts see every field), non-ASCII text left readable. Each
/// document's shape is committed as a JSON Schema under docs/schemas/ and checked against real output in the tests.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ScanReport))]
[JsonSerializable(typeof(FeedsStatus))]
[JsonSerializable(typeof(KernelScanReport))]
[JsonSerializable(typeof(DiffReport))]
[JsonSerializable(typeof(ProductView))]
[JsonSerializable(typeof(IReadOnlyList<TriageListEntry>))]
[JsonSerializable(typeof(TriageCheckReport))]
[JsonSerializable(typeof(KernelFixedInReport))]
[JsonSerializable(typeof(ProcessCheckReport))]
[JsonSerializable(typeof(ReleaseVerifyReport))]
[JsonSerializable(typeof(IReadOnlyList<TriageHistoryEntry>))]
[JsonSerializable(typeof(VexImportView))]
[JsonSerializable(typeof(CraStatusReport))]
[JsonSerializable(typeof(CraDraftView))]
[JsonSerializable(typeof(IReadOnlyList<ProductListEntry>))]
[JsonSerializable(typeof(IReadOnlyList<AuditEntryView>))]
[JsonSerializable(typeof(FindingsPageView))]
public sealed partial class ContractJson : JsonSerializerContext
{
    /// <summary>The context with the encoder reports want: files for people and scripts, not HTML.</summary>
    public static ContractJson Reports { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}

/// <summary>The VEX statement that took a finding off a scan's open list (--vex at scan time).</summary>
public sealed record VexInfo(string State, string? Justification, string Detail, string Source)
{
    public static VexInfo? Of(Triage.VexStatement? statement) =>
        statement is null ? null : new(statement.State, statement.Justification, statement.Detail, statement.Source);
}

/// <summary>Who wrote a document.</summary>
public sealed record ToolInfo(string Name, string Version)
{
    public static ToolInfo Vigil(string version) => new("vigil", version);
}
