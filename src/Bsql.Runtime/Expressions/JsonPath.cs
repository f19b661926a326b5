using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

namespace Bsql.Runtime.Expressions;

/// <summary>
/// The JSON-path subset BSQL supports: <c>$</c>, <c>.name</c>, <c>['name']</c>, <c>["name"]</c>, <c>[n]</c>,
/// optionally prefixed by <c>lax</c>/<c>strict</c>. Parsed once per distinct path.
/// </summary>
internal sealed class JsonPath
{
    private static readonly ConcurrentDictionary<string, JsonPath> Cache = new();

    private readonly object[] _steps; // string = member, int = array index

    private JsonPath(object[] steps) => _steps = steps;

    /// <summary>The parsed path (cached); an invalid path is an error.</summary>
    public static JsonPath Get(string path)
    {
        if (Cache.TryGetValue(path, out var parsed)) return parsed;
        if (Cache.Count > 1024) Cache.Clear();
        return Cache.GetOrAdd(path, Parse);
    }

    private static JsonPath Parse(string text)
    {
        var p = text.Trim();
        if (p.StartsWith("lax ", StringComparison.OrdinalIgnoreCase)) p = p[4..].TrimStart();
        else if (p.StartsWith("strict ", StringComparison.OrdinalIgnoreCase)) p = p[7..].TrimStart();
        if (p.Length == 0 || p[0] != '$') throw Invalid(text, "a path starts with $");
        var steps = new List<object>();
        var i = 1;
        while (i < p.Length)
        {
            if (p[i] == '.')
            {
                var start = ++i;
                while (i < p.Length && p[i] != '.' && p[i] != '[') i++;
                if (i == start) throw Invalid(text, "empty member name");
                steps.Add(p[start..i]);
            }
            else if (p[i] == '[')
            {
                var end = p.IndexOf(']', i);
                if (end < 0) throw Invalid(text, "unclosed [");
                var inner = p[(i + 1)..end].Trim();
                if (inner.Length >= 2 && (inner[0] == '\'' || inner[0] == '"') && inner[^1] == inner[0]) steps.Add(inner[1..^1]);
                else if (int.TryParse(inner, NumberStyles.None, CultureInfo.InvariantCulture, out var index)) steps.Add(index);
                else throw Invalid(text, $"unsupported subscript [{inner}]");
                i = end + 1;
            }
            else
            {
                throw Invalid(text, $"unexpected '{p[i]}'");
            }
        }
        return new JsonPath(steps.ToArray());
    }

    private static ExpressionEvaluationException Invalid(string path, string why) => new($"invalid JSON path '{path}': {why}");

    /// <summary>The element the path selects in <paramref name="root"/>, or false when absent.</summary>
    public bool TrySelect(JsonElement root, out JsonElement result)
    {
        result = root;
        foreach (var step in _steps)
        {
            if (step is string name)
            {
                if (result.ValueKind != JsonValueKind.Object || !result.TryGetProperty(name, out result)) return false;
            }
            else
            {
                var index = (int)step;
                if (result.ValueKind != JsonValueKind.Array || index >= result.GetArrayLength()) return false;
                result = result[index];
            }
        }
        return true;
    }
}
