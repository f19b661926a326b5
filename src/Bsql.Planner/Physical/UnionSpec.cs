namespace Bsql.Planner.Physical;

/// <summary><c>UNION ALL</c>: forwards the rows of every input (all of the same schema); the watermark is the minimum over inputs.</summary>
public sealed record UnionSpec : OperatorSpec;
