using System.Collections.Immutable;
using Bsql.Parser.Diagnostics;
using Bsql.Planner.Binding;
using Bsql.Planner.Catalog.Connectors;
using Bsql.Planner.Expressions;
using Bsql.Planner.Logical;
using Bsql.Planner.Rules;
using Bsql.Planner.Types;
using Bsql.Planner.Util;
using Bsql.Planner.Catalog;
using Codes = Bsql.Planner.PlannerDiagnosticCodes;

namespace Bsql.Planner.Physical;

/// <summary>
/// Translates optimized logical plans (one per sink) into one <see cref="PhysicalPlan"/>: a DAG in which identical
/// subplans (the same source read by several INSERTs) are shared, with edges Forward inside a chain, Hash by key
/// before keyed operators, Single before global aggregations, Rebalance where parallelism changes.
/// </summary>
public sealed class PhysicalPlanner
{
    private readonly List<PhysicalOperator> _operators = [];
    private readonly List<PhysicalEdge> _edges = [];
    private readonly Dictionary<(OperatorSpec Spec, int Parallelism, string Inputs), int> _shared = [];
    private readonly Dictionary<LogicalNode, int> _visited = new(ReferenceEqualityComparer.Instance);
    private readonly BoundJob _job;
    private readonly List<Diagnostic> _diagnostics;
    private readonly SourceText? _source;
    private SourceSpan _statement;

    private PhysicalPlanner(BoundJob job, List<Diagnostic> diagnostics, SourceText? source)
    {
        _job = job;
        _diagnostics = diagnostics;
        _source = source;
    }

    private int Parallelism => _job.Options.Parallelism;

    /// <summary>Builds the physical plan of <paramref name="job"/> from its optimized sinks; problems go to <paramref name="diagnostics"/>.</summary>
    public static PhysicalPlan Translate(BoundJob job, IEnumerable<LogicalSink> sinks, List<Diagnostic> diagnostics, SourceText? source)
    {
        var planner = new PhysicalPlanner(job, diagnostics, source);
        foreach (var sink in sinks)
        {
            planner._statement = sink.Span;
            planner.Visit(sink);
        }
        planner.AddDeadLetterSinks();
        return new PhysicalPlan(PhysicalPlan.CurrentFormatVersion, job.Name, job.Options, [.. planner._operators], [.. planner._edges]);
    }

    private void Report(string code, string message, string? help = null) =>
        _diagnostics.Add(Diagnostic.Error(code, _statement, message, help, _source));

    private int Visit(LogicalNode node)
    {
        if (_visited.TryGetValue(node, out var known)) return known;
        var id = node switch
        {
            LogicalScan s => Add(node, new SourceSpec(s.Table.Name, s.Connector, s.PhysicalSchema, s.Computed,
                s.Watermark is null ? null : s.Watermark with { IdleTimeoutMs = _job.Options.SourceIdleTimeoutMs }), s.Output, ChangelogMode.InsertOnly,
                ScanParallelism(s), []),
            LogicalCalc c => Calc(node, c.Source, c.Projections, c.Condition, c.Output),
            LogicalProject p => Calc(node, p.Source, p.Projections, null, p.Output),
            LogicalFilter f => Calc(node, f.Source, [.. f.Schema.Fields.Select((field, i) => (BoundExpr)new InputRef(i, field.Type))], f.Condition, f.Schema),
            LogicalAggregate a => Aggregate(a),
            LogicalWindowAggregate w => WindowAggregate(w),
            LogicalJoin j => Join(j),
            LogicalIntervalJoin j => TwoInput(j, new IntervalJoinSpec(j.Type, j.LeftKeys, j.RightKeys, j.LeftTimeIndex, j.RightTimeIndex, j.LowerBoundMs, j.UpperBoundMs, j.Condition),
                j.Left, j.Right, j.LeftKeys, j.RightKeys, ChangelogMode.InsertOnly),
            // Rows join only within their window, so the window bounds are part of the partitioning key.
            LogicalWindowJoin j => TwoInput(j, new WindowJoinSpec(j.Type, j.LeftKeys, j.RightKeys, j.LeftWindowStart, j.LeftWindowEnd, j.RightWindowStart, j.RightWindowEnd, j.Condition,
                Rules.ColumnOrigin.LocalWindowBounds(j.Left, j.LeftWindowEnd)),
                j.Left, j.Right, [.. j.LeftKeys, j.LeftWindowStart, j.LeftWindowEnd], [.. j.RightKeys, j.RightWindowStart, j.RightWindowEnd], ChangelogMode.InsertOnly),
            LogicalDelayedWindowJoin j => DelayedJoin(j),
            LogicalLookupJoin l => Lookup(l),
            LogicalUnion u => Union(u),
            LogicalUnnest u => Unnest(u),
            LogicalOverAggregate o => OverAggregate(o),
            LogicalRank r => Rank(r),
            LogicalSink s => Sink(s),
            LogicalWindowTableFunction t => Unsupported(t, "a window table function must be aggregated with GROUP BY window_start, window_end",
                "add GROUP BY window_start, window_end (and your keys) to the query over TABLE(TUMBLE(...))"),
            _ => Unsupported(node, $"'{node.GetType().Name}' cannot be executed", null),
        };
        _visited[node] = id;
        return id;
    }

