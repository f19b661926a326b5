using Bsql.Runtime.State;

namespace Bsql.Runtime.Operators.Aggregates;

/// <summary>FIRST_VALUE / LAST_VALUE over an update stream: keeps every non-NULL value in arrival order so retractions can be undone.</summary>
internal sealed class PositionalValueAccumulator(bool first) : Accumulator
{
    private readonly List<object> _values = [];

    public override void Add(object? value)
    {
        if (value is not null) _values.Add(value);
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

    public override void Merge(Accumulator other) => _values.AddRange(((PositionalValueAccumulator)other)._values);

    public override object? Result() => _values.Count == 0 ? null : first ? _values[0] : _values[^1];

    public override bool IsEmpty => _values.Count == 0;

    public override int EstimatedBytes => 56 + 40 * _values.Count;

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
