using System.Collections.Immutable;
using Bsql.Planner.Types;

namespace Bsql.Planner.Logical;

/// <summary>Rendering of equi-join keys for EXPLAIN.</summary>
public static class JoinKeys
{
    /// <summary><c>a = b, c = d</c>.</summary>
    public static string Describe(RowSchema left, RowSchema right, ImmutableArray<int> leftKeys, ImmutableArray<int> rightKeys) =>
        string.Join(", ", leftKeys.Select((k, i) => $"{left[k].Name} = {right[rightKeys[i]].Name}"));
}
