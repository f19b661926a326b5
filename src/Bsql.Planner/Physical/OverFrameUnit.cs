namespace Bsql.Planner.Physical;

/// <summary>How an OVER window's frame is measured.</summary>
public enum OverFrameUnit
{
    /// <summary><c>ROWS BETWEEN n PRECEDING AND CURRENT ROW</c>: the current row and the n rows before it.</summary>
    Rows,

    /// <summary><c>RANGE BETWEEN INTERVAL ... PRECEDING AND CURRENT ROW</c>: rows whose time is within the interval (peers included).</summary>
    Range,
}
