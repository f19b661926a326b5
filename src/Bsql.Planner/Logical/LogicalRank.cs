using System.Collections.Immutable;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;

namespace Bsql.Planner.Logical;

/// <summary>
/// <c>ROW_NUMBER() OVER (PARTITION BY .. ORDER BY ..)</c>: the input columns plus the row number (when
/// <paramref name="OutputRank"/>). <paramref name="Limit"/> is null until the Top-N rule absorbs the filter
/// <c>rn &lt;= N</c>.
/// </summary>
public sealed record LogicalRank(
    LogicalNode Source, ImmutableArray<int> PartitionKeys, ImmutableArray<SortKey> OrderBy, long? Limit, bool OutputRank, int? WindowEndIndex, RowSchema Output)
    : LogicalNode
{
    /// <inheritdoc />
    public override ImmutableArray<LogicalNode> Inputs => [Source];

    /// <inheritdoc />
    public override RowSchema Schema => Output;

    /// <inheritdoc />
    public override LogicalNode WithInputs(ImmutableArray<LogicalNode> inputs) => this with { Source = inputs[0] };

    /// <inheritdoc />
    public override string ExplainLine() =>
        $"{(WindowEndIndex is null ? "Rank" : "WindowRank")}(rankType=[ROW_NUMBER], rankRange=[{(Limit is { } n ? $"rankStart=1, rankEnd={n}" : "unbounded")}], "
        + $"partitionBy=[{ExplainFormat.Columns(Source.Schema, PartitionKeys)}], orderBy=[{string.Join(", ", OrderBy.Select(o => Source.Schema[o.Index].Name + (o.Descending ? " DESC" : " ASC")))}], "
        + $"select=[{ExplainFormat.Names(Output)}])";

    /// <summary>Position of the row number column (the last output column) when <see cref="OutputRank"/>.</summary>
    public int RankIndex => Source.Schema.Count;
}
