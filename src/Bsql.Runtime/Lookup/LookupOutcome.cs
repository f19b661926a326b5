namespace Bsql.Runtime.Lookup;

/// <summary>
/// The result of one key's lookup as the join operator acts on it: the rows found, or a miss, or a failure
/// together with the configured <see cref="Policy"/> (fail the job, NULL-pad, dead-letter).
/// </summary>
public readonly record struct LookupOutcome(LookupStatus Status, IReadOnlyList<object?[]> Rows, Exception? Error, LookupFailurePolicy Policy)
{
    /// <summary>No row at all (shared, empty).</summary>
    public static IReadOnlyList<object?[]> NoRows { get; } = Array.Empty<object?[]>();

    /// <summary>The outcome of a successful lookup: found when <paramref name="rows"/> is not empty.</summary>
    public static LookupOutcome FromRows(IReadOnlyList<object?[]> rows) =>
        new(rows.Count > 0 ? LookupStatus.Found : LookupStatus.Missing, rows, null, LookupFailurePolicy.Fail);

    /// <summary>The outcome of a lookup that failed for good.</summary>
    public static LookupOutcome Failure(Exception error, LookupFailurePolicy policy) => new(LookupStatus.Failed, NoRows, error, policy);
}
