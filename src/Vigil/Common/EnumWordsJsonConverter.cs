using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vigil.Common;

/// <summary>Reads and writes an enum as its word (<see cref="EnumWords{T}"/>); an unknown word is a JSON error, not a default.</summary>
public abstract class EnumWordsJsonConverter<T>(EnumWords<T> words) : JsonConverter<T> where T : struct, Enum
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && words.TryParse(reader.GetString(), out var value)
            ? value
            : throw new JsonException($"expected one of {string.Join(", ", words.All)}");

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(words[value]);
}
