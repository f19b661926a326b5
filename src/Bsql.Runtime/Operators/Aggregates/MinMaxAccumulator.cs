using Bsql.Runtime.State;

namespace Bsql.Runtime.Operators.Aggregates;

/// <summary>
/// <c>MIN(x)</c> / <c>MAX(x)</c> over non-NULL values. On an append-only input it keeps one value; on an
/// update stream (<paramref name="retractable"/>) it keeps the multiset of values so a retraction of
/// the current extreme finds the next one.
/// </summary>
internal sealed class MinMaxAccumulator(bool max, bool retractable) : Accumulator
{
    private object? _value;
    private SortedDictionary<object, long>? _values;

    public override void Add(object? value)
    {
        if (value is null) return;
        if (retractable)
        {
            _values ??= new SortedDictionary<object, long>(SqlValueComparer.Instance!);
            _values[value] = _values.TryGetValue(value, out var n) ? n + 1 : 1;
            return;
        }
        if (_value is null) _value = value;
        else
        {
            var c = SqlValueComparer.Instance.Compare(value, _value);
            if (max ? c > 0 : c < 0) _value = value;
        }
    }

    public override void Retract(object? value)
    {
        if (value is null || _values is null) return;
        if (_values.TryGetValue(value, out var n))
        {
            if (n <= 1) _values.Remove(value);
            else _values[value] = n - 1;
        }
    }

    public override void Merge(Accumulator other)
    {
        var o = (MinMaxAccumulator)other;
        if (o._values is not null)
        {
            foreach (var (value, n) in o._values)
            {
                for (var i = 0; i < n; i++) Add(value);
            }
        }
        else if (o._value is not null) Add(o._value);
    }

    public override object? Result()
    {
        if (!retractable) return _value;
        if (_values is null || _values.Count == 0) return null;
        return max ? _values.Keys.Last() : _values.Keys.First();
    }

    public override bool IsEmpty => retractable ? _values is null || _values.Count == 0 : _value is null;

    public override int EstimatedBytes => _values is null ? 48 : 48 + 48 + 72 * _values.Count;

    public override bool Grows => retractable;

    public override void Write(BinaryWriter writer)
    {
        if (!retractable)
        {
            ValueCodec.Write(writer, _value);
            return;
        }
        writer.Write(_values?.Count ?? 0);
        if (_values is null) return;
        foreach (var (value, n) in _values)
        {
            ValueCodec.Write(writer, value);
            writer.Write(n);
        }
    }

    public override void Read(BinaryReader reader)
    {
        if (!retractable)
        {
            _value = ValueCodec.Read(reader);
            return;
        }
        var count = reader.ReadInt32();
        _values = new SortedDictionary<object, long>(SqlValueComparer.Instance!);
        for (var i = 0; i < count; i++)
        {
            var value = ValueCodec.Read(reader)!;
            _values[value] = reader.ReadInt64();
        }
    }
}
