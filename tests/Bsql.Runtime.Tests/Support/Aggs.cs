using Bsql.Planner.Physical;
using Bsql.Planner.Types;

namespace Bsql.Runtime.Tests.Support;

/// <summary>Short constructors of aggregate calls for tests.</summary>
internal static class Aggs
{
    public static AggregateCall CountStar(string name = "cnt") => new(AggregateFunction.CountStar, [], false, -1, SqlType.BigInt, name);

    public static AggregateCall Of(AggregateFunction f, int arg, SqlType type, string name, bool distinct = false, int filter = -1) =>
        new(f, [arg], distinct, filter, type, name);
}
