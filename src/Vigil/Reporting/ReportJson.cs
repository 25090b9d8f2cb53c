using System.Text.Encodings.Web;
using System.Text.Json;

namespace Vigil.Reporting;

/// <summary>What every JSON report starts with: schema version, the tool, when it was made.</summary>
internal static class ReportJson
{
    /// <summary>An indented writer that leaves non-ASCII text readable; reports are files, not HTML.</summary>
    public static Utf8JsonWriter Begin(Stream output, int schemaVersion, string toolVersion, DateTimeOffset madeAt, string timeField = "scannedAt")
    {
        var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteNumber("schemaVersion", schemaVersion);
        json.WriteStartObject("tool");
        json.WriteString("name", "vigil");
        json.WriteString("version", toolVersion);
        json.WriteEndObject();
        json.WriteString(timeField, madeAt);
        return json;
    }
}
