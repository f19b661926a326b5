using Bsql.Planner.Expressions;
using Bsql.Planner.Types;
using Bsql.Runtime.Expressions;
using static Bsql.Runtime.Tests.ExpressionBuilders;

namespace Bsql.Runtime.Tests;

/// <summary>
/// Property test for string expressions: random trees over ||, UPPER, LOWER, TRIM, CHAR_LENGTH, COALESCE,
/// comparisons and LIKE evaluate as a naive interpreter says (LIKE through an independent backtracking matcher).
/// </summary>
public sealed class ExpressionStringOracleTests
{
    private static readonly string[] Alphabet = ["a", "b", "A", " ", "%", "_", "ab", ""];

    private sealed class Generator(int seed)
    {
        private readonly Random _rng = new(seed);

        public string Text(int maxParts = 4) => string.Concat(Enumerable.Range(0, _rng.Next(maxParts + 1)).Select(_ => Alphabet[_rng.Next(Alphabet.Length)]));

        public BoundExpr Str(int depth)
        {
            if (depth <= 0 || _rng.Next(4) == 0)
            {
                return _rng.Next(4) switch
                {
                    0 => Col(0, SqlType.String),
                    1 => Col(1, SqlType.String),
                    2 => Null(SqlType.String),
                    _ => S(Text()),
                };
            }
            return _rng.Next(5) switch
            {
                0 => F("||", SqlType.String, Str(depth - 1), Str(depth - 1)),
                1 => F("UPPER", SqlType.String, Str(depth - 1)),
                2 => F("LOWER", SqlType.String, Str(depth - 1)),
                3 => F("TRIM", SqlType.String, Str(depth - 1)),
                _ => F("COALESCE", SqlType.String, Str(depth - 1), Str(depth - 1)),
            };
        }

        public BoundExpr Bool(int depth) => _rng.Next(4) switch
        {
            0 => F("LIKE", SqlType.Boolean, Str(depth), S(Pattern())),
            1 => F(new[] { "=", "<>", "<", ">=" }[_rng.Next(4)], SqlType.Boolean, Str(depth), Str(depth)),
            2 => F(">", SqlType.Boolean, F("CHAR_LENGTH", SqlType.Int, Str(depth)), I(_rng.Next(4))),
            _ => F("LIKE", SqlType.Boolean, Str(depth), S(Pattern()), S("!")),
        };

        private string Pattern()
        {
            var parts = new[] { "a", "b", "%", "_", "!%", "!_", "ab", "A" };
            return string.Concat(Enumerable.Range(0, _rng.Next(5)).Select(_ => parts[_rng.Next(parts.Length)]));
        }

        public object?[] Row() => [_rng.Next(5) == 0 ? null : Text(5), _rng.Next(5) == 0 ? null : Text(5)];
    }

    private static object? Interpret(BoundExpr e, object?[] row)
    {
        switch (e)
        {
            case InputRef r: return row[r.Index];
            case Literal l: return l.Value;
            case Call { Function: "COALESCE" } c: return Interpret(c.Args[0], row) ?? Interpret(c.Args[1], row);
        }
        var call = (Call)e;
        var v = call.Args.Select(a => Interpret(a, row)).ToArray();
        if (v.Any(x => x is null)) return null;
        return call.Function switch
        {
            "||" => (string)v[0]! + (string)v[1]!,
            "UPPER" => ((string)v[0]!).ToUpperInvariant(),
            "LOWER" => ((string)v[0]!).ToLowerInvariant(),
            "TRIM" => ((string)v[0]!).Trim(' '),
            "CHAR_LENGTH" => ((string)v[0]!).Length,
            ">" when v[0] is int n => n > (int)v[1]!,
            "=" => string.CompareOrdinal((string)v[0]!, (string)v[1]!) == 0,
            "<>" => string.CompareOrdinal((string)v[0]!, (string)v[1]!) != 0,
            "<" => string.CompareOrdinal((string)v[0]!, (string)v[1]!) < 0,
            ">=" => string.CompareOrdinal((string)v[0]!, (string)v[1]!) >= 0,
            "LIKE" => Like((string)v[0]!, 0, (string)v[1]!, 0, v.Length > 2 ? ((string)v[2]!)[0] : null),
            _ => throw new InvalidOperationException(call.Function),
        };
    }

    /// <summary>Backtracking LIKE straight from the definition.</summary>
    private static bool Like(string s, int i, string p, int j, char? escape)
    {
        if (j == p.Length) return i == s.Length;
        var c = p[j];
        if (escape is not null && c == escape && j + 1 < p.Length)
        {
            return i < s.Length && s[i] == p[j + 1] && Like(s, i + 1, p, j + 2, escape);
        }
        if (c == '%')
        {
            for (var k = i; k <= s.Length; k++)
            {
                if (Like(s, k, p, j + 1, escape)) return true;
            }
            return false;
        }
        if (c == '_') return i < s.Length && Like(s, i + 1, p, j + 1, escape);
        return i < s.Length && s[i] == c && Like(s, i + 1, p, j + 1, escape);
    }

    [Fact]
    public void StringExpressions_MatchTheInterpreter()
    {
        var gen = new Generator(42);
        var rows = Enumerable.Range(0, 30).Select(_ => gen.Row()).ToArray();
        for (var i = 0; i < 150; i++)
        {
            BoundExpr expr = i % 3 == 0 ? gen.Str(3) : gen.Bool(2);
            var compiled = ExpressionCompiler.Compile(expr, Utc);
            foreach (var row in rows)
            {
                Assert.Equal(Interpret(expr, row), compiled(row));
            }
        }
    }
}
