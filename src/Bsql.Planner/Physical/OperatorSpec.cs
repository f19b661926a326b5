using System.Text.Json.Serialization;

namespace Bsql.Planner.Physical;

/// <summary>
/// The typed configuration of one physical operator. Each concrete spec is executed by exactly one
/// runtime operator (see Bsql.Runtime/Operators). Column indices refer to the operator's input
/// schema(s); for two-input operators the left input's columns come first, then the right's.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "op")]
[JsonDerivedType(typeof(SourceSpec), "source")]
[JsonDerivedType(typeof(CalcSpec), "calc")]
[JsonDerivedType(typeof(WindowAggregateSpec), "window-aggregate")]
[JsonDerivedType(typeof(GroupAggregateSpec), "group-aggregate")]
[JsonDerivedType(typeof(JoinSpec), "join")]
[JsonDerivedType(typeof(IntervalJoinSpec), "interval-join")]
[JsonDerivedType(typeof(WindowJoinSpec), "window-join")]
[JsonDerivedType(typeof(DelayedWindowJoinSpec), "delayed-window-join")]
[JsonDerivedType(typeof(LookupJoinSpec), "lookup-join")]
[JsonDerivedType(typeof(RankSpec), "rank")]
[JsonDerivedType(typeof(UnnestSpec), "unnest")]
[JsonDerivedType(typeof(OverAggregateSpec), "over-aggregate")]
[JsonDerivedType(typeof(UnionSpec), "union")]
[JsonDerivedType(typeof(SinkSpec), "sink")]
public abstract record OperatorSpec;
