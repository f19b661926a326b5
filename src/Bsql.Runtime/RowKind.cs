namespace Bsql.Runtime;

/// <summary>The change a row carries in an update stream (Flink's <c>RowKind</c>).</summary>
public enum RowKind : byte
{
    /// <summary><c>+I</c>: a new row.</summary>
    Insert,
    /// <summary><c>-U</c>: the previous content of an updated row (retraction).</summary>
    UpdateBefore,
    /// <summary><c>+U</c>: the new content of an updated row.</summary>
    UpdateAfter,
    /// <summary><c>-D</c>: a deleted row.</summary>
    Delete,
}
