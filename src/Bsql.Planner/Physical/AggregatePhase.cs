namespace Bsql.Planner.Physical;

/// <summary>Which part of a (possibly two-phase) aggregation an operator computes.</summary>
public enum AggregatePhase
{
    /// <summary>The whole aggregation in one operator.</summary>
    Single,
    /// <summary>A local pre-aggregation before the exchange: emits partial accumulators.</summary>
    Local,
    /// <summary>The global merge of partial accumulators after the exchange.</summary>
    Global,
}
