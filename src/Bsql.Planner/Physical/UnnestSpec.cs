using Bsql.Planner.Expressions;

namespace Bsql.Planner.Physical;

/// <summary>
/// <c>t CROSS JOIN UNNEST(expr) [WITH ORDINALITY]</c> (and <c>LEFT JOIN UNNEST(expr) ON TRUE</c>): each input row is
/// emitted once per element of <paramref name="Collection"/>, followed by the element's columns (and its 1-based position
/// with ordinality). With <paramref name="Outer"/> a row whose collection is NULL or empty is emitted once, padded with NULLs.
/// The row kind passes through.
/// </summary>
/// <param name="Collection">The unnested expression over the input row.</param>
/// <param name="Kind">What it holds.</param>
/// <param name="Outer">LEFT JOIN: keep rows with nothing to unnest.</param>
/// <param name="WithOrdinality">Append each element's position.</param>
public sealed record UnnestSpec(BoundExpr Collection, UnnestKind Kind, bool Outer, bool WithOrdinality) : OperatorSpec;
