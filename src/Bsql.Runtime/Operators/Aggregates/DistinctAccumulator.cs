using Bsql.Runtime.State;

namespace Bsql.Runtime.Operators.Aggregates;

/// <summary><c>agg(DISTINCT x)</c>: counts each value and passes only its first occurrence (and its last retraction) to the inner accumulator.</summary>
internal sealed class DistinctAccumulator(Accumulator inner) : Accumulator
{
    private readonly Dictionary<object, long> _seen = new(SqlValueComparer.Instance!);

    public override void Add(object? value)
    {
        if (value is null) return;
        ref var count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_seen, value, out _);
        if (count++ == 0) inner.Add(value);
    }

    public override void Retract(object? value)
    {
        if (value is null || !_seen.TryGetValue(value, out var count)) return;
        if (count <= 1)
        {
            _seen.Remove(value);
            inner.Retract(value);
        }
        else _seen[value] = count - 1;
    }

    public override void Merge(Accumulator other)
    {
        foreach (var (value, n) in ((DistinctAccumulator)other)._seen)
        {
            if (_seen.TryGetValue(value, out var count)) _seen[value] = count + n;
            else
            {
                _seen[value] = n;
                inner.Add(value);
            }
        }
    }

    public override object? Result() => inner.Result();

    public override bool IsEmpty => _seen.Count == 0;

    public override int EstimatedBytes => 24 + 80 + 64 * _seen.Count + inner.EstimatedBytes;

    public override bool Grows => true;

    public override void Write(BinaryWriter writer)
    {
        inner.Write(writer);
        writer.Write(_seen.Count);
        foreach (var (value, n) in _seen)
        {
            ValueCodec.Write(writer, value);
            writer.Write(n);
        }
    }

    public override void Read(BinaryReader reader)
    {
        inner.Read(reader);
        _seen.Clear();
        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            var value = ValueCodec.Read(reader)!;
            _seen[value] = reader.ReadInt64();
        }
    }
}
