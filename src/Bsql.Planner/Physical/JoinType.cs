namespace Bsql.Planner.Physical;

/// <summary>The join kinds.</summary>
public enum JoinType
{
    /// <summary><c>[INNER] JOIN</c>.</summary>
    Inner,
    /// <summary><c>LEFT [OUTER] JOIN</c>.</summary>
    Left,
    /// <summary><c>RIGHT [OUTER] JOIN</c>.</summary>
    Right,
    /// <summary><c>FULL [OUTER] JOIN</c>.</summary>
    Full,
}
