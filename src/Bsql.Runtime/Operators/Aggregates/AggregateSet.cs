using System.Collections.Immutable;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Execution;

namespace Bsql.Runtime.Operators.Aggregates;

/// <summary>
/// The aggregate calls of one aggregation operator: creates a group's accumulators and feeds them a
/// row (FILTER and DISTINCT applied here). Allocation-free per row.
/// </summary>
internal sealed class AggregateSet
{
    private static readonly object CountStarMarker = true;

    private readonly AggregateCall[] _calls;
    private readonly int[] _args;
    private readonly int[] _filters;
    private readonly RowSchema _input;
    private readonly bool _retractable;
    private readonly string?[] _separators;

    public AggregateSet(ImmutableArray<AggregateCall> calls, RowSchema input, bool retractable)
    {
        _calls = [.. calls];
        _input = input;
        _retractable = retractable;
        _args = new int[_calls.Length];
        _filters = new int[_calls.Length];
        _separators = new string?[_calls.Length];
        for (var i = 0; i < _calls.Length; i++)
        {
            var call = _calls[i];
            _args[i] = call.Function == AggregateFunction.CountStar || call.Args.IsEmpty ? -1 : call.Args[0];
            _filters[i] = call.FilterIndex;
            if (_args[i] < -1 || _args[i] >= input.Count)
            {
                throw new BsqlRuntimeException(RuntimeErrors.InvalidPlan, $"aggregate {call.Name}: argument column {_args[i]} out of range");
            }
        }
    }

    public int Count => _calls.Length;

    /// <summary>Accumulators for a new group whose first row is <paramref name="firstRow"/> (null: none yet, e.g. a merge target or a restore).</summary>
    public Accumulator[] Create(object?[]? firstRow)
    {
        var accumulators = new Accumulator[_calls.Length];
        for (var i = 0; i < _calls.Length; i++) accumulators[i] = CreateOne(i, firstRow);
        return accumulators;
    }

    public static bool IsEmpty(Accumulator[] accumulators)
    {
        foreach (var a in accumulators)
        {
            if (!a.IsEmpty) return false;
        }
        return true;
    }

    public void Add(Accumulator[] accumulators, object?[] row)
    {
        for (var i = 0; i < accumulators.Length; i++)
        {
            var f = _filters[i];
            if (f >= 0 && row[f] is not true) continue;
            var a = _args[i];
            accumulators[i].Add(a < 0 ? CountStarMarker : row[a]);
        }
    }

    public void Retract(Accumulator[] accumulators, object?[] row)
    {
        for (var i = 0; i < accumulators.Length; i++)
        {
            var f = _filters[i];
            if (f >= 0 && row[f] is not true) continue;
            var a = _args[i];
            accumulators[i].Retract(a < 0 ? CountStarMarker : row[a]);
        }
    }

    public static void Merge(Accumulator[] into, Accumulator[] from)
    {
        for (var i = 0; i < into.Length; i++) into[i].Merge(from[i]);
    }

    public static void WriteResults(Accumulator[] accumulators, object?[] output, int offset)
    {
        for (var i = 0; i < accumulators.Length; i++) output[offset + i] = accumulators[i].Result();
    }

    private Accumulator CreateOne(int i, object?[]? firstRow)
    {
        var call = _calls[i];
        // LISTAGG's separator is a constant column: remember it from the first row that shows it.
        if (call.Function == AggregateFunction.ListAgg && call.Args.Length > 1 && _separators[i] is null && firstRow?[call.Args[1]] is string sep)
        {
            _separators[i] = sep;
        }
        var argType = _args[i] >= 0 ? _input[_args[i]].Type : SqlType.BigInt;
        Accumulator accumulator = call.Function switch
        {
            AggregateFunction.CountStar or AggregateFunction.Count => new CountAccumulator(),
            AggregateFunction.Sum => new SumAccumulator(Numeric.KindOf(argType), call.Type, zeroWhenEmpty: false, average: false),
            AggregateFunction.Sum0 => new SumAccumulator(Numeric.KindOf(argType), call.Type, zeroWhenEmpty: true, average: false),
            AggregateFunction.Avg => new SumAccumulator(Numeric.KindOf(argType), call.Type, zeroWhenEmpty: false, average: true),
            AggregateFunction.Min => new MinMaxAccumulator(max: false, _retractable),
            AggregateFunction.Max => new MinMaxAccumulator(max: true, _retractable),
            AggregateFunction.FirstValue => new ValueListAccumulator(_retractable ? ValueListKind.ListAgg : ValueListKind.FirstValue, ","),
            AggregateFunction.LastValue => new ValueListAccumulator(_retractable ? ValueListKind.ListAgg : ValueListKind.LastValue, ","),
            AggregateFunction.ListAgg => new ValueListAccumulator(ValueListKind.ListAgg, _separators[i] ?? ","),
            AggregateFunction.ApproxCountDistinct => new HyperLogLogAccumulator(),
            _ => throw new BsqlRuntimeException(RuntimeErrors.InvalidPlan, $"aggregate function {call.Function} is not supported"),
        };
        if (_retractable && call.Function is AggregateFunction.FirstValue or AggregateFunction.LastValue)
        {
            accumulator = new PositionalValueAccumulator(call.Function == AggregateFunction.FirstValue);
        }
        return call.Distinct && call.Function != AggregateFunction.CountStar ? new DistinctAccumulator(accumulator) : accumulator;
    }
}
