using System.Collections.Immutable;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;

namespace Bsql.Planner.Logical;

/// <summary>
/// A window TVF (<c>TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), size))</c>) or the window of a group-window GROUP BY:
/// the input columns plus <c>window_start</c>, <c>window_end</c>, <c>window_time</c>. It is always consumed by a
/// rule that turns it and its aggregation into a <see cref="LogicalWindowAggregate"/>.
/// </summary>
public sealed record LogicalWindowTableFunction(LogicalNode Source, WindowSpec Window, RowSchema Output) : LogicalNode
{
    /// <inheritdoc />
    public override ImmutableArray<LogicalNode> Inputs => [Source];

    /// <inheritdoc />
    public override RowSchema Schema => Output;

    /// <inheritdoc />
    public override LogicalNode WithInputs(ImmutableArray<LogicalNode> inputs) => this with { Source = inputs[0] };

    /// <inheritdoc />
    public override string ExplainLine() => $"WindowTableFunction(window=[{ExplainFormat.Window(Window, Source.Schema)}])";

    /// <summary>Position of <c>window_start</c> in the output.</summary>
    public int WindowStartIndex => Source.Schema.Count;
}
