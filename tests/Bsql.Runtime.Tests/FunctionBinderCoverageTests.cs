using Bsql.Planner.Expressions;
using Bsql.Planner.Functions;
using Bsql.Planner.Types;
using Bsql.Runtime.Expressions;
using static Bsql.Runtime.Tests.ExpressionBuilders;

namespace Bsql.Runtime.Tests;

/// <summary>
/// Every scalar function the binder accepts (Bsql.Planner.Functions.BuiltinFunctions) compiles for argument types
/// of each accepted family, and evaluates either to a value or to an <see cref="ExpressionEvaluationException"/>.
/// </summary>
public sealed class FunctionBinderCoverageTests
{
    private static readonly SqlType Time = SqlType.Of(SqlTypeKind.Time);

    private static BoundExpr[] Samples(ArgFamily family) => family switch
    {
        ArgFamily.Numeric => [L(3), D(2.5), M(1.5m, 5, 1), I(2)],
        ArgFamily.Integer => [I(2), L(3)],
        ArgFamily.String or ArgFamily.Binary => [S("2024-01-31 12:00:00"), S("x")],
        ArgFamily.Boolean => [B(true)],
        ArgFamily.Temporal => [Lit(T("2024-01-31 12:00:00"), Ts), Lit(new DateOnly(2024, 1, 31), Date), Lit(new TimeOnly(12, 0), Time), Lit(new DateTime(2024, 1, 31, 12, 0, 0, DateTimeKind.Utc), Ltz)],
        ArgFamily.Timestamp => [Lit(T("2024-01-31 12:00:00"), Ts)],
        ArgFamily.DateLike => [Lit(new DateOnly(2024, 1, 31), Date), Lit(T("2024-01-31 12:00:00"), Ts)],
        ArgFamily.TemporalOrString => [Lit(T("2024-01-31 12:00:00"), Ts), S("2024-01-31 12:00:00"), Lit(new DateOnly(2024, 1, 31), Date)],
        ArgFamily.Collection => [F("ARRAY", SqlType.Array(Big), L(1)), F("MAP", SqlType.Map(Str, Big), S("a"), L(1))],
        ArgFamily.Comparable => [L(1), S("a"), Lit(T("2024-01-31 12:00:00"), Ts), D(1.5), B(true)],
        _ => [S("x"), L(1), D(1.5), Lit(T("2024-01-31 12:00:00"), Ts)],
    };

    private static BoundExpr Special(string name, int index, int count, BoundExpr sample) => (name, index) switch
    {
        ("EXTRACT", 0) or ("TIMESTAMPADD", 0) or ("TIMESTAMPDIFF", 0) => S("DAY"),
        ("FLOOR" or "CEIL" or "CEILING", 0) when count == 2 => Lit(T("2024-01-31 12:34:00"), Ts),
        ("FLOOR" or "CEIL" or "CEILING", 1) => S("HOUR"),
        ("FLOOR" or "CEIL" or "CEILING", 0) when sample.Type.Kind is not (SqlTypeKind.BigInt or SqlTypeKind.Int or SqlTypeKind.Double or SqlTypeKind.Decimal) => D(1.5),
        ("JSON_VALUE" or "JSON_EXISTS" or "JSON_QUERY", 0) => S("""{"a":[1]}"""),
        ("JSON_VALUE" or "JSON_EXISTS" or "JSON_QUERY", 1) => S("$.a[0]"),
        _ => sample,
    };

    public static TheoryData<string> ScalarNames() => [.. BuiltinFunctions.All.Values.Where(d => !d.IsAggregate).Select(d => d.Name).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(ScalarNames))]
    public void BinderFunction_CompilesAndEvaluatesForEveryAcceptedArgumentFamily(string name)
    {
        var definition = BuiltinFunctions.All[name];
        Assert.Contains(name, ExpressionCompiler.SupportedFunctions);
        var maxArgs = Math.Min(definition.MaxArgs, definition.MinArgs + 2);
        var checkedCalls = 0;
        for (var count = definition.MinArgs; count <= maxArgs; count++)
        {
            var variants = count == 0 ? 1 : Enumerable.Range(0, count).Max(i => Samples(definition.FamilyAt(i)).Length);
            for (var variant = 0; variant < variants; variant++)
            {
                foreach (var withNull in new[] { false, true })
                {
                    var args = Enumerable.Range(0, count).Select(i =>
                    {
                        var samples = Samples(definition.FamilyAt(i));
                        var arg = Special(name, i, count, samples[variant % samples.Length]);
                        // NULL in the last argument (not a unit or literal-only position).
                        return withNull && i == count - 1 && arg is Literal && name is not ("RAND" or "RAND_INTEGER") ? Null(arg.Type) : arg;
                    }).ToList();
                    if (name is "GREATEST" or "LEAST" or "COALESCE" or "IFNULL" or "NULLIF" or "IF")
                    {
                        // The binder brings these to one type; mimic it by using the first sample's type.
                        var first = name == "IF" ? 1 : 0;
                        for (var i = first; i < args.Count; i++) args[i] = args[Math.Min(first, args.Count - 1)] is var a && a.Type.Kind != args[i].Type.Kind ? Null(a.Type) : args[i];
                    }
                    var type = definition.Result(args.Select(a => a.Type).ToList());
                    var call = F(name, type, [.. args]);
                    Func<object?[], object?> compiled;
                    try
                    {
                        compiled = ExpressionCompiler.Compile(call, Utc);
                    }
                    catch (Exception e)
                    {
                        Assert.Fail($"{name}({string.Join(", ", args.Select(a => a.Type))}) → {type} does not compile: {e.GetType().Name}: {e.Message}");
                        return;
                    }
                    try
                    {
                        var value = compiled([]);
                        if (value is not null) Assert.Equal(ClrTypesOf(type), value.GetType());
                    }
                    catch (ExpressionEvaluationException)
                    {
                        // A clear runtime error for a meaningless sample value is fine.
                    }
                    catch (Exception e) when (e is not Xunit.Sdk.XunitException)
                    {
                        Assert.Fail($"{name}({string.Join(", ", args.Select(a => a.Type))}) threw {e.GetType().Name}: {e.Message}");
                    }
                    checkedCalls++;
                }
            }
        }
        Assert.True(checkedCalls > 0);
    }

    private static Type ClrTypesOf(SqlType type) => type.Kind switch
    {
        SqlTypeKind.Boolean => typeof(bool),
        SqlTypeKind.TinyInt => typeof(sbyte),
        SqlTypeKind.SmallInt => typeof(short),
        SqlTypeKind.Int or SqlTypeKind.IntervalYearMonth => typeof(int),
        SqlTypeKind.BigInt or SqlTypeKind.IntervalDayTime => typeof(long),
        SqlTypeKind.Float => typeof(float),
        SqlTypeKind.Double => typeof(double),
        SqlTypeKind.Decimal => typeof(decimal),
        SqlTypeKind.Char or SqlTypeKind.VarChar => typeof(string),
        SqlTypeKind.Bytes => typeof(byte[]),
        SqlTypeKind.Date => typeof(DateOnly),
        SqlTypeKind.Time => typeof(TimeOnly),
        SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz => typeof(DateTime),
        SqlTypeKind.Map => typeof(Dictionary<object, object?>),
        _ => typeof(object?[]),
    };
}
