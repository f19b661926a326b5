using Bsql.Planner.Expressions;
using Bsql.Planner.Logical;

namespace Bsql.Planner.Rules;

/// <summary>Follows a column down through projections and filters to the node that produces it.</summary>
public static class ColumnOrigin
{
    /// <summary>The producing node and its column, following plain column references through Project, Calc and Filter.</summary>
    public static (LogicalNode Node, int Index) Trace(LogicalNode node, int index)
    {
        while (true)
        {
            switch (node)
            {
                case LogicalProject p when p.Projections[index] is InputRef r:
                    node = p.Source;
                    index = r.Index;
                    continue;
                case LogicalCalc c when c.Projections[index] is InputRef r:
                    node = c.Source;
                    index = r.Index;
                    continue;
                case LogicalFilter f:
                    node = f.Source;
                    continue;
                default:
                    return (node, index);
            }
        }
    }

    /// <summary>The window property a column carries (traced to a window aggregate), with the aggregate, or null.</summary>
    public static (LogicalWindowAggregate Aggregate, Physical.WindowProperty Property)? WindowProperty(LogicalNode node, int index)
    {
        var (origin, i) = Trace(node, index);
        if (origin is not LogicalWindowAggregate w) return null;
        var first = w.GroupKeys.Length + w.Aggregates.Length;
        if (i < first) return null;
        return (w, w.Properties[i - first]);
    }

    /// <summary>
    /// Whether the window bounds in column <paramref name="index"/> are on the session zone's wall clock: the window that
    /// assigned them is over a TIMESTAMP_LTZ time attribute or processing time (as in Flink). An operator comparing such a
    /// bound with a watermark converts it to an instant first.
    /// </summary>
    public static bool LocalWindowBounds(LogicalNode node, int index)
    {
        if (WindowProperty(node, index) is not { } property) return false;
        var aggregate = property.Aggregate;
        for (var depth = 0; depth < 16; depth++)
        {
            if (aggregate.Window is not Physical.AttachedWindow attached) break;
            if (WindowProperty(aggregate.Source, attached.StartIndex) is not { } upstream) break;
            aggregate = upstream.Aggregate;
        }
        return aggregate.Window.ProcTime || aggregate.Source.Schema[aggregate.Window.TimeIndex].Type.Kind == Types.SqlTypeKind.TimestampLtz;
    }

    /// <summary>The window that finally assigns rows of a window aggregate (following attached windows upstream), time index cleared.</summary>
    public static Physical.WindowSpec RootWindow(LogicalWindowAggregate aggregate)
    {
        for (var depth = 0; depth < 16; depth++)
        {
            if (aggregate.Window is not Physical.AttachedWindow attached) break;
            if (WindowProperty(aggregate.Source, attached.StartIndex) is not { } upstream) break;
            aggregate = upstream.Aggregate;
        }
        return aggregate.Window with { TimeIndex = 0 };
    }
}