    private int ScanParallelism(LogicalScan scan) =>
        int.TryParse(scan.Connector.Get("scan.parallelism"), out var p) && p > 0 ? p : Parallelism;

    private int Unsupported(LogicalNode node, string message, string? help)
    {
        Report(Codes.Unsupported, message, help);
        foreach (var input in node.Inputs) Visit(input);
        return Add(node, new UnionSpec(), node.Schema, ChangelogMode.InsertOnly, Parallelism, []);
    }

    private PhysicalOperator Op(int id) => _operators[id];

    /// <summary>Adds an operator (or reuses an identical one over the same inputs) and its input edges.</summary>
    private int Add(LogicalNode node, OperatorSpec spec, RowSchema output, ChangelogMode changelog, int parallelism, IReadOnlyList<(int Source, EdgeKind Kind, ImmutableArray<int> Keys)> inputs)
    {
        // Specs are records with structural equality: an identical operator over identical inputs is shared.
        var key = (spec, parallelism, string.Join(",", inputs.Select(i => $"{i.Source}:{i.Kind}:{string.Join(".", i.Keys)}")));
        if (_shared.TryGetValue(key, out var existing)) return existing;
        var id = _operators.Count;
        _operators.Add(new PhysicalOperator(id, OperatorName(node), spec, output, changelog, parallelism));
        for (var i = 0; i < inputs.Count; i++)
        {
            var (source, kind, keys) = inputs[i];
            if (kind == EdgeKind.Forward && Op(source).Parallelism != parallelism) kind = EdgeKind.Rebalance;
            _edges.Add(new PhysicalEdge(source, id, i, kind, kind == EdgeKind.Hash ? keys : ImmutableArray<int>.Empty));
        }
        _shared[key] = id;
        return id;
    }

    private static string OperatorName(LogicalNode node) => node switch
    {
        LogicalProject p => new LogicalCalc(p.Source, p.Projections, null, p.Output).ExplainLine(),
        LogicalFilter f => new LogicalCalc(f.Source, [.. f.Schema.Fields.Select((field, i) => (BoundExpr)new InputRef(i, field.Type))], f.Condition, f.Schema).ExplainLine(),
        _ => node.ExplainLine(),
    };

    private int Calc(LogicalNode node, LogicalNode source, ImmutableArray<BoundExpr> projections, BoundExpr? condition, RowSchema output)
    {
        var input = Visit(source);
        return Add(node, new CalcSpec(projections, condition), output, Op(input).Changelog, Op(input).Parallelism, [(input, EdgeKind.Forward, [])]);
    }

