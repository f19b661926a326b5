using Bsql.Planner.Expressions;

namespace Bsql.Planner.Physical;

/// <summary>
/// <c>WATERMARK FOR rowtime AS expression</c>: per partition, the watermark is the maximum of
/// <paramref name="Expression"/> (a TIMESTAMP over the source's output row) seen so far.
/// </summary>
/// <param name="RowtimeIndex">The event-time column in the source's output.</param>
/// <param name="Expression">The watermark expression, e.g. <c>ts - INTERVAL '5' SECOND</c>.</param>
/// <param name="IdleTimeoutMs">A partition with no rows for this long no longer holds the watermark back.</param>
public sealed record WatermarkSpec(int RowtimeIndex, BoundExpr Expression, long? IdleTimeoutMs);
