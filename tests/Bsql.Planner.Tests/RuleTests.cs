using Bsql.Planner.Expressions;
using Bsql.Planner.Logical;
using Bsql.Planner.Physical;
using Bsql.Planner.Rules;
using Bsql.Planner.Types;

namespace Bsql.Planner.Tests;

/// <summary>Each rewrite rule applied alone to a bound plan.</summary>
public class RuleTests
{
    private static readonly IRewriteRule[] Pushdown = [new FilterMergeRule(), new PredicatePushdownRule(), new ProjectMergeRule()];

    [Fact]
    public void FilterMerge_CombinesStackedFilters()
    {
        var scan = Plans.Find<LogicalScan>(Plans.Bind(Plans.Events + "INSERT INTO out_k SELECT k FROM ev;"));
        var a = new Call(">", [new InputRef(2, SqlType.Int), new Literal(1, SqlType.Int)], SqlType.Boolean);
        var b = new Call("<", [new InputRef(2, SqlType.Int), new Literal(9, SqlType.Int)], SqlType.Boolean);
        var plan = new LogicalFilter(new LogicalFilter(scan, a), b);
        var result = Plans.Apply(plan, new FilterMergeRule());
        var filter = Assert.IsType<LogicalFilter>(result);
        Assert.Same(scan, filter.Source);
        Assert.Equal("Filter(condition=[((n > 1) AND (n < 9))])", filter.ExplainLine());
    }

    [Fact]
    public void PredicatePushdown_MovesConjunctsToTheJoinSideTheyRead()
    {
        var plan = Plans.Bind(Plans.Events + "INSERT INTO out_kv SELECT ev.k, ev2.w FROM ev JOIN ev2 ON ev.k = ev2.k WHERE ev.n > 3 AND ev2.w <> 'x' AND ev.v <> ev2.w;");
        var result = Plans.Apply(plan, new PredicatePushdownRule());
        var join = Plans.Find<LogicalJoin>(result);
        Assert.Equal("Filter(condition=[(n > 3)])", Assert.IsType<LogicalFilter>(join.Left is LogicalProject p ? p.Source : join.Left).ExplainLine());
        Assert.Contains("(w <> 'x')", Assert.IsType<LogicalFilter>(join.Right).ExplainLine());
        Assert.Contains("(v <> w)", join.ExplainLine());
        Assert.Equal(0, Plans.Count<LogicalFilter>(result) - 2);
    }

    [Fact]
    public void PredicatePushdown_KeepsFiltersOnTheNullPaddedSideOfALeftJoinAbove()
    {
        var plan = Plans.Bind(Plans.Events + "INSERT INTO out_kv SELECT ev.k, ev2.w FROM ev LEFT JOIN ev2 ON ev.k = ev2.k WHERE ev2.w IS NULL;");
        var result = Plans.Apply(plan, new PredicatePushdownRule());
        var filter = Plans.Find<LogicalFilter>(result);
        Assert.IsType<LogicalJoin>(filter.Source);
    }

    [Fact]
    public void ProjectMerge_InlinesAProjectionIntoTheOneAbove()
    {
        var plan = Plans.Bind(Plans.Events + "INSERT INTO out_k SELECT k2 FROM (SELECT k + 1 AS k2 FROM ev);");
        Assert.True(Plans.Count<LogicalProject>(plan) >= 2);
        var result = Plans.Apply(plan, new ProjectMergeRule());
        Assert.Equal(1, Plans.Count<LogicalProject>(result));
        Assert.Contains("(k + 1)", Plans.Find<LogicalProject>(result).ExplainLine());
    }

    [Fact]
    public void WindowAggregate_TurnsTvfPlusGroupByWindowIntoWindowAggregate()
    {
        var plan = Plans.Bind(Plans.Events + """
            INSERT INTO out_kn SELECT k, COUNT(*) FROM TABLE(TUMBLE(TABLE ev, DESCRIPTOR(ts), INTERVAL '10' SECOND))
            GROUP BY k, window_start, window_end;
            """);
        var result = Plans.Apply(plan, new WindowAggregateRule());
        Assert.Equal(0, Plans.Count<LogicalWindowTableFunction>(result));
        var window = Plans.Find<LogicalWindowAggregate>(result);
        // The window reads its pre-projection [k, ts]: the time column is at 1.
        Assert.Equal(new TumbleWindow(1, false, 10_000, 0), window.Window);
        Assert.Equal([WindowProperty.Start, WindowProperty.End], window.Properties.ToArray());
        Assert.Equal("WindowAggregate(groupBy=[k], window=[TUMBLE(time_col=[ts], size=[INTERVAL '10' SECOND])], select=[k, COUNT(*) AS EXPR$1, window_start, window_end])", window.ExplainLine());
    }

