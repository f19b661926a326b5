namespace Bsql.Runtime.Lookup;

/// <summary>The <c>lookup.failure</c> option: what happens to a row whose lookup still fails after the retries.</summary>
public enum LookupFailurePolicy
{
    /// <summary><c>fail</c>: the job fails.</summary>
    Fail,

    /// <summary><c>null-pad</c>: the row is emitted with NULL dimension columns (LEFT JOIN only).</summary>
    NullPad,

    /// <summary><c>dead-letter</c>: the row goes to the job's dead-letter table with the reason.</summary>
    DeadLetter,
}
