using System.Collections.Immutable;
using Bsql.Planner.Expressions;
using Bsql.Planner.Types;
using Bsql.Runtime.Expressions;
using static Bsql.Runtime.Tests.ExpressionBuilders;

namespace Bsql.Runtime.Tests;

/// <summary>
/// Property test: random arithmetic / boolean trees with NULLs evaluate the same through the compiler
/// and through a deliberately naive tree-walking interpreter written here.
/// </summary>
public sealed class ExpressionOracleTests
{
    // Row layout: 0 BIGINT, 1 INT, 2 DOUBLE, 3 BIGINT, 4 BOOLEAN.
    private static readonly SqlType[] Columns = [Big, Int, Dbl, Big, Bool];

    private sealed class Generator(int seed)
    {
        private readonly Random _rng = new(seed);

        public BoundExpr Numeric(int depth)
        {
            if (depth <= 0 || _rng.Next(4) == 0) return NumericLeaf();
            switch (_rng.Next(9))
            {
                case <= 3:
                {
                    var a = Numeric(depth - 1);
                    var b = Numeric(depth - 1);
                    var op = new[] { "+", "-", "*", "/", "%" }[_rng.Next(5)];
                    return F(op, Wider(a.Type, b.Type), a, b);
                }
                case 4:
                {
                    var a = Numeric(depth - 1);
                    return F("NEGATE", a.Type, a);
                }
                case 5:
                {
                    var a = Numeric(depth - 1);
                    var b = Numeric(depth - 1);
                    var t = Wider(a.Type, b.Type);
                    return new CaseExpr([new CaseArm(Boolean(depth - 1), a)], _rng.Next(3) == 0 ? null : b, t);
                }
                case 6:
                {
                    var a = Numeric(depth - 1);
                    var b = Numeric(depth - 1);
                    return F("COALESCE", Wider(a.Type, b.Type), a, b);
                }
                case 7:
                {
                    var a = Numeric(depth - 1);
                    return F("ABS", a.Type, a);
                }
                default:
                {
                    var a = Numeric(depth - 1);
                    var to = new[] { Big, Int, Dbl }[_rng.Next(3)];
                    return Cast(a, to);
                }
            }
        }

        public BoundExpr Boolean(int depth)
        {
            if (depth <= 0 || _rng.Next(5) == 0)
            {
                return _rng.Next(3) switch
                {
                    0 => Col(4, Bool),
                    1 => B(_rng.Next(3) switch { 0 => true, 1 => false, _ => null }),
                    _ => F(new[] { "=", "<>", "<", "<=", ">", ">=" }[_rng.Next(6)], Bool, NumericLeaf(), NumericLeaf()),
                };
            }
            return _rng.Next(9) switch
            {
                0 or 1 => F("AND", Bool, Boolean(depth - 1), Boolean(depth - 1)),
                2 or 3 => F("OR", Bool, Boolean(depth - 1), Boolean(depth - 1)),
                4 => F("NOT", Bool, Boolean(depth - 1)),
                5 => F(new[] { "IS NULL", "IS NOT NULL" }[_rng.Next(2)], Bool, Numeric(depth - 1)),
                6 => F(new[] { "IS TRUE", "IS FALSE", "IS NOT TRUE", "IS NOT FALSE" }[_rng.Next(4)], Bool, Boolean(depth - 1)),
                7 => F(_rng.Next(2) == 0 ? "IS DISTINCT FROM" : "IS NOT DISTINCT FROM", Bool, Numeric(depth - 1), Numeric(depth - 1)),
                _ => F(new[] { "=", "<>", "<", "<=", ">", ">=" }[_rng.Next(6)], Bool, Numeric(depth - 1), Numeric(depth - 1)),
            };
        }

        private BoundExpr NumericLeaf()
        {
            var i = _rng.Next(10);
            if (i < 4) return Col(i, Columns[i]);
            if (i == 4) return Null(new[] { Big, Int, Dbl }[_rng.Next(3)]);
            return _rng.Next(3) switch
            {
                0 => L(Value()),
                1 => I((int)Value()),
                _ => D(Value() / 4.0),
            };
        }

        private long Value() => _rng.Next(6) switch
        {
            0 => 0,
            1 => long.MaxValue,
            2 => long.MinValue,
            3 => -1,
            _ => _rng.Next(-20, 20),
        };

        public object?[] Row() =>
        [
            _rng.Next(5) == 0 ? null : Value(),
            _rng.Next(5) == 0 ? null : (int)Value(),
            _rng.Next(5) == 0 ? null : _rng.Next(4) == 0 ? double.NaN : _rng.Next(-50, 50) / 8.0,
            _rng.Next(5) == 0 ? null : Value(),
            _rng.Next(3) switch { 0 => true, 1 => false, _ => null },
        ];
    }