    [Fact]
    public void WindowAggregate_DoesNotFireWithoutWindowStartAndEndKeys()
    {
        var plan = Plans.Bind(Plans.Events + """
            INSERT INTO out_kn SELECT k, COUNT(*) FROM TABLE(TUMBLE(TABLE ev, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY k, window_start;
            """);
        var result = Plans.Apply(plan, new WindowAggregateRule());
        Assert.Equal(1, Plans.Count<LogicalWindowTableFunction>(result));
        Assert.Equal(0, Plans.Count<LogicalWindowAggregate>(result));
    }

    [Fact]
    public void WindowAggregate_GroupWindowFormBecomesTheSameOperator()
    {
        var plan = Plans.Bind(Plans.Events + "INSERT INTO out_kn SELECT k, COUNT(*) FROM ev GROUP BY HOP(ts, INTERVAL '1' SECOND, INTERVAL '5' SECOND), k;");
        var window = Plans.Find<LogicalWindowAggregate>(Plans.Apply(plan, new WindowAggregateRule()));
        Assert.Equal(new HopWindow(1, false, 1_000, 5_000), window.Window);
    }

    [Fact]
    public void WindowJoin_JoinsTwoWindowAggregatesOnWindowBounds()
    {
        var plan = Plans.Bind(Plans.Events + """
            INSERT INTO out_k SELECT a.k FROM
              (SELECT k, window_start AS s, window_end AS e FROM TABLE(TUMBLE(TABLE ev, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY k, window_start, window_end) a
            JOIN
              (SELECT k, window_start AS s, window_end AS e FROM TABLE(TUMBLE(TABLE ev2, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY k, window_start, window_end) b
            ON a.k = b.k AND a.s = b.s AND a.e = b.e;
            """);
        var windowed = Plans.Apply(Plans.Apply(plan, Pushdown), new WindowAggregateRule(), new ProjectMergeRule());
        Assert.Equal(1, Plans.Count<LogicalJoin>(windowed));
        var result = Plans.Apply(windowed, new WindowJoinRule());
        var join = Plans.Find<LogicalWindowJoin>(result);
        Assert.Equal([0], join.LeftKeys.ToArray());
        Assert.Equal([0], join.RightKeys.ToArray());
        Assert.Null(join.Condition);
    }

    [Fact]
    public void WindowJoin_RequiresTheSameWindowsOnBothSides()
    {
        var plan = Plans.Bind(Plans.Events + """
            INSERT INTO out_k SELECT a.k FROM
              (SELECT k, window_start AS s, window_end AS e FROM TABLE(TUMBLE(TABLE ev, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY k, window_start, window_end) a
            JOIN
              (SELECT k, window_start AS s, window_end AS e FROM TABLE(TUMBLE(TABLE ev2, DESCRIPTOR(ts), INTERVAL '20' SECOND)) GROUP BY k, window_start, window_end) b
            ON a.k = b.k AND a.s = b.s AND a.e = b.e;
            """);
        var windowed = Plans.Apply(Plans.Apply(plan, Pushdown), new WindowAggregateRule(), new ProjectMergeRule());
        Assert.Equal(0, Plans.Count<LogicalWindowJoin>(Plans.Apply(windowed, new WindowJoinRule())));
    }

