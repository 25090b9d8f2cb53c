using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Vigil.Contracts;

/// <summary>
/// Every JSON document Vigil hands out (command output today, REST bodies next) goes through this one source-generated
/// context: camelCase names, indented, nulls written (scripts see every field), non-ASCII text left readable. Each
/// document's shape is committed as a JSON Schema under docs/schemas/ and checked against real output in the tests.
/// The two scan reports, the large documents, are generated for writing only: their property metadata would cost a
/// scan methods compiled at run time (164 of the 649 a 2,500-package JSON scan compiled) and serve nobody.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ScanReport), GenerationMode = JsonSourceGenerationMode.Serialization)]
[JsonSerializable(typeof(FeedsStatus))]
[JsonSerializable(typeof(KernelScanReport), GenerationMode = JsonSourceGenerationMode.Serialization)]
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
    /// <summary>
    /// Writes a document for people and scripts, not HTML: indented, non-ASCII text left readable. The encoder is the
    /// writer's, not the options': the generated serialization code runs only with the options it was generated for,
    /// and otherwise general converters fall back on the property metadata (twice the time for a 9 MB kernel report).
    /// </summary>
    public static void Write<T>(Stream stream, T document, JsonTypeInfo<T> type)
    {
        using var writer = new Utf8JsonWriter(new BlockWriter(stream), Common.ReadableJsonEncoder.Indented);
        JsonSerializer.Serialize(writer, document, type);
    }

    /// <summary>
    /// Lends the JSON writer one block and passes each filled block on to the stream: a writer on a stream of its own
    /// holds the whole document (18 MB of buffers, and two full collections, for a 9 MB kernel report).
    /// </summary>
    private sealed class BlockWriter(Stream stream) : IBufferWriter<byte>
    {
        private byte[] block = new byte[64 * 1024];

        public void Advance(int count) => stream.Write(block, 0, count);

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            if (sizeHint > block.Length)
            {
                block = new byte[sizeHint];
            }
            return block;
        }

        public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
    }
}

/// <summary>The VEX statement that took a finding off a scan's open list (--vex at scan time).</summary>
public sealed record VexInfo(string State, string? Justification, string Detail, string Source)
{
    private static readonly JsonEncodedText Name = JsonEncodedText.Encode("vex"), StateName = JsonEncodedText.Encode("state"),
        JustificationName = JsonEncodedText.Encode("justification"), DetailName = JsonEncodedText.Encode("detail"), SourceName = JsonEncodedText.Encode("source");

    /// <summary>"vex": {...} when a statement cleared the finding, nothing otherwise: for the findings' own writers.</summary>
    internal static void WriteIfAny(Utf8JsonWriter writer, VexInfo? vex)
    {
        if (vex is not null)
        {
            writer.WriteStartObject(Name);
            writer.WriteString(StateName, vex.State);
            writer.WriteString(JustificationName, vex.Justification);
            writer.WriteString(DetailName, vex.Detail);
            writer.WriteString(SourceName, vex.Source);
            writer.WriteEndObject();
        }
    }

    public static VexInfo? Of(Triage.VexStatement? statement) =>
        statement is null ? null : new(statement.State, statement.Justification, statement.Detail, statement.Source);
}

/// <summary>Who wrote a document.</summary>
public sealed record ToolInfo(string Name, string Version)
{
    public static ToolInfo Vigil(string version) => new("vigil", version);
}
