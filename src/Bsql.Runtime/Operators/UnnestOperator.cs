using System.Collections;
using Bsql.Planner.Physical;

namespace Bsql.Runtime.Operators;

/// <summary>
/// Expands each row by the elements of a collection it holds (<see cref="UnnestSpec"/>): the input columns followed by the
/// element (an ARRAY's element, an ARRAY of ROWs' fields, a MAP's key and value) and, with ordinality, its 1-based
/// position. An outer unnest emits a row with nothing to expand once, padded with NULLs. Stateless; row kinds pass through.
/// </summary>
public sealed class UnnestOperator : StreamOperator
{
    private readonly UnnestSpec _spec;
    private Func<object?[], object?> _collection = _ => null;
    private int _elementWidth;

    /// <summary>An operator executing <paramref name="spec"/>.</summary>
    public UnnestOperator(UnnestSpec spec) => _spec = spec;

    /// <inheritdoc />
    public override ValueTask OpenAsync(CancellationToken cancellationToken)
    {
        _collection = Context.Expressions.Compile(_spec.Collection);
        _elementWidth = _spec.Kind switch
        {
            UnnestKind.Map => 2,
            UnnestKind.ArrayOfRows => _spec.Collection.Type.Element!.Fields.Length,
            _ => 1,
        } + (_spec.WithOrdinality ? 1 : 0);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override void ProcessBatch(int input, RowBatch batch)
    {
        var rows = batch.Rows;
        for (var r = 0; r < rows.Length; r++)
        {
            var row = rows[r];
            var kind = batch.KindAt(r);
            var emitted = _collection(row) switch
            {
                object?[] array => ExpandArray(row, kind, array),
                IDictionary map => ExpandMap(row, kind, map),
                _ => 0,
            };
            if (emitted == 0 && _spec.Outer) Collect(Widen(row), kind);
        }
    }

    private int ExpandArray(object?[] row, RowKind kind, object?[] array)
    {
        for (var i = 0; i < array.Length; i++)
        {
            var output = Widen(row);
            var at = row.Length;
            if (_spec.Kind == UnnestKind.ArrayOfRows)
            {
                // A NULL element of an ARRAY of ROWs gives NULL fields.
                if (array[i] is object?[] fields) Array.Copy(fields, 0, output, at, fields.Length);
                at += _elementWidth - (_spec.WithOrdinality ? 1 : 0);
            }
            else
            {
                output[at++] = array[i];
            }
            if (_spec.WithOrdinality) output[at] = i + 1;
            Collect(output, kind);
        }
        return array.Length;
    }

    private int ExpandMap(object?[] row, RowKind kind, IDictionary map)
    {
        var ordinal = 0;
        foreach (DictionaryEntry entry in map)
        {
            var output = Widen(row);
            output[row.Length] = entry.Key;
            output[row.Length + 1] = entry.Value;
            if (_spec.WithOrdinality) output[row.Length + 2] = ++ordinal;
            Collect(output, kind);
        }
        return map.Count;
    }

    private object?[] Widen(object?[] row)
    {
        var output = new object?[row.Length + _elementWidth];
        Array.Copy(row, output, row.Length);
        return output;
    }
}
