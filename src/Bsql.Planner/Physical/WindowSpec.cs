using System.Text.Json.Serialization;

namespace Bsql.Planner.Physical;

/// <summary>
/// How rows are assigned to windows, by the time column <paramref name="TimeIndex"/> of the input
/// (an event-time attribute, or a processing-time attribute when <paramref name="ProcTime"/>).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "window")]
[JsonDerivedType(typeof(TumbleWindow), "tumble")]
[JsonDerivedType(typeof(HopWindow), "hop")]
[JsonDerivedType(typeof(CumulateWindow), "cumulate")]
[JsonDerivedType(typeof(SessionWindow), "session")]
[JsonDerivedType(typeof(AttachedWindow), "attached")]
public abstract record WindowSpec(int TimeIndex, bool ProcTime);

/// <summary><c>TUMBLE(ts, size [, offset])</c>: fixed, non-overlapping windows.</summary>
public sealed record TumbleWindow(int TimeIndex, bool ProcTime, long SizeMs, long OffsetMs) : WindowSpec(TimeIndex, ProcTime);

/// <summary><c>HOP(ts, slide, size)</c>: windows of <paramref name="SizeMs"/> starting every <paramref name="SlideMs"/>.</summary>
public sealed record HopWindow(int TimeIndex, bool ProcTime, long SlideMs, long SizeMs) : WindowSpec(TimeIndex, ProcTime);

/// <summary><c>CUMULATE(ts, step, size)</c>: windows growing by <paramref name="StepMs"/> up to <paramref name="SizeMs"/>.</summary>
public sealed record CumulateWindow(int TimeIndex, bool ProcTime, long StepMs, long SizeMs) : WindowSpec(TimeIndex, ProcTime);

/// <summary><c>SESSION(ts, gap)</c>: per key, rows closer than <paramref name="GapMs"/> share a window.</summary>
public sealed record SessionWindow(int TimeIndex, bool ProcTime, long GapMs) : WindowSpec(TimeIndex, ProcTime);

/// <summary>
/// Windows assigned upstream (a windowed aggregation over the output of another window aggregation, e.g. Nexmark
/// q5): rows are grouped by their window start and end columns (<paramref name="StartIndex"/>,
/// <paramref name="EndIndex"/>, the latter also <paramref name="TimeIndex"/>); a window fires when the watermark
/// reaches its end.
/// </summary>
public sealed record AttachedWindow(int TimeIndex, bool ProcTime, int StartIndex, int EndIndex) : WindowSpec(TimeIndex, ProcTime);