    private static SqlType Wider(SqlType a, SqlType b) =>
        a.Kind == SqlTypeKind.Double || b.Kind == SqlTypeKind.Double ? Dbl
        : a.Kind == SqlTypeKind.BigInt || b.Kind == SqlTypeKind.BigInt ? Big : Int;

    /// <summary>The naive interpreter: boxes everything, follows the SQL rules literally.</summary>
    private static object? Interpret(BoundExpr e, object?[] row)
    {
        switch (e)
        {
            case InputRef r: return row[r.Index];
            case Literal l: return l.Value;
            case CastExpr c:
            {
                var v = Interpret(c.Operand, row);
                return v is null ? null : ConvertTo(v, c.Type);
            }
            case CaseExpr c:
                foreach (var arm in c.Arms)
                {
                    if (Interpret(arm.When, row) is true) return ConvertTo(Interpret(arm.Then, row), c.Type);
                }
                return c.Else is null ? null : ConvertTo(Interpret(c.Else, row), c.Type);
            case Call call:
                return InterpretCall(call, row);
            default:
                throw new InvalidOperationException(e.ToString());
        }
    }

    private static object? InterpretCall(Call call, object?[] row)
    {
        var args = call.Args;
        switch (call.Function)
        {
            case "AND":
            {
                var a = Interpret(args[0], row);
                if (a is false) return false;
                var b = Interpret(args[1], row);
                if (b is false) return false;
                return a is null || b is null ? null : true;
            }
            case "OR":
            {
                var a = Interpret(args[0], row);
                if (a is true) return true;
                var b = Interpret(args[1], row);
                if (b is true) return true;
                return a is null || b is null ? null : false;
            }
            case "NOT": return Interpret(args[0], row) is bool x ? !x : null;
            case "IS NULL": return Interpret(args[0], row) is null;
            case "IS NOT NULL": return Interpret(args[0], row) is not null;
            case "IS TRUE": return Interpret(args[0], row) is true;
            case "IS FALSE": return Interpret(args[0], row) is false;
            case "IS NOT TRUE": return Interpret(args[0], row) is not true;
            case "IS NOT FALSE": return Interpret(args[0], row) is not false;
            case "IS DISTINCT FROM" or "IS NOT DISTINCT FROM":
            {
                var a = Interpret(args[0], row);
                var b = Interpret(args[1], row);
                // Values compare with IEEE equality as Flink's generated '==' does: NaN is distinct from NaN.
                var same = a is null || b is null ? a is null && b is null : Compare(a, b) == 0 && !IsNaN([a, b]);
                return call.Function == "IS DISTINCT FROM" ? !same : same;
            }
            case "COALESCE":
            {
                var a = Interpret(args[0], row);
                return ConvertTo(a ?? Interpret(args[1], row), call.Type);
            }
        }
        var values = args.Select(a => Interpret(a, row)).ToArray();
        if (values.Any(v => v is null)) return null;
        switch (call.Function)
        {
            case "=": return Compare(values[0]!, values[1]!) is int c0 ? (object?)(c0 == 0 && !IsNaN(values)) : null;
            case "<>": return Compare(values[0]!, values[1]!) != 0 || IsNaN(values);
            case "<": return !IsNaN(values) && Compare(values[0]!, values[1]!) < 0;
            case "<=": return !IsNaN(values) && Compare(values[0]!, values[1]!) <= 0;
            case ">": return !IsNaN(values) && Compare(values[0]!, values[1]!) > 0;
            case ">=": return !IsNaN(values) && Compare(values[0]!, values[1]!) >= 0;
            case "NEGATE" when call.Type.Kind == SqlTypeKind.Double: return -Convert.ToDouble(values[0]);
            case "NEGATE": return Arith(call.Type, ConvertTo(0L, call.Type)!, values[0]!, "-");
            case "ABS":
                return Compare(values[0]!, 0L) < 0 ? Arith(call.Type, ConvertTo(0L, call.Type)!, values[0]!, "-") : ConvertTo(values[0], call.Type);
            default: return Arith(call.Type, values[0]!, values[1]!, call.Function);
        }
    }

    private static bool IsNaN(object?[] values) => values.Any(v => v is double d && double.IsNaN(d));

    private static int Compare(object a, object b)
    {
        if (a is double || b is double) return Convert.ToDouble(a).CompareTo(Convert.ToDouble(b));
        return Convert.ToInt64(a).CompareTo(Convert.ToInt64(b));
    }

