using Bsql.Planner.Expressions;
using Bsql.Planner.Physical;
using Bsql.Planner.Serialization;
using Bsql.Planner.Types;
using Codes = Bsql.Planner.PlannerDiagnosticCodes;

namespace Bsql.Planner.Tests;

/// <summary>
/// <c>CREATE FUNCTION ... USING ASSEMBLY</c>: the compiler loads the assembly, types each call from the matching
/// <c>Eval</c> overload (casting arguments to it) and lists the function in the plan; problems are diagnostics.
/// </summary>
public sealed class UserFunctionTests
{
    private static readonly string Assembly = typeof(Bsql.TestUdfs.Normalize).Assembly.Location;

    private static string Job(string declarations, string select) => $"""
        {declarations}
        CREATE TABLE src (name STRING, n INT, x DOUBLE) WITH ('connector' = 'datagen', 'number-of-rows' = '10');
        CREATE TABLE out (v1 STRING, v2 STRING) WITH ('connector' = 'blackhole');
        INSERT INTO out SELECT {select} FROM src;
        """;

    private static IEnumerable<Call> Calls(PhysicalPlan plan) =>
        plan.Operators.Select(o => o.Spec).OfType<CalcSpec>().SelectMany(c => c.Projections).SelectMany(Walk).OfType<Call>();

    private static IEnumerable<BoundExpr> Walk(BoundExpr e) => e switch
    {
        Call c => c.Args.SelectMany(Walk).Prepend(c),
        CastExpr c => Walk(c.Operand).Prepend(c),
        _ => [e],
    };

    [Fact]
    public void Calls_TakeTheirTypeFromTheMatchingEvalOverload()
    {
        var result = BsqlCompiler.Compile(Job($"""
            CREATE FUNCTION norm AS 'Bsql.TestUdfs.Normalize' USING ASSEMBLY '{Assembly}';
            CREATE FUNCTION clamp AS 'Bsql.TestUdfs.Clamp' USING ASSEMBLY '{Assembly}';
            """, "norm(name), CAST(clamp(n, 0, 10) AS STRING) || CAST(clamp(x, 0.5, 2.5) AS STRING)"), "job.sql");
        Assert.True(result.Success, string.Join("\n", result.Errors));
        var calls = Calls(result.Plan!).Where(c => c.Function is "NORM" or "CLAMP").ToList();
        Assert.Equal(SqlTypeKind.VarChar, calls.Single(c => c.Function == "NORM").Type.Kind);
        // INT arguments take the (long, long, long) overload through casts; DOUBLE ones the (double, double, double) overload.
        var clamps = calls.Where(c => c.Function == "CLAMP").ToList();
        Assert.Equal([SqlTypeKind.BigInt, SqlTypeKind.Double], clamps.Select(c => c.Type.Kind).Order());
        Assert.All(clamps.Single(c => c.Type.Kind == SqlTypeKind.BigInt).Args, a => Assert.Equal(SqlTypeKind.BigInt, a.Type.Kind));
        Assert.All(clamps.Single(c => c.Type.Kind == SqlTypeKind.Double).Args, a => Assert.Equal(SqlTypeKind.Double, a.Type.Kind));
        Assert.Equal(
            [new UserFunctionSpec("CLAMP", "Bsql.TestUdfs.Clamp", Assembly), new UserFunctionSpec("NORM", "Bsql.TestUdfs.Normalize", Assembly)],
            result.Plan!.Functions.ToArray());
    }

    [Fact]
    public void Functions_RoundTripThroughTheSerializedPlan()
    {
        var result = BsqlCompiler.Compile(Job($"CREATE FUNCTION norm AS 'Bsql.TestUdfs.Normalize' USING ASSEMBLY '{Assembly}';", "norm(name), name"), "job.sql");
        Assert.True(result.Success, string.Join("\n", result.Errors));
        var back = PlanSerializer.Deserialize(PlanSerializer.Serialize(result.Plan!));
        Assert.Equal(result.Plan!.Functions.ToArray(), back.Functions.ToArray());
        Assert.Equal(result.Plan, back);
    }

    [Fact]
    public void RelativeAssemblyPath_IsReadFromTheJobFilesFolder()
    {
        var folder = Path.GetDirectoryName(Assembly)!;
        var result = BsqlCompiler.Compile(Job($"CREATE FUNCTION norm AS 'Bsql.TestUdfs.Normalize' USING ASSEMBLY '{Path.GetFileName(Assembly)}';", "norm(name), name"),
            Path.Combine(folder, "job.sql"));
        Assert.True(result.Success, string.Join("\n", result.Errors));
        Assert.Equal(Assembly, result.Plan!.Functions.Single().AssemblyPath);
    }

    [Theory]
    [InlineData("'Bsql.TestUdfs.Normalize' USING ASSEMBLY 'missing/udfs.dll'", "does not exist", "relative to the job file")]
    [InlineData("'Bsql.TestUdfs.Normalise' USING ASSEMBLY '{0}'", "has no type 'Bsql.TestUdfs.Normalise'", "Bsql.TestUdfs.Normalize")]
    [InlineData("'Bsql.TestUdfs.NoEval' USING ASSEMBLY '{0}'", "has no public Eval method", null)]
    [InlineData("'Bsql.TestUdfs.UnsupportedTypes' USING ASSEMBLY '{0}'", "no Eval method of 'Bsql.TestUdfs.UnsupportedTypes' has SQL-compatible types", "DateOnly")]
    [InlineData("'No.Such.Type'", "type 'No.Such.Type' was not found", "USING ASSEMBLY")]
    public void UnusableFunction_IsReportedOnceAtItsDeclaration(string clause, string message, string? help)
    {
        var sql = Job($"CREATE FUNCTION f AS {string.Format(System.Globalization.CultureInfo.InvariantCulture, clause, Assembly)};", "f(name), name");
        var result = BsqlCompiler.Compile(sql, "/nowhere/job.sql");
        var error = Assert.Single(result.Errors);
        Assert.Equal(Codes.UserFunctionUnavailable, error.Code);
        Assert.Contains("function 'f' cannot be loaded: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        if (help is not null) Assert.Contains(help, error.Help, StringComparison.Ordinal);
        Assert.Equal((1, 17), (error.Position!.Value.Line, error.Position!.Value.Column));
    }

    [Fact]
    public void CallMatchingNoOverload_ListsTheOverloads()
    {
        var sql = Job($"CREATE FUNCTION clamp AS 'Bsql.TestUdfs.Clamp' USING ASSEMBLY '{Assembly}';", "CAST(clamp(name, 1, 2) AS STRING), name");
        var error = Assert.Single(BsqlCompiler.Compile(sql, "job.sql").Errors);
        Assert.Equal(Codes.UserFunctionNoOverload, error.Code);
        Assert.Equal("no Eval method of 'clamp' takes (STRING, INT, INT)", error.Message);
        Assert.Equal("overloads: clamp(BIGINT, BIGINT, BIGINT) → BIGINT; clamp(DOUBLE, DOUBLE, DOUBLE) → DOUBLE", error.Help);
    }
}