    [Fact]
    public void IntervalJoin_ExtractsBoundsFromBetween()
    {
        var plan = Plans.Bind(Plans.Events + """
            INSERT INTO out_kv SELECT ev.k, ev2.w FROM ev JOIN ev2 ON ev.k = ev2.k AND ev2.ts BETWEEN ev.ts - INTERVAL '5' SECOND AND ev.ts + INTERVAL '1' MINUTE;
            """);
        var join = Plans.Find<LogicalIntervalJoin>(Plans.Apply(plan, new IntervalJoinRule()));
        Assert.Equal((-5_000L, 60_000L), (join.LowerBoundMs, join.UpperBoundMs));
        Assert.Equal((3, 2), (join.LeftTimeIndex, join.RightTimeIndex));
        Assert.Equal([0], join.LeftKeys.ToArray());
        Assert.Null(join.Condition);
    }

    [Fact]
    public void IntervalJoin_IgnoresJoinsBoundedOnOneSideOnly()
    {
        var plan = Plans.Bind(Plans.Events + "INSERT INTO out_kv SELECT ev.k, ev2.w FROM ev JOIN ev2 ON ev.k = ev2.k AND ev2.ts >= ev.ts;");
        Assert.Equal(0, Plans.Count<LogicalIntervalJoin>(Plans.Apply(plan, new IntervalJoinRule())));
    }

    [Fact]
    public void DelayedWindowJoin_ResolvesKeysAndEventTimeColumns()
    {
        var plan = Plans.Bind(Plans.Events + "INSERT INTO out_kv SELECT ev.k, ev2.w FROM ev LEFT(GLOBAL) 1h WINDOW AND 5m DELAY JOIN ev2 ON ev.k = ev2.k AND ev2.w <> 'x';");
        var join = Plans.Find<LogicalDelayedWindowJoin>(Plans.Apply(plan, new DelayedWindowJoinRule()));
        Assert.Equal(new DelayedJoinWindow(3_600_000, 300_000, true), join.Window);
        Assert.Equal((3, 2), (join.LeftTimeIndex, join.RightTimeIndex));
        Assert.Equal([0], join.LeftKeys.ToArray());
        Assert.Contains("<>", join.ExplainLine());
    }

    [Fact]
    public void LookupJoin_BecomesALookupWithKeyExpressions()
    {
        var plan = Plans.Bind(Plans.Events + "INSERT INTO out_kv SELECT ev.k, d.name FROM ev JOIN dim FOR SYSTEM_TIME AS OF ev.proc AS d ON d.k = ev.k + 1;");
        var lookup = Plans.Find<LogicalLookupJoin>(Plans.Apply(plan, new LookupJoinRule()));
        Assert.Equal([0], lookup.KeyColumns.ToArray());
        Assert.Equal("LookupJoin(table=[dim], joinType=[InnerJoin], lookup=[k=(k + 1)], select=[k, v, n, ts, proc, k0, name])", lookup.ExplainLine());
    }

    [Fact]
    public void LookupMerge_SharesIdenticalLookupsOfOneTable()
    {
        var plan = Plans.Bind(Plans.Events + """
            INSERT INTO out_kv SELECT ev.k, d2.name FROM ev
              LEFT JOIN dim FOR SYSTEM_TIME AS OF ev.proc AS d1 ON d1.k = ev.k
              LEFT JOIN dim FOR SYSTEM_TIME AS OF ev.proc AS d2 ON d2.k = ev.k;
            """);
        var lookups = Plans.Apply(plan, new LookupJoinRule());
        Assert.Equal(2, Plans.Count<LogicalLookupJoin>(lookups));
        var merged = Plans.Apply(lookups, new LookupMergeRule());
        Assert.Equal(1, Plans.Count<LogicalLookupJoin>(merged));
    }

    [Fact]
    public void TopN_AbsorbsTheRankFilter()
    {
        var plan = Plans.Bind(Plans.Events + "INSERT INTO out_kv SELECT k, v FROM (SELECT k, v, ROW_NUMBER() OVER (PARTITION BY v ORDER BY n DESC) AS rn FROM ev) WHERE rn < 4;");
        var result = Plans.Apply(plan, new TopNRule());
        var rank = Plans.Find<LogicalRank>(result);
        Assert.Equal(3L, rank.Limit);
        Assert.Equal(0, Plans.Count<LogicalFilter>(result));
    }

