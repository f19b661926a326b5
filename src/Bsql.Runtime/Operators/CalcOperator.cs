using Bsql.Planner.Expressions;
using Bsql.Planner.Physical;

namespace Bsql.Runtime.Operators;

/// <summary>
/// Filter then project (<see cref="CalcSpec"/>): for each row where the condition is TRUE, emits the
/// projections. Expressions are compiled once; a projection that only reorders input columns copies
/// references without calling delegates. The row kind passes through.
/// </summary>
public sealed class CalcOperator : StreamOperator
{
    private readonly CalcSpec _spec;
    private Func<object?[], bool>? _condition;
    private Func<object?[], object?>[] _projections = [];
    private int[] _columns = [];
    private bool _identity;

    /// <summary>An operator executing <paramref name="spec"/>.</summary>
    public CalcOperator(CalcSpec spec) => _spec = spec;

    /// <inheritdoc />
    public override ValueTask OpenAsync(CancellationToken cancellationToken)
    {
        var compiler = Context.Expressions;
        _condition = _spec.Condition is null ? null : compiler.CompilePredicate(_spec.Condition);
        var n = _spec.Projections.Length;
        _projections = new Func<object?[], object?>[n];
        _columns = new int[n];
        var allRefs = true;
        for (var i = 0; i < n; i++)
        {
            if (_spec.Projections[i] is InputRef r)
            {
                _columns[i] = r.Index;
            }
            else
            {
                _columns[i] = -1;
                allRefs = false;
                _projections[i] = compiler.Compile(_spec.Projections[i]);
            }
        }
        var inputWidth = Context.InputSchemas.Count > 0 ? Context.InputSchemas[0].Count : -1;
        _identity = allRefs && n == inputWidth && Enumerable.Range(0, n).All(i => _columns[i] == i);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override void ProcessBatch(int input, RowBatch batch)
    {
        if (_identity && _condition is null)
        {
            Emit(batch);
            return;
        }
        var rows = batch.Rows;
        var kinds = batch.Kinds;
        var output = new RowBatch(rows.Length);
        var condition = _condition;
        for (var r = 0; r < rows.Length; r++)
        {
            var row = rows[r];
            if (condition is not null && !condition(row)) continue;
            var result = _identity ? row : Project(row);
            if (kinds is null) output.Add(result);
            else output.Add(result, kinds[r]);
        }
        Emit(output);
    }

    private object?[] Project(object?[] row)
    {
        var columns = _columns;
        var result = new object?[columns.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            var c = columns[i];
            result[i] = c >= 0 ? row[c] : _projections[i](row);
        }
        return result;
    }
}