    private (EdgeKind Kind, int Parallelism) Keyed(ImmutableArray<int> keys) =>
        keys.IsEmpty ? (EdgeKind.Single, 1) : (EdgeKind.Hash, Parallelism);

    private int Aggregate(LogicalAggregate a)
    {
        var input = Visit(a.Source);
        var spec = new GroupAggregateSpec(a.GroupKeys, a.Aggregates, a.Phase, _job.Options.StateTtlMs);
        if (a.Phase == AggregatePhase.Local)
        {
            return Add(a, spec, a.Output, ChangelogMode.InsertOnly, Op(input).Parallelism, [(input, EdgeKind.Forward, [])]);
        }
        var (kind, parallelism) = Keyed(a.GroupKeys);
        // A DISTINCT (keys, no aggregate) over appends emits each key once and never changes it: appends too.
        var changelog = a.Aggregates.IsEmpty && !a.GroupKeys.IsEmpty && Op(input).Changelog == ChangelogMode.InsertOnly ? ChangelogMode.InsertOnly : ChangelogMode.Retract;
        return Add(a, spec, a.Output, changelog, parallelism, [(input, kind, a.GroupKeys)]);
    }

    private int WindowAggregate(LogicalWindowAggregate w)
    {
        var input = Visit(w.Source);
        var spec = new WindowAggregateSpec(w.Window, w.GroupKeys, w.Aggregates, w.Properties, w.Phase);
        if (w.Phase == AggregatePhase.Local)
        {
            return Add(w, spec, w.Output, ChangelogMode.InsertOnly, Op(input).Parallelism, [(input, EdgeKind.Forward, [])]);
        }
        // An attached window gives every row exactly one window, so its bounds may partition the work.
        var keys = w.Window is AttachedWindow attached ? [.. w.GroupKeys, attached.StartIndex, attached.EndIndex] : w.GroupKeys;
        var (kind, parallelism) = Keyed(keys);
        return Add(w, spec, w.Output, ChangelogMode.InsertOnly, parallelism, [(input, kind, keys)]);
    }

    private int TwoInput(LogicalNode node, OperatorSpec spec, LogicalNode left, LogicalNode right, ImmutableArray<int> leftKeys, ImmutableArray<int> rightKeys, ChangelogMode changelog)
    {
        var l = Visit(left);
        var r = Visit(right);
        var (kind, parallelism) = Keyed(leftKeys);
        return Add(node, spec, node.Schema, changelog, parallelism, [(l, kind, leftKeys), (r, kind, rightKeys)]);
    }

    private int Join(LogicalJoin j)
    {
        if (j.Delayed is not null || j.Lookup)
        {
            Report(Codes.InternalError, $"internal error: the {(j.Lookup ? "lookup" : "delayed window")} join could not be planned", "this is a bug in BSQL; please report it with the job");
        }
        var (leftKeys, rightKeys, remainder) = JoinConditions.SplitKeys(j.Condition, j.Left.Schema.Count);
        var l = Visit(j.Left);
        var r = Visit(j.Right);
        var appendOnly = j.Type == JoinType.Inner && Op(l).Changelog == ChangelogMode.InsertOnly && Op(r).Changelog == ChangelogMode.InsertOnly;
        var spec = new JoinSpec(j.Type, leftKeys, rightKeys, remainder, _job.Options.StateTtlMs);
        var (kind, parallelism) = Keyed(leftKeys);
        return Add(j, spec, j.Output, appendOnly ? ChangelogMode.InsertOnly : ChangelogMode.Retract, parallelism, [(l, kind, leftKeys), (r, kind, rightKeys)]);
    }

