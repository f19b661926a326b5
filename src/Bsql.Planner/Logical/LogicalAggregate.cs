using System.Collections.Immutable;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;

namespace Bsql.Planner.Logical;

/// <summary>
/// An unbounded GROUP BY: output is the group keys then the aggregates. <paramref name="Phase"/> tells a split
/// (two-phase) aggregation's local and global halves apart; <paramref name="SkewBuckets"/> is set by the
/// <c>SKEW</c> hint.
/// </summary>
public sealed record LogicalAggregate(
    LogicalNode Source, ImmutableArray<int> GroupKeys, ImmutableArray<AggregateCall> Aggregates, AggregatePhase Phase, RowSchema Output, int? SkewBuckets = null)
    : LogicalNode
{
    /// <summary>True for the halves of a distinct split (so the split is not applied again).</summary>
    public bool Split { get; init; }

    /// <inheritdoc />
    public override ImmutableArray<LogicalNode> Inputs => [Source];

    /// <inheritdoc />
    public override RowSchema Schema => Output;

    /// <inheritdoc />
    public override LogicalNode WithInputs(ImmutableArray<LogicalNode> inputs) => this with { Source = inputs[0] };

    /// <inheritdoc />
    public override string ExplainLine()
    {
        var name = Phase switch { AggregatePhase.Local => "LocalGroupAggregate", AggregatePhase.Global => "GlobalGroupAggregate", _ => "GroupAggregate" };
        var select = GroupKeys.Select(k => Source.Schema[k].Name).Concat(Aggregates.Select(a => ExplainFormat.Aggregate(a, Source.Schema)));
        return $"{name}({(GroupKeys.IsEmpty ? "" : $"groupBy=[{ExplainFormat.Columns(Source.Schema, GroupKeys)}], ")}select=[{string.Join(", ", select)}])";
    }
}
