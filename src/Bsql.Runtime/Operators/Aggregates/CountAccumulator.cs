namespace Bsql.Runtime.Operators.Aggregates;

/// <summary><c>COUNT(x)</c> (non-NULL values) and <c>COUNT(*)</c> (the caller passes a non-NULL marker per row): BIGINT.</summary>
internal sealed class CountAccumulator : Accumulator
{
    private long _count;

    public override void Add(object? value)
    {
        if (value is not null) _count++;
    }

    public override void Retract(object? value)
    {
        if (value is not null) _count--;
    }

    public override void Merge(Accumulator other) => _count += ((CountAccumulator)other)._count;

    public override object? Result() => Formats.SmallBoxes.Of(_count);

    public override bool IsEmpty => _count == 0;

    public override int EstimatedBytes => 24;

    public override void Write(BinaryWriter writer) => writer.Write(_count);

    public override void Read(BinaryReader reader) => _count = reader.ReadInt64();
}
