using System.Text.Json;

namespace Vigil.Common;

/// <summary>What the hand-written JSON documents (SBOMs, SARIF, CSAF, VEX) write again and again.</summary>
public static class JsonWriting
{
    /// <summary>"name": ["a", "b"].</summary>
    public static void WriteStringArray(this Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        WriteValuesAndEnd(json, values);
    }

    /// <inheritdoc cref="WriteStringArray(Utf8JsonWriter, string, IEnumerable{string})"/>
    public static void WriteStringArray(this Utf8JsonWriter json, JsonEncodedText name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        WriteValuesAndEnd(json, values);
    }

    private static void WriteValuesAndEnd(Utf8JsonWriter json, IEnumerable<string> values)
    {
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }
        json.WriteEndArray();
    }

    /// <summary>"name": 42, or "name": null.</summary>
    public static void WriteNumberOrNull(this Utf8JsonWriter json, JsonEncodedText name, long? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    /// <summary>"name": 0.5, or "name": null.</summary>
    public static void WriteNumberOrNull(this Utf8JsonWriter json, JsonEncodedText name, double? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}

/// <summary>What the JSON readers of outside documents (SBOMs, VEX, CSAF, the KEV catalog) ask of every element.</summary>
public static class JsonReading
{
    /// <summary>The string value of a property, or null when the element is no object, lacks it, or holds something else there.</summary>
    public static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
