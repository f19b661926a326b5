using System.Collections.Concurrent;
using System.Collections.Immutable;
using Bsql.Planner.Expressions;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime;
using Bsql.Runtime.Connectors;
using Bsql.Runtime.Execution;
using Bsql.Runtime.Expressions;

namespace Bsql.IntegrationTests.Kafka;

/// <summary>Builds a physical plan by hand (source → ... → sinks) and runs it with the real expression compiler.</summary>
internal sealed class KafkaTestJob
{
    private readonly List<PhysicalOperator> _operators = [];
    private readonly List<PhysicalEdge> _edges = [];

    public JobOptions Options { get; set; } = new();

    public static ConnectorRegistry Registry { get; } = ConnectorRegistry.CreateDefault().Register(new CollectSinkFactory());

    public static RowSchema Schema(params (string Name, SqlType Type)[] columns) =>
        new(columns.Select(c => new RowField(c.Name, c.Type)).ToImmutableArray());

    /// <summary>A connector spec; a later option overrides an earlier one of the same key.</summary>
    public static ConnectorSpec Connector(string name, params (string Key, string Value)[] options)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in options) builder[key] = value;
        builder["connector"] = name;
        return new ConnectorSpec(name, builder.ToImmutable());
    }

    public PhysicalOperator this[int id] => _operators.First(o => o.Id == id);

    public int Source(string table, RowSchema schema, ConnectorSpec connector, int parallelism = 1, WatermarkSpec? watermark = null) =>
        Add(new SourceSpec(table, connector, schema, [], watermark), schema, parallelism);

    public int Calc(int input, RowSchema output, BoundExpr? condition, params BoundExpr[] projections) =>
        Add(new CalcSpec([.. projections], condition), output, this[input].Parallelism, (input, EdgeKind.Forward, []));

    public int Sink(int input, string table, ConnectorSpec connector, int? parallelism = null)
    {
        var p = parallelism ?? this[input].Parallelism;
        return Add(new SinkSpec(table, connector, this[input].Output, []), this[input].Output, p,
            (input, p == this[input].Parallelism ? EdgeKind.Forward : EdgeKind.Rebalance, []));
    }

    /// <summary>A collecting sink; returns the id its rows are kept under.</summary>
    public string Collect(int input, string table = "out", int? parallelism = null)
    {
        var id = CollectSinkFactory.NewId();
        Sink(input, table, Connector("collect", ("sink-id", id)), parallelism);
        return id;
    }

    public int Add(OperatorSpec spec, RowSchema output, int parallelism, params (int Source, EdgeKind Kind, int[] Keys)[] inputs)
    {
        var id = _operators.Count + 1;
        _operators.Add(new PhysicalOperator(id, $"{spec.GetType().Name}#{id}", spec, output, ChangelogMode.InsertOnly, parallelism));
        for (var i = 0; i < inputs.Length; i++) _edges.Add(new PhysicalEdge(inputs[i].Source, id, i, inputs[i].Kind, [.. inputs[i].Keys]));
        return id;
    }

    public PhysicalPlan Build() => new(PhysicalPlan.CurrentFormatVersion, "kafka-test", Options, [.. _operators], [.. _edges]);

    public async Task<JobResult> RunAsync(string jobId = "kafka-test", int timeoutSeconds = 60) =>
        await RunAsync(new JobRunOptions { JobId = jobId }, new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds)).Token);

    public Task<JobResult> RunAsync(JobRunOptions options, CancellationToken cancellationToken) =>
        JobRunner.RunAsync(Build(), options with { Connectors = Registry, Expressions = RuntimeExpressions.Instance, Output = TextWriter.Null }, cancellationToken);

    public static InputRef Col(int index, SqlType type) => new(index, type);

    public static Literal Lit(object? value, SqlType type) => new(value, type);

    public static Call Fn(string name, SqlType type, params BoundExpr[] args) => new(name, [.. args], type);
}

/// <summary>The runtime's expression compiler behind <see cref="IExpressionCompiler"/>.</summary>
internal sealed class RuntimeExpressions : IExpressionCompiler
{
    public static RuntimeExpressions Instance { get; } = new();

    public Func<object?[], object?> Compile(BoundExpr expression) => ExpressionCompiler.Compile(expression, ExpressionContext.Default);

    public Func<object?[], bool> CompilePredicate(BoundExpr predicate) => ExpressionCompiler.CompilePredicate(predicate, ExpressionContext.Default);
}

/// <summary>Test sink <c>'connector' = 'collect'</c>: keeps the rows under <c>'sink-id'</c>.</summary>
internal sealed class CollectSinkFactory : ISinkFactory
{
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<object?[]>> Results = new();
    private static int _next;

    public string Connector => "collect";

    public static string NewId()
    {
        var id = "k" + Interlocked.Increment(ref _next);
        Results[id] = new();
        return id;
    }

    public static List<object?[]> Get(string id) => [.. Results[id]];

    public ISink CreateSink(SinkContext context) => new CollectSink(Results[context.Connector.Get("sink-id")!]);

    private sealed class CollectSink(ConcurrentQueue<object?[]> results) : ISink
    {
        public ValueTask OpenAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask WriteAsync(RowBatch batch, CancellationToken cancellationToken)
        {
            for (var i = 0; i < batch.Count; i++) results.Enqueue(batch[i]);
            return ValueTask.CompletedTask;
        }

        public ValueTask<string?> PrepareCommitAsync(long checkpointId, CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);

        public ValueTask CommitAsync(long checkpointId, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask FinishAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
