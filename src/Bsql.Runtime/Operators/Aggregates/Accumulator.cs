namespace Bsql.Runtime.Operators.Aggregates;

/// <summary>
/// The running state of one aggregate for one group (and window). Values arrive already filtered
/// (FILTER clause) and de-duplicated (DISTINCT); NULL handling is the accumulator's own (COUNT(x)
/// ignores NULLs, COUNT(*) receives a non-null marker).
/// </summary>
public abstract class Accumulator
{
    /// <summary>Adds a value (an insert or update-after row).</summary>
    public abstract void Add(object? value);

    /// <summary>Removes a value (an update-before or delete row).</summary>
    public abstract void Retract(object? value);

    /// <summary>Adds everything <paramref name="other"/> (of the same kind) holds.</summary>
    public abstract void Merge(Accumulator other);

    /// <summary>The aggregate's value now.</summary>
    public abstract object? Result();

    /// <summary>True when no value is held (a retracted-to-empty group disappears).</summary>
    public abstract bool IsEmpty { get; }

    /// <summary>
    /// Estimated managed bytes this accumulator holds (object and what it owns), for keeping keyed state
    /// under <c>state.memory.max</c>. Fixed for fixed-size accumulators; see <see cref="Grows"/>.
    /// </summary>
    public virtual int EstimatedBytes => 32;

    /// <summary>True when <see cref="EstimatedBytes"/> can change as values are added (value lists, distinct sets).</summary>
    public virtual bool Grows => false;

    /// <summary>Writes the state for a checkpoint.</summary>
    public abstract void Write(BinaryWriter writer);

    /// <summary>Reads what <see cref="Write"/> wrote.</summary>
    public abstract void Read(BinaryReader reader);
}
