namespace Bsql.Runtime.Lookup;

/// <summary>How one lookup ended.</summary>
public enum LookupStatus
{
    /// <summary>The key has at least one row.</summary>
    Found,

    /// <summary>The store answered that the key has no row (or the key holds a NULL).</summary>
    Missing,

    /// <summary>The store could not be asked, even after the retries: apply <see cref="LookupOutcome.Policy"/>.</summary>
    Failed,
}
