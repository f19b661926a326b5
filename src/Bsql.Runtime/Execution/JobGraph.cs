using System.Collections.Immutable;
using System.Threading.Channels;
using Bsql.Planner.Physical;
using Bsql.Runtime.Connectors;
using Bsql.Runtime.Execution.Checkpoints;
using Bsql.Runtime.Formats;
using Bsql.Runtime.Metrics;
using Bsql.Runtime.Operators;
using Bsql.Runtime.Time;

namespace Bsql.Runtime.Execution;

/// <summary>
/// The subtasks of one job run, wired together. Operators are chained when joined by a forward edge
/// with equal parallelism and nothing else enters the downstream or leaves the upstream operator;
/// every other edge becomes bounded channels, one merged input channel per receiving subtask.
/// </summary>
internal sealed class JobGraph
{
    private readonly PhysicalPlan _plan;
    private readonly JobRunOptions _options;
    private readonly Dictionary<int, PhysicalOperator> _operators = [];
    private IReadOnlyDictionary<(int, int), SubtaskSnapshot> _restored = new Dictionary<(int, int), SubtaskSnapshot>();
    private string? _checkpointFolder;
    private Lookup.LookupRegistry? _lookups;
    private bool _checkpointing;
    private volatile CheckpointCoordinator? _coordinator;
    private volatile List<Subtask>? _running;

    public JobGraph(PhysicalPlan plan, JobRunOptions options)
    {
        _plan = plan;
        _options = options;
        foreach (var op in plan.Operators)
        {
            if (op.Parallelism < 1) throw Invalid($"operator {op.Id} has parallelism {op.Parallelism}");
            if (!_operators.TryAdd(op.Id, op)) throw Invalid($"duplicate operator id {op.Id}");
        }
        foreach (var edge in plan.Edges)
        {
            if (!_operators.ContainsKey(edge.Source) || !_operators.ContainsKey(edge.Target)) throw Invalid($"edge {edge.Source} → {edge.Target} names an unknown operator");
        }
    }

