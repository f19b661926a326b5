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

    /// <summary>
    /// What <c>JSON_VALUE</c> with ON EMPTY / ON ERROR clauses finds: <see cref="JsonValueProbe.IsNull"/> for a NULL argument,
    /// the scalar's text, <see cref="JsonValueProbe.Empty"/> (nothing at the path, or JSON null) or
    /// <see cref="JsonValueProbe.Failed"/> (invalid JSON, an object or array at the path).
    /// </summary>
    public static JsonValueProbe Probe(string? json, string? path)
    {
        if (json is null || path is null) return new JsonValueProbe(JsonValueProbe.IsNull, null);
        var compiled = JsonPath.Get(path);
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (!compiled.TrySelect(doc.RootElement, out var e)) return new JsonValueProbe(JsonValueProbe.Empty, null);
            return e.ValueKind switch
            {
                JsonValueKind.String => new JsonValueProbe(JsonValueProbe.Found, e.GetString()),
                JsonValueKind.Number => new JsonValueProbe(JsonValueProbe.Found, e.GetRawText()),
                JsonValueKind.True => new JsonValueProbe(JsonValueProbe.Found, "true"),
                JsonValueKind.False => new JsonValueProbe(JsonValueProbe.Found, "false"),
                JsonValueKind.Null => new JsonValueProbe(JsonValueProbe.Empty, null),
                _ => new JsonValueProbe(JsonValueProbe.Failed, null),
            };
        }
        catch (JsonException)
        {
            return new JsonValueProbe(JsonValueProbe.Failed, null);
        }
    }

    /// <summary>The message of <c>ERROR ON EMPTY</c> / <c>ERROR ON ERROR</c>.</summary>
    public static string DescribeFailure(string condition, string? path, string? text) => condition == "EMPTY"
        ? $"JSON_VALUE: no value at path '{path}' (ERROR ON EMPTY)"
        : text is null
            ? $"JSON_VALUE: invalid JSON, or an object or array at path '{path}' (ERROR ON ERROR)"
            : $"JSON_VALUE: the value '{text}' at path '{path}' does not convert to the RETURNING type (ERROR ON ERROR)";

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
