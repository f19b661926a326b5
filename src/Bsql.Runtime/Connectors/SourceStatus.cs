namespace Bsql.Runtime.Connectors;

/// <summary>What a source's <see cref="ISource.ReadAsync"/> call ended with.</summary>
public enum SourceStatus
{
    /// <summary>Rows were emitted (or may be soon): call again.</summary>
    Active,
    /// <summary>Nothing available right now: the runtime may advance idle partitions and call again.</summary>
    Idle,
    /// <summary>A bounded source has emitted everything: do not call again.</summary>
    Finished,
}
