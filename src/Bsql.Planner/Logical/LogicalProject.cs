using System.Collections.Immutable;
using Bsql.Planner.Expressions;
using Bsql.Planner.Types;

namespace Bsql.Planner.Logical;

/// <summary>Computes <paramref name="Projections"/> for each row, named by <paramref name="Output"/>.</summary>
public sealed record LogicalProject(LogicalNode Source, ImmutableArray<BoundExpr> Projections, RowSchema Output) : LogicalNode
{
    /// <inheritdoc />
    public override ImmutableArray<LogicalNode> Inputs => [Source];

    /// <inheritdoc />
    public override RowSchema Schema => Output;

    /// <inheritdoc />
    public override LogicalNode WithInputs(ImmutableArray<LogicalNode> inputs) => this with { Source = inputs[0] };

    /// <inheritdoc />
    public override string ExplainLine() => $"Project(select=[{ExplainFormat.Projection(Projections, Source.Schema, Output)}])";

    /// <summary>True when the projection returns its input unchanged.</summary>
    public bool IsIdentity =>
        Projections.Length == Source.Schema.Count
        && Projections.Select((p, i) => p is InputRef r && r.Index == i && Output[i].Name == Source.Schema[i].Name).All(b => b);
}
