using System.Text.Json;

namespace Bsql.Runtime.Expressions;

/// <summary><c>JSON_VALUE</c>, <c>JSON_EXISTS</c>, <c>JSON_QUERY</c> with Flink's default error behaviour (NULL / FALSE on error).</summary>
internal static class JsonFunctions
{
    /// <summary><c>JSON_VALUE(json, path)</c>: the scalar at path as text; NULL when absent, not a scalar, JSON null or invalid JSON.</summary>
    public static string? JsonValue(string json, string path)
    {
        var compiled = JsonPath.Get(path);
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (!compiled.TrySelect(doc.RootElement, out var e)) return null;
            return e.ValueKind switch
            {
                JsonValueKind.String => e.GetString(),
                JsonValueKind.Number => e.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary><c>JSON_EXISTS(json, path)</c>: false for invalid JSON.</summary>
    public static bool JsonExists(string json, string path)
    {
        var compiled = JsonPath.Get(path);
        try
        {
            using var doc = JsonDocument.Parse(json);
            return compiled.TrySelect(doc.RootElement, out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary><c>JSON_QUERY(json, path)</c>: the object or array at path as JSON text; NULL otherwise.</summary>
    public static string? JsonQuery(string json, string path)
    {
        var compiled = JsonPath.Get(path);
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (!compiled.TrySelect(doc.RootElement, out var e)) return null;
            return e.ValueKind is JsonValueKind.Object or JsonValueKind.Array ? JsonSerializer.Serialize(e) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
