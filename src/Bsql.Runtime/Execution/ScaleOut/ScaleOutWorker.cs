using System.Globalization;
using Bsql.Planner.Physical;
using Bsql.Runtime.Connectors;
using Bsql.Runtime.Connectors.Kafka;
using Bsql.Runtime.Connectors.Kafka.Repartition;
using Bsql.Runtime.Metrics;
using Confluent.Kafka;

namespace Bsql.Runtime.Execution.ScaleOut;

/// <summary>
/// One worker of a scaled-out job (<c>'scale-out.enabled' = 'true'</c>): joins the consumer group named after the
/// job id with a membership consumer subscribed to the slot topic (the first topic of the first Kafka source table),
/// and runs the job's pipeline once per slot it is assigned (slot s = partition s of that topic). A revoked slot's
/// pipeline completes and commits a last checkpoint and is stopped before the callback returns, so the group hands
/// the slot on only once it is released; an assigned slot's pipeline restores the slot's latest checkpoint. Hash edges
/// are split into repartition topics (<see cref="RepartitionPlan"/>), created or checked before joining the group.
/// See docs/design.md, "Scale-out".
/// </summary>
internal sealed class ScaleOutWorker
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan HandOverTimeout = TimeSpan.FromSeconds(10);

    private readonly PhysicalPlan _plan;
    private readonly JobRunOptions _options;
    private readonly string _jobId;
    private readonly Dictionary<int, SlotRun> _slots = [];
    private readonly JobMetrics _metrics;
    private int _slotCount;
    // The plan each slot runs: hash edges split into repartition topics once the slot count is known.
    private PhysicalPlan _slotPlan;
    private int _completedCheckpoints;

    public ScaleOutWorker(PhysicalPlan plan, JobRunOptions options)
    {
        _plan = plan;
        _slotPlan = plan;
        _options = options;
        _jobId = options.JobId ?? plan.JobName;
        _metrics = options.Metrics ?? new JobMetrics();
    }

    public async Task<JobResult> RunAsync(CancellationToken cancellationToken)
    {
        var slotTable = Validate();
        NativeLibrdkafka.EnsureLoaded();
        // The membership consumer blocks in Consume and in the rebalance callbacks: it gets a thread of its own.
        await Task.Factory.StartNew(() => Membership(slotTable, cancellationToken), cancellationToken,
            TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        return new JobResult(_jobId, _metrics, _completedCheckpoints, null);
    }

    /// <summary>Checks that the plan can be split into slots; returns the Kafka options of the slot table.</summary>
    private KafkaTableOptions Validate()
    {
        BsqlRuntimeException Unsupported(string message) => new(RuntimeErrors.ScaleOutUnsupported, $"job '{_jobId}' has 'scale-out.enabled': {message}");
        if ((_options.CheckpointIntervalMs ?? _plan.Options.CheckpointIntervalMs) is not > 0 || (_options.CheckpointDir ?? _plan.Options.CheckpointDir) is null)
        {
            throw Unsupported("workers hand slots over through checkpoints: set 'execution.checkpointing.interval' and 'state.checkpoints.dir' (on storage every worker shares)");
        }
        var sources = _plan.Operators.Select(o => o.Spec).OfType<SourceSpec>().OrderBy(s => s.Table, StringComparer.Ordinal).ToList();
        if (sources.Count == 0) throw Unsupported("the job has no source");
        foreach (var source in sources)
        {
            var connector = OptionResolver.Resolve(source.Connector, source.Table);
            if (!string.Equals(connector.Connector, "kafka", StringComparison.OrdinalIgnoreCase))
            {
                throw Unsupported($"table '{source.Table}' is a '{connector.Connector}' source: every slot would read all of it (scale-out needs Kafka sources)");
            }
            var options = KafkaTableOptions.Parse(source.Table, connector, source.PhysicalSchema);
            if (options.BoundedMode != KafkaBoundedMode.Unbounded) throw Unsupported($"table '{source.Table}' is a bounded Kafka read (scale-out needs unbounded sources)");
            if (options.ClientProperties.TryGetValue("group.id", out var group) && group == _jobId)
            {
                throw Unsupported($"table '{source.Table}' stores its offsets in group '{group}', the workers' membership group: choose another 'properties.group.id'");
            }
        }
        // Hash edges become repartition topics (RepartitionPlan); a broadcast or single edge would need every slot's rows in one place.
        if (_plan.Edges.FirstOrDefault(e => e.Kind is EdgeKind.Broadcast or EdgeKind.Single) is { } gathered)
        {
            var target = _plan.Operators.First(o => o.Id == gathered.Target);
            throw Unsupported($"operator '{target.Name}' needs all rows in one place ({gathered.Kind.ToString().ToLowerInvariant()} edge: a global aggregate, "
                + "a non-equi join or a global ORDER BY/LIMIT), which scale-out cannot split into slots yet (only keyed operators, through repartition topics): "
                + "run this job on one worker (without 'scale-out.enabled')");
        }
        var first = sources[0];
        return KafkaTableOptions.Parse(first.Table, OptionResolver.Resolve(first.Connector, first.Table), first.PhysicalSchema);
    }

    private void Membership(KafkaTableOptions slotTable, CancellationToken cancellationToken)
    {
        var topic = slotTable.Topics[0];
        var config = new ConsumerConfig(slotTable.ClientProperties.ToDictionary(kv => kv.Key, kv => kv.Value))
        {
            BootstrapServers = slotTable.BootstrapServers,
            GroupId = _jobId,
            EnableAutoCommit = false,
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
        };
        Exception? failure = null;
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(config)
            .SetLogHandler((_, _) => { })
            .SetErrorHandler((_, error) =>
            {
                if (error.IsFatal) failure ??= new BsqlRuntimeException(RuntimeErrors.ConnectorUnavailable, $"job '{_jobId}': the membership consumer failed: {error.Reason}");
            })
            .SetPartitionsAssignedHandler((_, partitions) =>
            {
                foreach (var tp in partitions) Start(tp.Partition.Value);
                Report();
            })
            .SetPartitionsRevokedHandler((_, partitions) =>
            {
                foreach (var tp in partitions) Stop(tp.Partition.Value, handOver: true);
                Report();
            })
            .SetPartitionsLostHandler((_, partitions) =>
            {
                // Lost (expelled after the session timeout): another worker may run the slot already, so no last checkpoint.
                foreach (var tp in partitions) Stop(tp.Partition.Value, handOver: false);
                Report();
            })
            .Build();
        try
        {
            using (var admin = new DependentAdminClientBuilder(consumer.Handle).Build())
            {
                var metadata = admin.GetMetadata(topic, TimeSpan.FromMilliseconds(slotTable.ConnectTimeoutMs)).Topics.FirstOrDefault(t => t.Topic == topic);
                _slotCount = metadata is { Error.Code: ErrorCode.NoError } ? metadata.Partitions.Count : 0;
            }
            if (_slotCount == 0)
            {
                throw new BsqlRuntimeException(RuntimeErrors.ConnectorUnavailable, $"job '{_jobId}': slot topic '{topic}' does not exist on '{slotTable.BootstrapServers}'");
            }
            var (slotPlan, repartitionTopics) = RepartitionPlan.Split(_plan, _jobId, slotTable, _slotCount);
            if (repartitionTopics.Count > 0)
            {
                using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
                RepartitionTopics.Ensure(admin, repartitionTopics, RepartitionTopics.MarkerTopic(_jobId), _slotCount, slotTable, _options.Log);
            }
            _slotPlan = slotPlan;
            _options.Log?.WriteLine($"bsql: worker of job '{_jobId}' joining group '{_jobId}' ({_slotCount} slots: the partitions of '{topic}')");
            consumer.Subscribe(topic);
            while (!cancellationToken.IsCancellationRequested && failure is null)
            {
                // The membership consumer reads nothing: its partitions stand for slots.
                consumer.Consume(100);
                var assignment = consumer.Assignment;
                if (assignment.Count > 0) consumer.Pause(assignment);
                lock (_slots)
                {
                    foreach (var (slot, run) in _slots)
                    {
                        if (run.Task.IsFaulted) failure ??= run.Task.Exception!.InnerException ?? run.Task.Exception;
                    }
                }
            }
        }
        catch (KafkaException e)
        {
            failure ??= new BsqlRuntimeException(RuntimeErrors.ConnectorUnavailable, $"job '{_jobId}': the membership consumer failed: {e.Error.Reason}", e);
        }
        finally
        {
            List<int> owned;
            lock (_slots) owned = [.. _slots.Keys];
            foreach (var slot in owned) Stop(slot, handOver: failure is null);
            try
            {
                // Leaving the group at once lets the other workers take the slots without waiting for the session timeout.
                consumer.Close();
            }
            catch (KafkaException)
            {
            }
        }
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private void Start(int slot)
    {
        lock (_slots)
        {
            if (_slots.ContainsKey(slot)) return;
            var cts = new CancellationTokenSource();
            var options = _options with { Slot = slot, SlotCount = _slotCount, JobId = _jobId, Metrics = _metrics, Fresh = false };
            var graph = new JobGraph(_slotPlan, options);
            var task = Task.Run(async () =>
            {
                var result = await graph.RunAsync(cts.Token).ConfigureAwait(false);
                Interlocked.Add(ref _completedCheckpoints, result.CompletedCheckpoints);
                return result;
            }, cts.Token);
            _slots[slot] = new SlotRun(graph, cts, task);
        }
    }

    /// <summary>Stops a slot's pipeline; with <paramref name="handOver"/>, first completes and commits a checkpoint, so the next owner resumes right there.</summary>
    private void Stop(int slot, bool handOver)
    {
        SlotRun? run;
        lock (_slots)
        {
            if (!_slots.Remove(slot, out run)) return;
        }
        if (handOver && !run.Task.IsCompleted)
        {
            // Without it the slot is still safe: the next owner restores the last checkpoint and redoes what followed.
            var committed = run.Graph.CheckpointAndCommitAsync(HandOverTimeout).GetAwaiter().GetResult();
            _options.Log?.WriteLine($"bsql: slot {slot} of job '{_jobId}' handed over {(committed ? "after a final checkpoint" : "at its last checkpoint (no final one in time)")}");
        }
        run.Cancellation.Cancel();
        try
        {
            // Returning from the revoke callback releases the slot: its pipeline (and its transactions) must be gone first.
            if (!run.Task.Wait(StopTimeout)) _options.Log?.WriteLine($"bsql: slot {slot} of job '{_jobId}' did not stop in {StopTimeout.TotalSeconds} s");
        }
        catch (AggregateException e) when (e.InnerExceptions.All(x => x is OperationCanceledException))
        {
        }
        catch (AggregateException e)
        {
            _options.Log?.WriteLine($"bsql: slot {slot} of job '{_jobId}' failed while stopping: {e.InnerException?.Message}");
        }
        run.Cancellation.Dispose();
    }

    private void Report()
    {
        List<int> owned;
        lock (_slots) owned = [.. _slots.Keys.Order()];
        _options.Log?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bsql: worker of job '{_jobId}' owns slots [{string.Join(",", owned)}] of {_slotCount}"));
    }

    private sealed record SlotRun(JobGraph Graph, CancellationTokenSource Cancellation, Task<JobResult> Task);
}
