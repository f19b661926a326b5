using System.Text;
using Bsql.Planner.Types;
using Bsql.Runtime.Execution;
using Bsql.Runtime.Lookup;

namespace Bsql.Runtime.Connectors.Redis;

/// <summary>
/// A compiled <c>key-pattern</c> such as <c>'user:{uid}'</c>: literal text and placeholders naming columns,
/// each replaced by the column value's text form. Without a pattern the key is the key values joined by <c>:</c>.
/// </summary>
public sealed class RedisKeyPattern
{
    private readonly (string? Literal, int Column)[] _parts;
    private readonly SqlType[] _types;

    private RedisKeyPattern((string? Literal, int Column)[] parts, SqlType[] types)
    {
        _parts = parts;
        _types = types;
    }

    /// <summary>
    /// Compiles <paramref name="pattern"/> against <paramref name="columns"/> (the names the placeholders may use,
    /// with their types); a placeholder refers to the position of its name in <paramref name="columns"/>.
    /// </summary>
    /// <exception cref="BsqlRuntimeException">A placeholder names no such column or is unterminated (BSQL4001).</exception>
    public static RedisKeyPattern Compile(string? pattern, IReadOnlyList<RowField> columns)
    {
        var types = columns.Select(c => c.Type).ToArray();
        if (string.IsNullOrEmpty(pattern))
        {
            var parts = new List<(string?, int)>();
            for (var i = 0; i < columns.Count; i++)
            {
                if (i > 0) parts.Add((":", -1));
                parts.Add((null, i));
            }
            return new RedisKeyPattern(parts.ToArray(), types);
        }

        var compiled = new List<(string?, int)>();
        var literal = new StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] != '{')
            {
                literal.Append(pattern[i]);
                continue;
            }
            var close = pattern.IndexOf('}', i + 1);
            if (close < 0) throw new BsqlRuntimeException(RuntimeErrors.BadOptionValue, $"key-pattern '{pattern}' has an unterminated '{{'");
            var name = pattern[(i + 1)..close].Trim();
            var column = -1;
            for (var c = 0; c < columns.Count; c++)
            {
                if (string.Equals(columns[c].Name, name, StringComparison.OrdinalIgnoreCase)) column = c;
            }
            if (column < 0)
            {
                throw new BsqlRuntimeException(RuntimeErrors.BadOptionValue,
                    $"key-pattern '{pattern}' names '{name}', which is not a key column (key columns: {string.Join(", ", columns.Select(c => c.Name))})");
            }
            if (literal.Length > 0) compiled.Add((literal.ToString(), -1));
            literal.Clear();
            compiled.Add((null, column));
            i = close;
        }
        if (literal.Length > 0) compiled.Add((literal.ToString(), -1));
        return new RedisKeyPattern(compiled.ToArray(), types);
    }

    /// <summary>The Redis key for <paramref name="values"/> (indexed like the columns the pattern was compiled against).</summary>
    public string Format(IReadOnlyList<object?> values)
    {
        var key = new StringBuilder();
        foreach (var (literal, column) in _parts)
        {
            if (literal is not null) key.Append(literal);
            else if (values[column] is { } value) key.Append(LookupValueCodec.FormatText(value, _types[column]));
        }
        return key.ToString();
    }
}