    public async Task<JobResult> RunAsync(CancellationToken cancellationToken)
    {
        var metrics = _options.Metrics ?? new JobMetrics();
        var deadLetters = new DeadLetterQueue(_plan, _options.Time);
        // One registry per run: lookup joins against the same table share one batcher and cache.
        _lookups = new Lookup.LookupRegistry(_options.Time, _options.LookupClients);
        var services = new JobServices(
            _plan,
            _options.JobId ?? _plan.JobName,
            _options.Time,
            _options.Connectors ?? ConnectorRegistry.Default,
            _options.Formats ?? FormatRegistry.Default,
            _options.Expressions ?? new DefaultExpressionCompiler(new Expressions.ExpressionContext
            {
                Clock = _options.Time,
                SessionTimeZone = SessionTimeZone.Resolve(_plan.Options.LocalTimeZone),
                UserFunctionProvider = _plan.Functions.IsEmpty ? null : Expressions.LoadedUserFunctions.Load(_plan.Functions),
            }),
            metrics,
            _options.Output ?? Console.Out,
            deadLetters,
            _options.BatchSize);
        deadLetters.Bind((spec, subtask, parallelism) => CreateSink(services, spec, subtask, parallelism, slot: _options.Slot, checkpointing: _checkpointing));

        var interval = _options.CheckpointIntervalMs ?? _plan.Options.CheckpointIntervalMs;
        var directory = _options.CheckpointDir ?? _plan.Options.CheckpointDir;
        // Checkpointing needs both an interval and a directory (Flink's state.checkpoints.dir).
        var checkpointFolder = _options.Slot is { } slot ? Path.Combine(services.JobId, "slot-" + slot.ToString(System.Globalization.CultureInfo.InvariantCulture)) : services.JobId;
        var store = interval is > 0 && directory is not null ? new CheckpointStore(directory, checkpointFolder) : null;
        _checkpointing = store is not null;
        _checkpointFolder = store?.Root;
        if (_options.Fresh) store?.DeleteAll();
        var restored = store?.LoadLatest();
        if (restored is { } r)
        {
            foreach (var (op, subtask) in r.States.Keys)
            {
                if (!_operators.TryGetValue(op, out var plan) || subtask >= plan.Parallelism)
                {
                    throw new BsqlRuntimeException(RuntimeErrors.CheckpointFailed,
                        $"checkpoint {r.Id} of job '{services.JobId}' does not fit this plan (operators or parallelism changed); run with --fresh to start over");
                }
            }
            _restored = r.States;
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var subtasks = new List<Subtask>();
        CheckpointCoordinator? coordinator = null;
        try
        {
            subtasks = Build(services);
            if (store is not null)
            {
                coordinator = new CheckpointCoordinator(store, services.Time, interval!.Value, subtasks.Count, (restored?.Id ?? 0) + 1)
                {
                    OnCompleted = deadLetters.RequestCommit,
                };
                foreach (var subtask in subtasks)
                {
                    subtask.Coordinator = coordinator;
                    coordinator.Register(subtask);
                }
            }
            foreach (var subtask in subtasks) await subtask.OpenAsync(cts.Token).ConfigureAwait(false);
            foreach (var subtask in subtasks) subtask.Restore(_restored);
            _running = subtasks;
            _coordinator = coordinator;
            var running = subtasks.Select(s => Task.Run(() => RunOneAsync(s, cts), cts.Token)).ToList();
            var drain = DrainDeadLettersAsync(deadLetters, cts.Token);
            var checkpoints = coordinator?.RunAsync(cts.Token) ?? Task.CompletedTask;
            await Task.WhenAll(running).ConfigureAwait(false);
            coordinator?.Stop();
            await deadLetters.FinishAsync(cts.Token).ConfigureAwait(false);
            await cts.CancelAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll(drain, checkpoints).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            // A job that finished removes its checkpoints: running it again starts afresh.
            store?.DeleteAll();
        }
        catch (Exception) when (_firstError is not null && !cancellationToken.IsCancellationRequested)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_firstError);
        }
        finally
        {
            foreach (var subtask in subtasks)
            {
                await subtask.CloseAsync().ConfigureAwait(false);
                if (subtask is SourceSubtask source) await source.Source.DisposeAsync().ConfigureAwait(false);
            }
            await deadLetters.CloseAsync().ConfigureAwait(false);
            await _lookups.DisposeAsync().ConfigureAwait(false);
        }
        return new JobResult(services.JobId, metrics, coordinator?.Completed ?? 0, restored?.Id);
    }

    /// <summary>
    /// Completes a checkpoint and waits until every subtask was told (sinks committed their transactions, sources
    /// their offsets), so that what this run did up to that checkpoint is durable: a scale-out worker calls it
    /// before it hands a slot over. False when checkpointing is off, the job is not running yet, or on timeout.
    /// </summary>
    public async Task<bool> CheckpointAndCommitAsync(TimeSpan timeout)
    {
        if (_coordinator is not { Stopped: false } coordinator || _running is not { } subtasks) return false;
        var id = coordinator.TriggerNow();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (coordinator.LastWritten >= id && subtasks.All(s => s.LastNotified >= id)) return true;
            await Task.Delay(20).ConfigureAwait(false);
        }
        return false;
    }

    private Exception? _firstError;
    private readonly Lock _errorLock = new();

    private async Task RunOneAsync(Subtask subtask, CancellationTokenSource cts)
    {
        try
        {
            await subtask.RunAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw;
        }
        catch (Expressions.ExpressionEvaluationException e)
        {
            Record(new BsqlRuntimeException(RuntimeErrors.ExpressionFailed, $"{subtask.Name}: {e.Message}", e));
            await cts.CancelAsync().ConfigureAwait(false);
            throw;
        }
        catch (Exception e)
        {
            Record(e);
            await cts.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    private void Record(Exception e)
    {
        lock (_errorLock)
        {
            // A user error (BSQL4xxx) is the one to report even when a cancelled peer fails first.
            if (_firstError is null || (_firstError is not BsqlRuntimeException && e is BsqlRuntimeException)) _firstError = e;
        }
    }

    private static async Task DrainDeadLettersAsync(DeadLetterQueue queue, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            await queue.DrainAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private List<Subtask> Build(JobServices services)
    {
        // 1. Chains: a list of operator ids, head first.
        var chainedToNext = new Dictionary<int, int>();
        foreach (var op in _plan.Operators)
        {
            var outs = _plan.OutputsOf(op.Id).ToList();
            if (outs.Count != 1 || op.Spec is SinkSpec) continue;
            var edge = outs[0];
            var target = _operators[edge.Target];
            if (edge.Kind == EdgeKind.Forward && target.Parallelism == op.Parallelism && _plan.InputsOf(target.Id).Count() == 1
                && target.Spec is not SourceSpec)
            {
                chainedToNext[op.Id] = target.Id;
            }
        }
        var chainedFromPrev = chainedToNext.ToDictionary(kv => kv.Value, kv => kv.Key);
        var chains = new List<List<int>>();
        foreach (var op in _plan.Operators)
        {
            if (chainedFromPrev.ContainsKey(op.Id)) continue;
            // A dead-letter sink the planner added (no input) is written by the dead-letter queue, not by a subtask.
            if (op.Spec is SinkSpec && !_plan.InputsOf(op.Id).Any()) continue;
            var chain = new List<int> { op.Id };
            var current = op.Id;
            while (chainedToNext.TryGetValue(current, out var next))
            {
                chain.Add(next);
                current = next;
            }
            chains.Add(chain);
        }

        // 2. Input channels of chain heads and the sender channel indices at each receiver.
        var inputChannels = new Dictionary<int, Channel<StreamElement>[]>();
        var channelInputs = new Dictionary<int, List<int>[]>();
        var senderChannel = new Dictionary<(PhysicalEdge Edge, int Sender, int Target), int>();
        foreach (var chain in chains)
        {
            var head = _operators[chain[0]];
            if (head.Spec is SourceSpec) continue;
            var channels = new Channel<StreamElement>[head.Parallelism];
            var inputsPerChannel = new List<int>[head.Parallelism];
            for (var t = 0; t < head.Parallelism; t++)
            {
                channels[t] = Channel.CreateBounded<StreamElement>(new BoundedChannelOptions(_options.ChannelCapacity)
                {
                    SingleReader = true,
                    FullMode = BoundedChannelFullMode.Wait,
                });
                inputsPerChannel[t] = [];
            }
            foreach (var edge in _plan.InputsOf(head.Id))
            {
                var source = _operators[edge.Source];
                for (var s = 0; s < source.Parallelism; s++)
                {
                    foreach (var t in Targets(edge, source, head, s))
                    {
                        senderChannel[(edge, s, t)] = inputsPerChannel[t].Count;
                        inputsPerChannel[t].Add(edge.TargetInput);
                    }
                }
            }
            inputChannels[head.Id] = channels;
            channelInputs[head.Id] = inputsPerChannel;
        }

        // 3. Subtasks.
        var subtasks = new List<Subtask>();
        foreach (var chain in chains)
        {
            var head = _operators[chain[0]];
            for (var i = 0; i < head.Parallelism; i++)
            {
                var outbox = new Outbox();
                var operatorIds = head.Spec is SourceSpec ? chain.Skip(1).ToList() : chain;
                var drivers = new OperatorDriver[operatorIds.Count];
                for (var k = 0; k < operatorIds.Count; k++) drivers[k] = CreateDriver(services, _operators[operatorIds[k]], i);

                var tailOp = _operators[chain[^1]];
                var tails = new List<EdgeWriter>();
                foreach (var edge in _plan.OutputsOf(tailOp.Id))
                {
                    var target = _operators[edge.Target];
                    var targets = Targets(edge, tailOp, target, i).ToArray();
                    var writers = targets.Select(t => inputChannels[target.Id][t].Writer).ToArray();
                    var indices = targets.Select(t => senderChannel[(edge, i, t)]).ToArray();
                    var kind = edge.Kind == EdgeKind.Forward && target.Parallelism != tailOp.Parallelism ? EdgeKind.Rebalance : edge.Kind;
                    tails.Add(new EdgeWriter(kind, [.. edge.Keys], writers, indices, outbox, i));
                }
                IOutput tailOutput = tails.Count switch
                {
                    0 => NullOutput.Instance,
                    1 => tails[0],
                    _ => new FanOutOutput([.. tails]),
                };
                for (var k = 0; k < drivers.Length; k++)
                {
                    var output = k + 1 < drivers.Length ? new ChainedOutput(drivers[k + 1]) : tailOutput;
                    drivers[k].Operator.Setup(drivers[k].Context, output);
                }
                var firstOutput = drivers.Length > 0 ? new ChainedOutput(drivers[0]) : tailOutput;

                if (head.Spec is SourceSpec sourceSpec)
                {
                    var (source, sourceOutput) = CreateSource(services, head, sourceSpec, i);
                    sourceOutput.Connect(firstOutput);
                    subtasks.Add(new SourceSubtask($"{head.Name} ({i + 1}/{head.Parallelism})", source, sourceOutput, firstOutput,
                        drivers, [.. tails], outbox, services.Time) { SourceOperatorId = head.Id, SourceSubtaskIndex = i });
                }
                else
                {
                    var channel = inputChannels[head.Id][i];
                    subtasks.Add(new ChannelSubtask($"{head.Name} ({i + 1}/{head.Parallelism})", drivers, [.. tails], outbox,
                        channel.Reader, [.. channelInputs[head.Id][i]], Math.Max(1, _plan.InputsOf(head.Id).Count()), services.Time));
                }
            }
        }
        return subtasks;
    }

    private static IEnumerable<int> Targets(PhysicalEdge edge, PhysicalOperator source, PhysicalOperator target, int sender)
    {
        if (edge.Kind == EdgeKind.Forward && source.Parallelism == target.Parallelism) return [sender];
        if (edge.Kind == EdgeKind.Single) return [0];
        return Enumerable.Range(0, target.Parallelism);
    }

    private OperatorDriver CreateDriver(JobServices services, PhysicalOperator op, int subtask)
    {
        var timers = new TimerService(services.Time);
        var inputs = _plan.InputsOf(op.Id).Select(e => _operators[e.Source].Output).ToList();
        var context = new OperatorContext(op, subtask, _plan.Options, services.Time, timers, services.Expressions,
            services.Metrics.ForOperator(op.Id, op.Name))
        {
            InputSchemas = inputs,
            InputChangelogs = _plan.InputsOf(op.Id).Select(e => _operators[e.Source].Changelog).ToList(),
            PrintOutput = services.PrintOutput,
            CheckpointFolder = _checkpointFolder,
            DeadLetters = services.DeadLetters,
        };
        var instance = CreateOperator(services, op, subtask);
        return new OperatorDriver(instance, context, timers, Math.Max(1, inputs.Count));
    }

    private StreamOperator CreateOperator(JobServices services, PhysicalOperator op, int subtask) => op.Spec switch
    {
        CalcSpec calc => new CalcOperator(calc),
        UnionSpec => new UnionOperator(),
        UnnestSpec unnest => new UnnestOperator(unnest),
        OverAggregateSpec over => new OverAggregateOperator(over),
        SinkSpec sink => new SinkOperator(CreateSink(services, sink, subtask, op.Parallelism, _restored.GetValueOrDefault((op.Id, subtask))?.SinkState, _options.Slot, _checkpointing)),
        WindowAggregateSpec { Window: SessionWindow } window => new SessionWindowAggregateOperator(window),
        WindowAggregateSpec window => new WindowAggregateOperator(window),
        GroupAggregateSpec group => new GroupAggregateOperator(group),
        JoinSpec join => new JoinOperator(join),
        IntervalJoinSpec interval => new IntervalJoinOperator(interval),
        WindowJoinSpec windowJoin => new WindowJoinOperator(windowJoin),
        RankSpec rank => new RankOperator(rank),
        DelayedWindowJoinSpec sjoin => new DelayedWindowJoinOperator(sjoin),
        LookupJoinSpec lookup => new LookupJoinOperator(lookup, _lookups),
        _ => throw Invalid($"operator '{op.Name}' ({op.Spec.GetType().Name}) is not supported by this runtime yet"),
    };

    private static ISink CreateSink(JobServices services, SinkSpec spec, int subtask, int parallelism, string? restoredState = null, int? slot = null,
        bool checkpointing = false)
    {
        var connector = OptionResolver.Resolve(spec.Connector, spec.Table);
        var context = new SinkContext(spec, connector, subtask, parallelism, services.Time)
        {
            JobId = services.JobId,
            PrintOutput = services.PrintOutput,
            Formats = services.Formats,
            RestoredState = restoredState,
            Slot = slot,
            Checkpointing = checkpointing,
        };
        // A scaled-out job's repartition writer is not a user connector: it is built here, not looked up.
        if (connector.Connector == Connectors.Kafka.Repartition.RepartitionTopics.Connector)
        {
            return new Connectors.Kafka.KafkaSink(context, new Connectors.Kafka.Repartition.RepartitionWriter(context));
        }
        return services.Connectors.GetSink(connector.Connector).CreateSink(context);
    }

    private (ISource Source, SourceOutput Output) CreateSource(JobServices services, PhysicalOperator op, SourceSpec spec, int subtask)
    {
        var connector = OptionResolver.Resolve(SampleOverride(spec) ?? spec.Connector, spec.Table);
        var context = new SourceContext(spec, connector, subtask, op.Parallelism, services.Time)
        {
            BatchSize = services.BatchSize,
            RestoredPosition = _restored.GetValueOrDefault((op.Id, subtask))?.Position,
            JobId = services.JobId,
            Formats = services.Formats,
            FormatMetrics = services.Metrics.ForTable(spec.Table),
            DeadLetters = services.DeadLetters,
            Slot = _options.Slot,
            SlotCount = _options.SlotCount,
            ReadColumns = SourceColumns.Read(_plan, op, spec),
        };
        var source = connector.Connector == Connectors.Kafka.Repartition.RepartitionTopics.Connector
            ? new Connectors.Kafka.Repartition.RepartitionSource(context)
            : services.Connectors.GetSource(connector.Connector).CreateSource(context);
        var computed = spec.ComputedColumns.Select(services.Expressions.Compile).ToArray();
        var watermarks = spec.Watermark is null ? null
            : new WatermarkGenerator(spec.Watermark, services.Expressions, _plan.Options.SourceIdleTimeoutMs);
        var output = new SourceOutput(spec.PhysicalSchema.Count, computed, watermarks, services.BatchSize,
            services.Metrics.ForOperator(op.Id, op.Name));
        return (source, output);
    }

    private ConnectorSpec? SampleOverride(SourceSpec spec)
    {
        string? path = null;
        foreach (var (table, file) in _options.SampleTables)
        {
            if (string.Equals(table, spec.Table, StringComparison.OrdinalIgnoreCase)) path = file;
        }
        if (path is null) return null;
        var format = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".jsonl" or ".json" or ".ndjson" => "json",
            ".csv" => "csv",
            var other => throw new BsqlRuntimeException(RuntimeErrors.BadOptionValue,
                $"sample file '{path}' for table '{spec.Table}': unknown extension '{other}' (use .jsonl, .json or .csv)"),
        };
        // Keep the table's format options (e.g. json.timestamp-format.standard) when the format is the same.
        var options = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in spec.Connector.Options)
        {
            if (key.StartsWith(format + ".", StringComparison.Ordinal)) options[key] = value;
        }
        options["connector"] = "filesystem";
        options["path"] = path;
        options["format"] = format;
        return new ConnectorSpec("filesystem", options.ToImmutable());
    }

    private static BsqlRuntimeException Invalid(string message) => new(RuntimeErrors.InvalidPlan, message);
}