    private int DelayedJoin(LogicalDelayedWindowJoin j)
    {
        var spec = new DelayedWindowJoinSpec(j.LeftKeys, j.RightKeys, j.LeftTimeIndex, j.RightTimeIndex, j.Window.WindowMs, j.Window.DelayMs, j.Window.Global, j.Condition, _job.Options.SjoinLateRows);
        if (spec.LateRows == LateRowPolicy.DeadLetter && _job.Options.SjoinDeadLetter is null)
        {
            Report(Codes.InvalidJobOption, "'sjoin.late-rows' = 'dead-letter' needs a dead-letter table",
                $"add SET 'sjoin.dead-letter' = '<sink table>'; (a table with columns such as {string.Join(", ", DeadLetterColumns.Names)})");
        }
        if (!j.Window.Global) return TwoInput(j, spec, j.Left, j.Right, j.LeftKeys, j.RightKeys, ChangelogMode.InsertOnly);
        // LEFT(GLOBAL): state lives in the shared store, so inputs stay where they are read.
        var l = Visit(j.Left);
        var r = Visit(j.Right);
        return Add(j, spec, j.Output, ChangelogMode.InsertOnly, Parallelism, [(l, EdgeKind.Forward, []), (r, EdgeKind.Forward, [])]);
    }

    private int Lookup(LogicalLookupJoin l)
    {
        var input = Visit(l.Source);
        // As in Flink, ALLOW_UNORDERED applies only to an append-only input: reordering an update and its retraction would corrupt the result.
        var unordered = _job.Options.AsyncLookupAllowUnordered && Op(input).Changelog == ChangelogMode.InsertOnly;
        var spec = new LookupJoinSpec(l.Type, l.Dimension.Table.Name, l.Dimension.Connector, Schemas.WithoutTimeAttributes(l.Dimension.Schema), l.KeyColumns, l.KeyExpressions, l.Condition, unordered);
        var id = Add(l, spec, l.Output, Op(input).Changelog, Op(input).Parallelism, [(input, EdgeKind.Forward, [])]);
        if (unordered && !_operators[id].Name.Contains("outputMode=", StringComparison.Ordinal))
        {
            _operators[id] = _operators[id] with { Name = _operators[id].Name.TrimEnd(')') + ", outputMode=[ALLOW_UNORDERED])" };
        }
        return id;
    }

    private int Unnest(LogicalUnnest u)
    {
        var input = Visit(u.Source);
        return Add(u, new UnnestSpec(u.Collection, u.Kind, u.Outer, u.WithOrdinality), u.Output, Op(input).Changelog, Op(input).Parallelism, [(input, EdgeKind.Forward, [])]);
    }

    private int OverAggregate(LogicalOverAggregate o)
    {
        var input = Visit(o.Source);
        if (Op(input).Changelog != ChangelogMode.InsertOnly)
        {
            Report(Codes.Unsupported, "an OVER aggregation needs an append-only input, but its input produces updates",
                "apply the OVER window to the source rows, before any GROUP BY or regular join");
        }
        var (kind, parallelism) = Keyed(o.Spec.PartitionKeys);
        return Add(o, o.Spec, o.Output, ChangelogMode.InsertOnly, parallelism, [(input, kind, o.Spec.PartitionKeys)]);
    }

    private int Union(LogicalUnion u)
    {
        var inputs = u.Sources.Select(Visit).ToList();
        var changelog = inputs.Any(i => Op(i).Changelog != ChangelogMode.InsertOnly) ? ChangelogMode.Retract : ChangelogMode.InsertOnly;
        return Add(u, new UnionSpec(), u.Output, changelog, Parallelism, [.. inputs.Select(i => (i, EdgeKind.Forward, ImmutableArray<int>.Empty))]);
    }

    private int Rank(LogicalRank r)
    {
        if (r.Limit is null)
        {
            Report(Codes.RowNumberWithoutLimit, "ROW_NUMBER() must be filtered by a constant rank limit (rn <= N) in the enclosing query",
                "wrap the query: SELECT * FROM (SELECT ..., ROW_NUMBER() OVER (...) AS rn FROM t) WHERE rn <= 10");
        }
        var input = Visit(r.Source);
        var spec = new RankSpec(r.PartitionKeys, r.OrderBy, r.Limit ?? long.MaxValue, r.OutputRank, r.WindowEndIndex,
            r.WindowEndIndex is { } end && Rules.ColumnOrigin.LocalWindowBounds(r.Source, end));
        var (kind, parallelism) = Keyed(r.PartitionKeys);
        return Add(r, spec, r.Output, r.WindowEndIndex is null ? ChangelogMode.Retract : ChangelogMode.InsertOnly, parallelism, [(input, kind, r.PartitionKeys)]);
    }

