using System.Text;
using System.Text.Json;

namespace Vigil.Audit;

/// <summary>The before/after of an audit entry: a flat JSON object of the fields a reader needs, in a fixed order.</summary>
public static class AuditJson
{
    public static string Of(params (string Name, string? Value)[] fields)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (name, value) in fields)
            {
                if (value is null)
                {
                    json.WriteNull(name);
                }
                else
                {
                    json.WriteString(name, value);
                }
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}

/// <summary>Who makes the changes of the current unit of work; the server sets it per request once it knows.</summary>
public sealed class CurrentActor(Actor initial)
{
    public Actor Value { get; set; } = initial;
}
