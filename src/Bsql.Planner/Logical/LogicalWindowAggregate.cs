using System.Collections.Immutable;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;

namespace Bsql.Planner.Logical;

/// <summary>A windowed aggregation: output is group keys, aggregates, then the window <paramref name="Properties"/>.</summary>
public sealed record LogicalWindowAggregate(
    LogicalNode Source,
    WindowSpec Window,
    ImmutableArray<int> GroupKeys,
    ImmutableArray<AggregateCall> Aggregates,
    ImmutableArray<WindowProperty> Properties,
    AggregatePhase Phase,
    RowSchema Output) : LogicalNode
{
    /// <inheritdoc />
    public override ImmutableArray<LogicalNode> Inputs => [Source];

    /// <inheritdoc />
    public override RowSchema Schema => Output;

    /// <inheritdoc />
    public override LogicalNode WithInputs(ImmutableArray<LogicalNode> inputs) => this with { Source = inputs[0] };

    /// <inheritdoc />
    public override string ExplainLine()
    {
        var name = Phase switch { AggregatePhase.Local => "LocalWindowAggregate", AggregatePhase.Global => "GlobalWindowAggregate", _ => "WindowAggregate" };
        var select = GroupKeys.Select(k => Source.Schema[k].Name)
            .Concat(Aggregates.Select(a => ExplainFormat.Aggregate(a, Source.Schema)))
            .Concat(Properties.Select((p, i) => Output[GroupKeys.Length + Aggregates.Length + i].Name));
        return $"{name}({(GroupKeys.IsEmpty ? "" : $"groupBy=[{ExplainFormat.Columns(Source.Schema, GroupKeys)}], ")}window=[{ExplainFormat.Window(Window, Source.Schema)}], select=[{string.Join(", ", select)}])";
    }
}