    private int Sink(LogicalSink s)
    {
        var input = Visit(s.Source);
        var changelog = Op(input).Changelog;
        var connector = s.Connector.Connector;
        if (changelog != ChangelogMode.InsertOnly)
        {
            if (connector is "kafka" or "filesystem")
            {
                Report(Codes.UpdatingSink, $"table '{s.Table.Name}' ({connector}) only accepts appends, but the query produces updates",
                    "write updating results (GROUP BY without a window, regular joins) to an upsert sink with a PRIMARY KEY (jdbc, redis, hbase), or use a window aggregation");
            }
            else if (connector is "jdbc" or "redis" or "hbase" && s.PrimaryKey.IsEmpty)
            {
                Report(Codes.UpdatingSink, $"table '{s.Table.Name}' needs a PRIMARY KEY to receive the query's updates as upserts",
                    $"add `PRIMARY KEY (...) NOT ENFORCED` to '{s.Table.Name}'");
            }
        }
        var parallelism = int.TryParse(s.Connector.Get("sink.parallelism"), out var p) && p > 0 ? p : Op(input).Parallelism;
        var (kind, keys) = changelog != ChangelogMode.InsertOnly && !s.PrimaryKey.IsEmpty ? (EdgeKind.Hash, s.PrimaryKey) : (EdgeKind.Forward, ImmutableArray<int>.Empty);
        return Add(s, new SinkSpec(s.Table.Name, s.Connector, s.TableSchema, s.PrimaryKey), s.TableSchema, changelog, parallelism, [(input, kind, keys)]);
    }