    [Fact]
    public void TwoPhaseAggregate_SplitsIntoLocalAndGlobalWhenConfigured()
    {
        var plan = Plans.Bind(Plans.Events + "INSERT INTO out_kn SELECT k, COUNT(*) FROM ev GROUP BY k;");
        Assert.Equal(0, Plans.Count<LogicalAggregate>(Plans.Apply(plan, new TwoPhaseAggregateRule())) - 1);
        var context = new RuleContext(new Dictionary<string, string> { ["table.optimizer.agg-phase-strategy"] = "TWO_PHASE" });
        var result = Plans.Apply(plan, context, new TwoPhaseAggregateRule());
        var global = Plans.Find<LogicalAggregate>(result);
        Assert.Equal(AggregatePhase.Global, global.Phase);
        Assert.Equal(AggregatePhase.Local, Assert.IsType<LogicalAggregate>(global.Source).Phase);
        Assert.Equal([1], global.Aggregates[0].Args.ToArray());
    }

    [Fact]
    public void TwoPhaseAggregate_LeavesDistinctAggregatesAlone()
    {
        var plan = Plans.Bind(Plans.Events + "INSERT INTO out_kn SELECT k, COUNT(DISTINCT v) FROM ev GROUP BY k;");
        var context = new RuleContext(new Dictionary<string, string> { ["table.optimizer.agg-phase-strategy"] = "TWO_PHASE" });
        Assert.Equal(AggregatePhase.Single, Plans.Find<LogicalAggregate>(Plans.Apply(plan, context, new TwoPhaseAggregateRule())).Phase);
    }

    [Fact]
    public void DistinctSplit_CountsPerBucketThenSums()
    {
        var plan = Plans.Bind(Plans.Events + "INSERT INTO out_kn SELECT k, COUNT(DISTINCT v) FROM ev GROUP BY k;");
        var context = new RuleContext(new Dictionary<string, string> { ["table.optimizer.distinct-agg.split.enabled"] = "true", ["table.optimizer.distinct-agg.split.bucket-num"] = "8" });
        var result = Plans.Apply(plan, context, new DistinctSplitRule());
        var outer = Plans.Find<LogicalAggregate>(result);
        Assert.Equal(AggregateFunction.Sum0, outer.Aggregates[0].Function);
        var inner = Assert.IsType<LogicalAggregate>(outer.Source);
        Assert.Equal(2, inner.GroupKeys.Length);
        Assert.Contains("MOD(HASH_CODE(v), 8)", Assert.IsType<LogicalProject>(inner.Source).ExplainLine());
    }

    [Fact]
    public void ApproxCountDistinct_DropsDistinct()
    {
        var plan = Plans.Bind(Plans.Events + "INSERT INTO out_kn SELECT k, APPROX_COUNT_DISTINCT(DISTINCT v) FROM ev GROUP BY k;");
        Assert.True(Plans.Find<LogicalAggregate>(plan).Aggregates[0].Distinct);
        Assert.False(Plans.Find<LogicalAggregate>(Plans.Apply(plan, new ApproxCountDistinctRule())).Aggregates[0].Distinct);
    }

    [Fact]
    public void ProjectionPushdown_PrunesUnusedJoinColumns()
    {
        var plan = Plans.Bind(Plans.Events + "INSERT INTO out_kv SELECT ev.k, ev2.w FROM ev JOIN ev2 ON ev.k = ev2.k;");
        var result = Plans.Apply(plan, new ProjectionPushdownRule());
        var join = Plans.Find<LogicalJoin>(result);
        // ev keeps k and its rowtime ts; ev2 keeps k, w and ts.
        Assert.Equal(["k", "ts", "k0", "w", "ts0"], join.Output.Fields.Select(f => f.Name).ToArray());
    }

    [Fact]
    public void CalcMerge_MergesFilterAndProjectionIntoOneCalc()
    {
        var plan = Plans.Bind(Plans.Events + "INSERT INTO out_kv SELECT k, UPPER(v) FROM ev WHERE n > 1;");
        var result = Plans.Apply(plan, new CalcMergeRule());
        Assert.Equal(0, Plans.Count<LogicalFilter>(result) + Plans.Count<LogicalProject>(result));
        Assert.Equal(1, Plans.Count<LogicalCalc>(result));
        Assert.Equal("Calc(select=[k, UPPER(v) AS v], where=[(n > 1)])", Plans.Find<LogicalCalc>(result).ExplainLine());
    }
}
