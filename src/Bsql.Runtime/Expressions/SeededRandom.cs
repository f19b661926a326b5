namespace Bsql.Runtime.Expressions;

/// <summary>The sequence behind <c>RAND(seed)</c> / <c>RAND_INTEGER(seed, bound)</c>: one generator per compiled expression, as Flink keeps one per operator.</summary>
internal sealed class SeededRandom(int seed)
{
    private readonly Random _random = new(seed);
    private readonly Lock _lock = new();

    /// <summary>The next double in [0, 1).</summary>
    public double NextDouble()
    {
        lock (_lock) return _random.NextDouble();
    }

    /// <summary>The next integer in [0, bound).</summary>
    public int Next(int bound)
    {
        if (bound <= 0) throw new ExpressionEvaluationException($"RAND_INTEGER: bound must be positive, found {bound}");
        lock (_lock) return _random.Next(bound);
    }
}
