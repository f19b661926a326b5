namespace Bsql.Runtime.Expressions;

/// <summary>
/// What compiled expressions may read besides the row: the job's clock (processing-time functions),
/// the session time zone (TIMESTAMP ↔ TIMESTAMP_LTZ, <c>CURRENT_DATE</c>, <c>FROM_UNIXTIME</c>...) and
/// user-defined scalar functions.
/// </summary>
public sealed class ExpressionContext
{
    /// <summary>A context on the system clock in UTC with no user-defined function.</summary>
    public static ExpressionContext Default { get; } = new();

    /// <summary>The job's clock; processing-time functions (<c>NOW()</c>, <c>PROCTIME()</c>...) read it.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>The session time zone (Flink's <c>table.local-time-zone</c>); UTC unless set.</summary>
    public TimeZoneInfo SessionTimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>
    /// User-defined scalar functions by upper-case name: each takes the boxed argument values and returns
    /// the boxed result in the runtime representation of the call's type. Consulted for a name that is
    /// not a built-in function.
    /// </summary>
    public IReadOnlyDictionary<string, Func<object?[], object?>> UserFunctions { get; init; } =
        new Dictionary<string, Func<object?[], object?>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The job's loaded user-defined functions (consulted after <see cref="UserFunctions"/>), or null.</summary>
    public IUserFunctionProvider? UserFunctionProvider { get; init; }
}
