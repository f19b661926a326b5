using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace Bsql.Runtime.Expressions;

/// <summary>
/// A compiled SQL <c>LIKE</c> pattern (<c>%</c> any sequence, <c>_</c> one character, optional escape).
/// Common shapes (<c>abc</c>, <c>abc%</c>, <c>%abc</c>, <c>%abc%</c>) avoid regular expressions.
/// </summary>
internal sealed class LikeMatcher
{
    private enum Shape { Exact, Prefix, Suffix, Contains, Regex }

    private static readonly ConcurrentDictionary<(string Pattern, string? Escape), LikeMatcher> Cache = new();
    private static readonly ConcurrentDictionary<string, Regex> SimilarCache = new();

    private readonly Shape _shape;
    private readonly string _literal;
    private readonly Regex? _regex;

    private LikeMatcher(Shape shape, string literal, Regex? regex)
    {
        _shape = shape;
        _literal = literal;
        _regex = regex;
    }

    /// <summary>Compiles <paramref name="pattern"/> with an optional one-character <paramref name="escape"/>.</summary>
    public static LikeMatcher Create(string pattern, string? escape)
    {
        if (escape is not null && escape.Length != 1) throw new ExpressionEvaluationException($"LIKE escape must be one character, found '{escape}'");
        var esc = escape?[0];
        // Tokens: literal text and wildcards.
        var literal = new StringBuilder();
        var regex = new StringBuilder("^");
        var wildcards = new List<(int Position, char Kind)>();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (esc is not null && c == esc)
            {
                if (i + 1 >= pattern.Length) throw new ExpressionEvaluationException($"LIKE pattern '{pattern}' ends with the escape character");
                var next = pattern[++i];
                literal.Append(next);
                regex.Append(Regex.Escape(next.ToString()));
                continue;
            }
            if (c is '%' or '_')
            {
                wildcards.Add((literal.Length, c));
                regex.Append(c == '%' ? ".*" : ".");
                continue;
            }
            literal.Append(c);
            regex.Append(Regex.Escape(c.ToString()));
        }
        regex.Append('$');
        var text = literal.ToString();
        if (wildcards.Count == 0) return new LikeMatcher(Shape.Exact, text, null);
        if (wildcards.All(w => w.Kind == '%'))
        {
            var positions = wildcards.Select(w => w.Position).Distinct().ToArray();
            if (positions.Length == 1 && positions[0] == text.Length) return new LikeMatcher(Shape.Prefix, text, null);
            if (positions.Length == 1 && positions[0] == 0) return new LikeMatcher(Shape.Suffix, text, null);
            if (positions.Length == 2 && positions[0] == 0 && positions[1] == text.Length) return new LikeMatcher(Shape.Contains, text, null);
        }
        return new LikeMatcher(Shape.Regex, text, new Regex(regex.ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant));
    }

    /// <summary>True when <paramref name="value"/> matches the whole pattern.</summary>
    public bool IsMatch(string value) => _shape switch
    {
        Shape.Exact => string.Equals(value, _literal, StringComparison.Ordinal),
        Shape.Prefix => value.StartsWith(_literal, StringComparison.Ordinal),
        Shape.Suffix => value.EndsWith(_literal, StringComparison.Ordinal),
        Shape.Contains => value.Contains(_literal, StringComparison.Ordinal),
        _ => _regex!.IsMatch(value),
    };

    /// <summary><c>value LIKE pattern [ESCAPE escape]</c> with a pattern known only at run time.</summary>
    public static bool Like(string value, string pattern, string? escape)
    {
        if (Cache.Count > 1024) Cache.Clear();
        return Cache.GetOrAdd((pattern, escape), key => Create(key.Pattern, key.Escape)).IsMatch(value);
    }

    /// <summary><c>value SIMILAR TO pattern</c>: a SQL regular expression matched against the whole value.</summary>
    public static bool Similar(string value, string pattern)
    {
        if (SimilarCache.Count > 1024) SimilarCache.Clear();
        return SimilarCache.GetOrAdd(pattern, p => new Regex(TranslateSimilar(p), RegexOptions.Singleline | RegexOptions.CultureInvariant)).IsMatch(value);
    }

    private static string TranslateSimilar(string pattern)
    {
        var sb = new StringBuilder("^(?:");
        var inClass = false;
        foreach (var c in pattern)
        {
            if (inClass)
            {
                sb.Append(c);
                if (c == ']') inClass = false;
                continue;
            }
            switch (c)
            {
                case '%': sb.Append(".*"); break;
                case '_': sb.Append('.'); break;
                case '[': sb.Append(c); inClass = true; break;
                case '.' or '^' or '$' or '\\': sb.Append('\\').Append(c); break;
                default: sb.Append(c); break;
            }
        }
        return sb.Append(")$").ToString();
    }
}
