using System.Text;
using Bsql.Runtime.Formats;
using Bsql.Runtime.State;

namespace Bsql.Runtime.Operators.Aggregates;

/// <summary>What a <see cref="ValueListAccumulator"/> computes.</summary>
internal enum ValueListKind
{
    FirstValue,
    LastValue,
    ListAgg,
}

/// <summary>
/// <c>FIRST_VALUE(x)</c>, <c>LAST_VALUE(x)</c> (non-NULL values, in arrival order) and
/// <c>LISTAGG(x, sep)</c> (non-NULL values joined by the separator, default <c>,</c>). Keeps the values
/// in order, so retractions remove the latest equal value.
/// </summary>
internal sealed class ValueListAccumulator(ValueListKind kind, string separator) : Accumulator
{
    private readonly List<object> _values = [];

    public override void Add(object? value)
    {
        if (value is null) return;
        // FIRST_VALUE over an append-only input only ever needs its first value.
        if (kind == ValueListKind.FirstValue && _values.Count > 0) return;
        if (kind == ValueListKind.LastValue && _values.Count > 0) _values.Clear();
        _values.Add(value);
    }

    public override void Retract(object? value)
    {
        if (value is null) return;
        for (var i = _values.Count - 1; i >= 0; i--)
        {
            if (SqlValueComparer.Instance.Equals(_values[i], value))
            {
                _values.RemoveAt(i);
                return;
            }
        }
    }

    public override void Merge(Accumulator other)
    {
        foreach (var value in ((ValueListAccumulator)other)._values) Add(value);
    }

    public override object? Result()
    {
        if (_values.Count == 0) return null;
        switch (kind)
        {
            case ValueListKind.FirstValue: return _values[0];
            case ValueListKind.LastValue: return _values[^1];
            default:
                var text = new StringBuilder();
                for (var i = 0; i < _values.Count; i++)
                {
                    if (i > 0) text.Append(separator);
                    ValueText.Append(text, _values[i]);
                }
                return text.ToString();
        }
    }

    public override bool IsEmpty => _values.Count == 0;

    public override int EstimatedBytes => 64 + 40 * _values.Count;

    public override bool Grows => true;

    public override void Write(BinaryWriter writer)
    {
        writer.Write(_values.Count);
        foreach (var value in _values) ValueCodec.Write(writer, value);
    }

    public override void Read(BinaryReader reader)
    {
        _values.Clear();
        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++) _values.Add(ValueCodec.Read(reader)!);
    }
}
