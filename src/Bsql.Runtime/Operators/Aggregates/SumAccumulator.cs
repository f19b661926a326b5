using Bsql.Planner.Types;

namespace Bsql.Runtime.Operators.Aggregates;

/// <summary>
/// <c>SUM(x)</c> (NULL over no non-NULL value), <c>SUM0(x)</c> (0 instead) and <c>AVG(x)</c> (integer
/// AVG truncates, as in Flink: AVG of BIGINT is BIGINT). The result has the call's type.
/// </summary>
internal sealed class SumAccumulator : Accumulator
{
    private readonly NumericKind _kind;
    private readonly SqlType _resultType;
    private readonly bool _zeroWhenEmpty;
    private readonly bool _average;
    private long _longSum;
    private double _doubleSum;
    private decimal _decimalSum;
    private long _count;

    public SumAccumulator(NumericKind kind, SqlType resultType, bool zeroWhenEmpty, bool average)
    {
        _kind = kind;
        _resultType = resultType;
        _zeroWhenEmpty = zeroWhenEmpty;
        _average = average;
    }

    public override void Add(object? value)
    {
        if (value is null) return;
        _count++;
        switch (_kind)
        {
            case NumericKind.Integer: _longSum += Numeric.ToLong(value); break;
            case NumericKind.Floating: _doubleSum += Numeric.ToDouble(value); break;
            default: _decimalSum += Numeric.ToDecimal(value); break;
        }
    }

    public override void Retract(object? value)
    {
        if (value is null) return;
        _count--;
        switch (_kind)
        {
            case NumericKind.Integer: _longSum -= Numeric.ToLong(value); break;
            case NumericKind.Floating: _doubleSum -= Numeric.ToDouble(value); break;
            default: _decimalSum -= Numeric.ToDecimal(value); break;
        }
    }

    public override void Merge(Accumulator other)
    {
        var o = (SumAccumulator)other;
        _count += o._count;
        _longSum += o._longSum;
        _doubleSum += o._doubleSum;
        _decimalSum += o._decimalSum;
    }

    public override object? Result()
    {
        if (_count == 0)
        {
            if (!_zeroWhenEmpty) return null;
            return _kind switch
            {
                NumericKind.Integer => Numeric.FromLong(0, _resultType),
                NumericKind.Floating => Numeric.FromDouble(0, _resultType),
                _ => Numeric.FromDecimal(0, _resultType),
            };
        }
        if (_average)
        {
            return _kind switch
            {
                NumericKind.Integer => Numeric.FromLong(_longSum / _count, _resultType),
                NumericKind.Floating => Numeric.FromDouble(_doubleSum / _count, _resultType),
                _ => Numeric.FromDecimal(_decimalSum / _count, _resultType),
            };
        }
        return _kind switch
        {
            NumericKind.Integer => Numeric.FromLong(_longSum, _resultType),
            NumericKind.Floating => Numeric.FromDouble(_doubleSum, _resultType),
            _ => Numeric.FromDecimal(_decimalSum, _resultType),
        };
    }

    public override bool IsEmpty => _count == 0;

    public override int EstimatedBytes => 72;

    public override void Write(BinaryWriter writer)
    {
        writer.Write(_count);
        writer.Write(_longSum);
        writer.Write(_doubleSum);
        writer.Write(_decimalSum);
    }

    public override void Read(BinaryReader reader)
    {
        _count = reader.ReadInt64();
        _longSum = reader.ReadInt64();
        _doubleSum = reader.ReadDouble();
        _decimalSum = reader.ReadDecimal();
    }
}
