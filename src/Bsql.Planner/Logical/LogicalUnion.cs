using System.Collections.Immutable;
using Bsql.Planner.Types;

namespace Bsql.Planner.Logical;

/// <summary><c>UNION ALL</c> of inputs with the same schema.</summary>
public sealed record LogicalUnion(ImmutableArray<LogicalNode> Sources, RowSchema Output) : LogicalNode
{
    /// <inheritdoc />
    public override ImmutableArray<LogicalNode> Inputs => Sources;

    /// <inheritdoc />
    public override RowSchema Schema => Output;

    /// <inheritdoc />
    public override LogicalNode WithInputs(ImmutableArray<LogicalNode> inputs) => this with { Sources = inputs };

    /// <inheritdoc />
    public override string ExplainLine() => $"Union(all=[true], union=[{ExplainFormat.Names(Output)}])";
}
