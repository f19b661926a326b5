using Bsql.Runtime.Execution;

namespace Bsql.Runtime.Operators.Aggregates;

/// <summary>
/// <c>APPROX_COUNT_DISTINCT(x)</c>: a HyperLogLog sketch of 2^14 registers (standard error
/// 1.04/√16384 ≈ 0.8 %) over the stable 64-bit hash of each non-NULL value, with linear counting
/// for small cardinalities. Registers are allocated on the first value. A sketch cannot forget:
/// retractions are ignored.
/// </summary>
internal sealed class HyperLogLogAccumulator : Accumulator
{
    private const int Precision = 14;
    private const int Registers = 1 << Precision;
    private byte[]? _registers;

    public override void Add(object? value)
    {
        if (value is null) return;
        AddHash(StableHash.Of(value));
    }

    public void AddHash(ulong hash)
    {
        _registers ??= new byte[Registers];
        var index = (int)(hash >> (64 - Precision));
        var rest = (hash << Precision) | (1UL << (Precision - 1));
        var rank = (byte)(ulong.LeadingZeroCount(rest) + 1);
        if (rank > _registers[index]) _registers[index] = rank;
    }

    public override void Retract(object? value)
    {
    }

    public override void Merge(Accumulator other)
    {
        var o = ((HyperLogLogAccumulator)other)._registers;
        if (o is null) return;
        _registers ??= new byte[Registers];
        for (var i = 0; i < Registers; i++)
        {
            if (o[i] > _registers[i]) _registers[i] = o[i];
        }
    }

    public override object? Result()
    {
        if (_registers is null) return 0L;
        double sum = 0;
        var zeros = 0;
        foreach (var r in _registers)
        {
            sum += 1.0 / (1UL << r);
            if (r == 0) zeros++;
        }
        const double alpha = 0.7213 / (1 + 1.079 / Registers);
        var estimate = alpha * Registers * Registers / sum;
        if (estimate <= 2.5 * Registers && zeros > 0) estimate = Registers * Math.Log((double)Registers / zeros);
        return (long)Math.Round(estimate);
    }

    public override bool IsEmpty => _registers is null;

    public override int EstimatedBytes => _registers is null ? 24 : 24 + 24 + Registers;

    public override bool Grows => true;

    public override void Write(BinaryWriter writer)
    {
        writer.Write(_registers is not null);
        if (_registers is not null) writer.Write(_registers);
    }

    public override void Read(BinaryReader reader) => _registers = reader.ReadBoolean() ? reader.ReadBytes(Registers) : null;
}