    private static object? ConvertTo(object? v, SqlType type)
    {
        if (v is null) return null;
        return type.Kind switch
        {
            SqlTypeKind.Double => Convert.ToDouble(v),
            SqlTypeKind.BigInt => v is double d ? JavaLong(d) : Convert.ToInt64(v),
            SqlTypeKind.Int => v is double d ? (int)Math.Clamp(double.IsNaN(d) ? 0 : Math.Truncate(d), int.MinValue, int.MaxValue) : unchecked((int)Convert.ToInt64(v)),
            _ => v,
        };
    }

    private static long JavaLong(double d) => double.IsNaN(d) ? 0 : d >= 9.2233720368547758E18 ? long.MaxValue : d <= -9.2233720368547758E18 ? long.MinValue : (long)d;

    private static object Arith(SqlType type, object a, object b, string op)
    {
        if (type.Kind == SqlTypeKind.Double)
        {
            double x = Convert.ToDouble(a), y = Convert.ToDouble(b);
            return op switch { "+" => x + y, "-" => x - y, "*" => x * y, "/" => x / y, _ => x % y };
        }
        long p = Convert.ToInt64(a), q = Convert.ToInt64(b);
        long r;
        unchecked
        {
            r = op switch
            {
                "+" => p + q,
                "-" => p - q,
                "*" => p * q,
                "/" when q == 0 => throw new DivideByZeroException(),
                "/" => q == -1 ? -p : p / q,
                "%" when q == 0 => throw new DivideByZeroException(),
                _ => q == -1 ? 0 : p % q,
            };
            if (type.Kind == SqlTypeKind.Int)
            {
                // INT arithmetic is done in 32 bits, so wrap the operands first.
                int pi = (int)p, qi = (int)q;
                return op switch
                {
                    "+" => pi + qi,
                    "-" => pi - qi,
                    "*" => pi * qi,
                    "/" => qi == -1 ? -pi : pi / qi,
                    _ => qi == -1 ? 0 : pi % qi,
                };
            }
        }
        return r;
    }

    private static string Outcome(Func<object?> f)
    {
        try
        {
            var v = f();
            return v switch
            {
                null => "NULL",
                double d => "D:" + d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                _ => v.GetType().Name + ":" + v,
            };
        }
        catch (Exception e) when (e is ExpressionEvaluationException or DivideByZeroException)
        {
            return "division by zero";
        }
    }

    [Fact]
    public void CompiledEvaluation_MatchesTheInterpreter_OnRandomTrees()
    {
        var gen = new Generator(20261122);
        var rows = Enumerable.Range(0, 24).Select(_ => gen.Row()).ToArray();
        for (var i = 0; i < 300; i++)
        {
            var expr = i % 2 == 0 ? gen.Numeric(4) : gen.Boolean(4);
            var compiled = ExpressionCompiler.Compile(expr, Utc);
            foreach (var row in rows)
            {
                var expected = Outcome(() => Interpret(expr, row));
                var actual = Outcome(() => compiled(row));
                Assert.True(expected == actual, $"tree #{i} {Describe(expr)} on [{string.Join(", ", row.Select(v => v ?? "NULL"))}]: interpreter {expected}, compiled {actual}");
            }
        }
    }

    [Fact]
    public void CompiledPredicate_IsTrueExactlyWhenTheInterpreterSaysTrue()
    {
        var gen = new Generator(7);
        var rows = Enumerable.Range(0, 24).Select(_ => gen.Row()).ToArray();
        for (var i = 0; i < 100; i++)
        {
            var expr = gen.Boolean(4);
            var predicate = ExpressionCompiler.CompilePredicate(expr, Utc);
            foreach (var row in rows)
            {
                var expected = Outcome(() => Interpret(expr, row));
                if (expected == "division by zero") continue;
                Assert.Equal(expected == "Boolean:True", predicate(row));
            }
        }
    }

    private static string Describe(BoundExpr e) => e switch
    {
        InputRef r => $"${r.Index}",
        Literal l => l.Value?.ToString() ?? "NULL",
        CastExpr c => $"CAST({Describe(c.Operand)} AS {c.Type})",
        CaseExpr c => $"CASE {string.Join(" ", c.Arms.Select(a => $"WHEN {Describe(a.When)} THEN {Describe(a.Then)}"))} ELSE {(c.Else is null ? "NULL" : Describe(c.Else))} END",
        Call c => $"{c.Function}:{c.Type}({string.Join(", ", c.Args.Select(Describe))})",
        _ => e.ToString(),
    };
}
