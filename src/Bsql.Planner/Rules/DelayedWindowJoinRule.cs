using System.Diagnostics.CodeAnalysis;
using Bsql.Planner.Logical;
using Bsql.Planner.Types;

namespace Bsql.Planner.Rules;

/// <summary>
/// The delayed window join written <c>a LEFT[(GLOBAL)] W WINDOW AND D DELAY JOIN b ON ...</c> becomes its dedicated
/// operator: ON's left = right column equalities are the keys, each input's event-time attribute its time column, the
/// rest of ON a residual condition.
/// </summary>
public sealed class DelayedWindowJoinRule : IRewriteRule
{
    /// <inheritdoc />
    public string Name => "DelayedWindowJoin";

    /// <inheritdoc />
    public bool TryRewrite(LogicalNode node, RuleContext context, [NotNullWhen(true)] out LogicalNode? result)
    {
        result = null;
        if (node is not LogicalJoin { Delayed: { } window } join) return false;
        var leftTime = RowtimeIndex(join.Left.Schema);
        var rightTime = RowtimeIndex(join.Right.Schema);
        if (leftTime < 0 || rightTime < 0) return false;
        var (leftKeys, rightKeys, remainder) = JoinConditions.SplitKeys(join.Condition, join.Left.Schema.Count);
        result = new LogicalDelayedWindowJoin(join.Left, join.Right, leftKeys, rightKeys, leftTime, rightTime, window, remainder, join.Output);
        return true;
    }

    private static int RowtimeIndex(RowSchema schema)
    {
        var found = -1;
        for (var i = 0; i < schema.Count; i++)
        {
            if (schema[i].Type.TimeAttribute != TimeAttribute.Rowtime) continue;
            if (found >= 0) return -1;
            found = i;
        }
        return found;
    }
}
