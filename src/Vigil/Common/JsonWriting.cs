using System.Text.Json;

namespace Vigil.Common;

/// <summary>What the hand-written JSON documents (SBOMs, SARIF, CSAF, VEX) write again and again.</summary>
public static class JsonWriting
{
    /// <summary>"name": ["a", "b"].</summary>
    public static void WriteStringArray(this Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }
        json.WriteEndArray();
    }
}