    /// <summary>
    /// Makes every dead-letter table the job refers to a sink of the plan (an operator with no input, fed by the
    /// runtime's dead-letter queue), unless the job already writes to it: <c>'&lt;format&gt;.dead-letter'</c> of the
    /// sources read, <c>'lookup.dead-letter'</c> of the dimension tables looked up, and <c>'sjoin.dead-letter'</c> when a
    /// delayed window join dead-letters its late rows. Each must name a sink-capable table with dead-letter columns
    /// (<see cref="DeadLetterColumns"/>); the diagnostic points at the option's value.
    /// </summary>
    private void AddDeadLetterSinks()
    {
        var written = new HashSet<string>(_operators.Select(o => o.Spec).OfType<SinkSpec>().Select(s => s.Table), StringComparer.OrdinalIgnoreCase);
        var read = new HashSet<string>(_operators.Select(o => o.Spec switch { SourceSpec s => s.Table, LookupJoinSpec l => l.Table, _ => "" }), StringComparer.OrdinalIgnoreCase);
        var checkedTables = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var op in _operators.ToList())
        {
            var (table, connector) = op.Spec switch
            {
                SourceSpec s => (s.Table, s.Connector),
                LookupJoinSpec l => (l.Table, l.Connector),
                _ => ((string?)null, (ConnectorSpec?)null),
            };
            if (table is null || connector is null || !checkedTables.Add(table)) continue;
            var catalogTable = _job.Catalog.FindTable(table);
            foreach (var (key, value) in connector.Options)
            {
                var isLookup = key == "lookup.dead-letter";
                if (!key.EndsWith(".dead-letter", StringComparison.Ordinal) || isLookup != op.Spec is LookupJoinSpec) continue;
                var option = catalogTable?.Options.FirstOrDefault(o => o.Key == key);
                AddDeadLetterSink(value, $"'{key}' of '{table}'", option?.ValueSpan ?? _statement, catalogTable?.Source ?? _source, written, read);
            }
            if (op.Spec is LookupJoinSpec && string.Equals(connector.Get("lookup.failure"), "dead-letter", StringComparison.OrdinalIgnoreCase)
                && connector.Get("lookup.dead-letter") is null)
            {
                var option = catalogTable?.Options.FirstOrDefault(o => o.Key == "lookup.failure");
                _diagnostics.Add(Diagnostic.Error(Codes.MissingOption, option?.ValueSpan ?? _statement,
                    $"'lookup.failure' = 'dead-letter' of '{table}' needs a dead-letter table",
                    $"add 'lookup.dead-letter' = '<sink table>' to '{table}' (a table with columns such as {string.Join(", ", DeadLetterColumns.Names)})",
                    catalogTable?.Source ?? _source));
            }
        }
        if (_job.Options.SjoinDeadLetter is { } sjoin
            && _operators.Any(o => o.Spec is DelayedWindowJoinSpec { LateRows: LateRowPolicy.DeadLetter }))
        {
            AddDeadLetterSink(sjoin, "'sjoin.dead-letter'", _statement, _source, written, read);
        }
    }

    private void AddDeadLetterSink(string name, string referrer, SourceSpan span, SourceText? source, HashSet<string> written, HashSet<string> read)
    {
        var table = _job.Catalog.FindTable(name);
        if (table is null)
        {
            _diagnostics.Add(Diagnostic.Error(Codes.UnknownTable, span, $"unknown dead-letter table '{name}' (named by {referrer})",
                Suggestions.DidYouMean(name, _job.Catalog.Tables.Select(t => t.Name)) ?? "declare the table with CREATE TABLE (a sink, e.g. filesystem or kafka) or pass a catalog file with --catalog",
                source));
            return;
        }
        if (ConnectorOptionValidator.ValidateUsage(table, ConnectorUsage.Sink, span, source) is { } usage)
        {
            _diagnostics.Add(usage);
            return;
        }
        var columns = table.Columns.Where(c => !c.IsComputed).ToList();
        var schema = new RowSchema([.. columns.Select(c => new RowField(c.Name, c.Type!))]);
        if (DeadLetterColumns.Check(schema) is { } problem)
        {
            _diagnostics.Add(Diagnostic.Error(Codes.ConnectorSchema, span, $"table '{table.Name}' cannot be a dead-letter table: {problem}",
                $"give it dead-letter columns: kind STRING, source_table STRING, location STRING, raw STRING, reason STRING, dead_lettered_at TIMESTAMP_LTZ(3)", source));
            return;
        }
        if (!written.Add(table.Name)) return;
        // A table the job only dead-letters into was not validated by the binder (it is neither read nor written).
        if (!read.Contains(table.Name)) _diagnostics.AddRange(ConnectorOptionValidator.ValidateOptions(table));
        var primaryKey = table.PrimaryKey.Select(k => columns.FindIndex(c => string.Equals(c.Name, k, StringComparison.OrdinalIgnoreCase))).Where(i => i >= 0).ToImmutableArray();
        var connector = new ConnectorSpec((table.Connector ?? "").Trim().ToLowerInvariant(), table.Options.ToImmutableSortedDictionary(o => o.Key, o => o.Value, StringComparer.Ordinal));
        var id = _operators.Count;
        _operators.Add(new PhysicalOperator(id, $"DeadLetterSink(table=[{table.Name}], fields=[{ExplainFormat.Names(schema)}], for=[{referrer.Replace("'", "", StringComparison.Ordinal)}])",
            new SinkSpec(table.Name, connector, schema, primaryKey), schema, ChangelogMode.InsertOnly, 1));
    }

    /// <summary>The connector options of a spec as they may be shown (secrets and references redacted).</summary>
    public static string ShowOptions(ConnectorSpec connector) =>
        string.Join(", ", connector.Options.Select(kv => $"{kv.Key}={OptionRedaction.Show(kv.Key, kv.Value)}"));
}
