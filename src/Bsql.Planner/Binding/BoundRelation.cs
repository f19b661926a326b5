using System.Collections.Immutable;
using Bsql.Parser.Diagnostics;
using Bsql.Planner.Logical;

namespace Bsql.Planner.Binding;

/// <summary>A bound FROM item or query: its plan, the names it exposes, and (for a select list) where each item was written.</summary>
internal sealed record BoundRelation(LogicalNode Plan, Scope Scope, ImmutableArray<SourceSpan> ItemSpans)
{
    public BoundRelation(LogicalNode plan, Scope scope) : this(plan, scope, ImmutableArray<SourceSpan>.Empty) { }
}
