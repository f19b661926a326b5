using System.Collections.Immutable;
using Bsql.Planner.Expressions;
using Bsql.Planner.Physical;
using Bsql.Planner.Serialization;
using Bsql.Planner.Types;

namespace Bsql.Planner.Tests;

public class SerializationTests
{
    public static TheoryData<string> Literals() => new(
        "int", "bigint", "tinyint", "smallint", "double", "nan", "float", "decimal", "string", "bytes", "date", "time", "timestamp", "ltz",
        "interval", "months", "array", "map", "row", "null", "bool");

    private static Literal Make(string kind) => kind switch
    {
        "int" => new Literal(-42, SqlType.Int),
        "bigint" => new Literal(long.MaxValue, SqlType.BigInt),
        "tinyint" => new Literal((sbyte)-7, SqlType.Of(SqlTypeKind.TinyInt)),
        "smallint" => new Literal((short)1234, SqlType.Of(SqlTypeKind.SmallInt)),
        "double" => new Literal(0.1 + 0.2, SqlType.Double),
        "nan" => new Literal(double.NegativeInfinity, SqlType.Double),
        "float" => new Literal(1.5f, SqlType.Of(SqlTypeKind.Float)),
        "decimal" => new Literal(123456789012345678.901m, SqlType.Decimal(21, 3)),
        "string" => new Literal("it's \"quoted\" ✓", SqlType.String),
        "bytes" => new Literal(new byte[] { 0, 1, 255 }, SqlType.Bytes),
        "date" => new Literal(new DateOnly(2024, 2, 29), SqlType.Date),
        "time" => new Literal(new TimeOnly(23, 59, 58, 123), new SqlType { Kind = SqlTypeKind.Time, Precision = 3 }),
        "timestamp" => new Literal(new DateTime(2024, 1, 31, 12, 0, 0, 5, DateTimeKind.Unspecified), SqlType.Timestamp(3)),
        "ltz" => new Literal(new DateTime(2024, 1, 31, 12, 0, 0, DateTimeKind.Utc), SqlType.TimestampLtz(3)),
        "interval" => new Literal(90_000L, SqlType.Of(SqlTypeKind.IntervalDayTime)),
        "months" => new Literal(14, SqlType.Of(SqlTypeKind.IntervalYearMonth)),
        "array" => new Literal(new object?[] { 1, null, 3 }, SqlType.Array(SqlType.Int)),
        "map" => new Literal(new Dictionary<object, object?> { ["a"] = 1L, ["b"] = null }, SqlType.Map(SqlType.String, SqlType.BigInt)),
        "row" => new Literal(new object?[] { "x", 2.5m }, SqlType.Row([new RowField("a", SqlType.String), new RowField("b", SqlType.Decimal(5, 1))])),
        "null" => new Literal(null, SqlType.String),
        _ => new Literal(true, SqlType.Boolean),
    };

    private static PhysicalPlan PlanWith(BoundExpr expr) =>
        new(PhysicalPlan.CurrentFormatVersion, "t", new JobOptions(),
            [new PhysicalOperator(0, "Calc", new CalcSpec([expr], new Call("IS NOT NULL", [expr], SqlType.Boolean)), RowSchema.Empty, ChangelogMode.InsertOnly, 1)],
            ImmutableArray<PhysicalEdge>.Empty);

    [Theory]
    [MemberData(nameof(Literals))]
    public void Literal_RoundTripsWithItsRuntimeType(string kind)
    {
        var literal = Make(kind);
        var plan = PlanWith(literal);
        var back = PlanSerializer.Deserialize(PlanSerializer.Serialize(plan));
        Assert.Equal(plan, back);
        var value = ((Literal)((CalcSpec)back.Operators[0].Spec).Projections[0]).Value;
        Assert.Equal(literal.Value?.GetType(), value?.GetType());
        if (value is DateTime dt) Assert.Equal(((DateTime)literal.Value!).Kind, dt.Kind);
    }

    [Fact]
    public void Deserialize_RefusesAnotherFormatVersion()
    {
        var json = PlanSerializer.Serialize(PlanWith(new Literal(1, SqlType.Int))).Replace("\"formatVersion\": 1", "\"formatVersion\": 99", StringComparison.Ordinal);
        var error = Assert.Throws<PlanFormatException>(() => PlanSerializer.Deserialize(json));
        Assert.Equal("BSQL2025", error.Diagnostic.Code);
        Assert.Equal("expected plan format version 1, found 99", error.Diagnostic.Message);
    }

    [Fact]
    public void Deserialize_RefusesJsonThatIsNotAPlan()
    {
        Assert.Equal("BSQL2025", Assert.Throws<PlanFormatException>(() => PlanSerializer.Deserialize("{\"name\": 1}")).Diagnostic.Code);
        Assert.Equal("BSQL2025", Assert.Throws<PlanFormatException>(() => PlanSerializer.Deserialize("{not json")).Diagnostic.Code);
    }

    [Fact]
    public void Serialize_WritesDiscriminatorsAndCamelCase()
    {
        var json = PlanSerializer.Serialize(PlanWith(new Call("+", [new InputRef(0, SqlType.Int), new Literal(1, SqlType.Int)], SqlType.Int)));
        Assert.Contains("\"op\": \"calc\"", json);
        Assert.Contains("\"expr\": \"call\"", json);
        Assert.Contains("\"function\": \"+\"", json);
        Assert.Contains("\"changelog\": \"insertOnly\"", json);
    }
}
