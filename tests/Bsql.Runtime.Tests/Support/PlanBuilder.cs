using System.Collections.Immutable;
using Bsql.Planner.Expressions;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Connectors;
using Bsql.Runtime.Execution;

namespace Bsql.Runtime.Tests.Support;

/// <summary>Builds physical plans by hand for runtime tests, and runs them.</summary>
internal sealed class PlanBuilder
{
    private readonly List<PhysicalOperator> _operators = [];
    private readonly List<PhysicalEdge> _edges = [];

    public PlanBuilder(int parallelism = 1) => Parallelism = parallelism;

    public int Parallelism { get; set; }

    public JobOptions Options { get; set; } = new();

    public static RowSchema Schema(params (string Name, SqlType Type)[] columns) =>
        new(columns.Select(c => new RowField(c.Name, c.Type)).ToImmutableArray());

    public static ConnectorSpec Connector(string name, params (string Key, string Value)[] options) =>
        new(name, options.Append(("connector", name)).ToImmutableSortedDictionary(o => o.Item1, o => o.Item2, StringComparer.Ordinal));

    public PhysicalOperator this[int id] => _operators.First(o => o.Id == id);

    public int Values(string table, RowSchema schema, IReadOnlyList<object?[]> rows, WatermarkSpec? watermark = null,
        int partitions = 1, int? parallelism = null, int rowsPerRead = 1000, ImmutableArray<BoundExpr> computed = default, RowSchema? output = null)
    {
        var connector = Connector("values", ("data-id", ValuesSourceFactory.Register(rows)), ("partitions", partitions.ToString()),
            ("rows-per-read", rowsPerRead.ToString()));
        return Source(table, schema, connector, watermark, parallelism, computed, output);
    }

    public int Source(string table, RowSchema schema, ConnectorSpec connector, WatermarkSpec? watermark = null, int? parallelism = null,
        ImmutableArray<BoundExpr> computed = default, RowSchema? output = null)
    {
        var spec = new SourceSpec(table, connector, schema, computed.IsDefault ? [] : computed, watermark);
        return Add(spec, output ?? schema, ChangelogMode.InsertOnly, parallelism);
    }

    public int Add(OperatorSpec spec, RowSchema output, ChangelogMode changelog, int? parallelism, params (int Source, EdgeKind Kind, int[] Keys)[] inputs)
    {
        var id = _operators.Count + 1;
        _operators.Add(new PhysicalOperator(id, $"{spec.GetType().Name}#{id}", spec, output, changelog, parallelism ?? Parallelism));
        for (var i = 0; i < inputs.Length; i++)
        {
            _edges.Add(new PhysicalEdge(inputs[i].Source, id, i, inputs[i].Kind, [.. inputs[i].Keys]));
        }
        return id;
    }

    public int Calc(int input, RowSchema output, BoundExpr? condition, params BoundExpr[] projections) =>
        Add(new CalcSpec([.. projections], condition), output, this[input].Changelog, this[input].Parallelism, (input, EdgeKind.Forward, []));

    /// <summary>A collect sink fed by <paramref name="input"/>; returns the id to read results with.</summary>
    public string Collect(int input, int? parallelism = null, EdgeKind edge = EdgeKind.Forward, int delayMs = 0)
    {
        var id = CollectSinkFactory.NewId();
        var schema = this[input].Output;
        var connector = Connector("collect", ("sink-id", id), ("delay-ms", delayMs.ToString()));
        var p = parallelism ?? this[input].Parallelism;
        Add(new SinkSpec("out", connector, schema, []), schema, this[input].Changelog, p,
            (input, p == this[input].Parallelism ? edge : EdgeKind.Rebalance, []));
        return id;
    }

    public int Sink(int input, ConnectorSpec connector, int? parallelism = null)
    {
        var schema = this[input].Output;
        var p = parallelism ?? this[input].Parallelism;
        return Add(new SinkSpec("out", connector, schema, []), schema, this[input].Changelog, p,
            (input, p == this[input].Parallelism ? EdgeKind.Forward : EdgeKind.Rebalance, []));
    }

    public PhysicalPlan Build() => new(PhysicalPlan.CurrentFormatVersion, "test", Options, [.. _operators], [.. _edges]);

    public static ConnectorRegistry Registry { get; } = ConnectorRegistry.CreateDefault().Register(new ValuesSourceFactory()).Register(new CollectSinkFactory()).Register(new SequenceSourceFactory());

    public Task<JobResult> RunAsync(TextWriter? output = null, JobRunOptions? options = null)
    {
        var o = (options ?? new JobRunOptions()) with
        {
            Connectors = Registry,
            Expressions = TestExpressions.Instance,
            Output = output ?? options?.Output ?? TextWriter.Null,
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return JobRunner.RunAsync(Build(), o, timeout.Token);
    }
}
