namespace Bsql.Planner.Logical;

/// <summary>The <c>W WINDOW AND D DELAY</c> part of a delayed window join, as written.</summary>
/// <param name="WindowMs">The window W.</param>
/// <param name="DelayMs">The delay D.</param>
/// <param name="Global">True for <c>LEFT(GLOBAL)</c>.</param>
public sealed record DelayedJoinWindow(long WindowMs, long DelayMs, bool Global);
