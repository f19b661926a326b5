using System.Collections.Immutable;
using Bsql.Planner.Types;

namespace Bsql.Planner.Logical;

/// <summary>
/// A relational operator of the logical plan. Nodes are immutable; rewrite rules build new trees. Column
/// references in a node's expressions are positions in its input schema (for two inputs: left, then right).
/// Trees are compared by reference (never structurally) by the planner.
/// </summary>
public abstract record LogicalNode
{
    /// <summary>The inputs, in order.</summary>
    public abstract ImmutableArray<LogicalNode> Inputs { get; }

    /// <summary>The schema of the rows this node produces.</summary>
    public abstract RowSchema Schema { get; }

    /// <summary>One line for EXPLAIN, e.g. <c>Calc(select=[a, b], where=[(c &gt; 10)])</c>.</summary>
    public abstract string ExplainLine();

    /// <summary>This node with other inputs (same count).</summary>
    public abstract LogicalNode WithInputs(ImmutableArray<LogicalNode> inputs);

    /// <summary>The single input of a one-input node.</summary>
    public LogicalNode Input => Inputs[0];

    /// <inheritdoc />
    public virtual bool Equals(LogicalNode? other) => ReferenceEquals(this, other);

    /// <inheritdoc />
    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);
}
