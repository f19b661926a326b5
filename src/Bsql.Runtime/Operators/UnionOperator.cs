using Bsql.Planner.Physical;

namespace Bsql.Runtime.Operators;

/// <summary><c>UNION ALL</c> (<see cref="UnionSpec"/>): forwards every input's batches; the watermark is the minimum over inputs (the runtime's default).</summary>
public sealed class UnionOperator : StreamOperator
{
    /// <inheritdoc />
    public override void ProcessBatch(int input, RowBatch batch) => Emit(batch);
}
