using System.Collections.Concurrent;
using Bsql.Runtime.Execution.Checkpoints;
using Bsql.Runtime.Operators;

namespace Bsql.Runtime.Execution;

/// <summary>One running subtask: a chain of operators with its input (channel or source) and its outputs.</summary>
internal abstract class Subtask
{
    protected Subtask(string name, OperatorDriver[] chain, EdgeWriter[] tails, Outbox outbox)
    {
        Name = name;
        Chain = chain;
        Tails = tails;
        Outbox = outbox;
    }

    public string Name { get; }

    public OperatorDriver[] Chain { get; }

    /// <summary>Tells the chain's watermark-aware sinks (repartition writers) that the subtask became idle or active again.</summary>
    protected void NotifyIdle(bool idle)
    {
        foreach (var driver in Chain)
        {
            if (driver.Operator is Operators.SinkOperator { Sink: Connectors.IWatermarkSink sink }) sink.OnIdle(idle);
        }
    }

    public EdgeWriter[] Tails { get; }

    public Outbox Outbox { get; }

    public CheckpointCoordinator? Coordinator { get; set; }

    private readonly ConcurrentQueue<long> _completedCheckpoints = new();

    private long _lastNotified;

    public void NotifyCheckpointComplete(long id) => _completedCheckpoints.Enqueue(id);

    /// <summary>The newest completed checkpoint this subtask's operators were told about (sinks committed it).</summary>
    public long LastNotified => Interlocked.Read(ref _lastNotified);

    /// <summary>Tells operators about completed checkpoints (on the subtask's own thread: sinks commit here).</summary>
    protected async ValueTask ProcessNotificationsAsync(CancellationToken cancellationToken)
    {
        while (_completedCheckpoints.TryDequeue(out var id))
        {
            foreach (var driver in Chain) await driver.Operator.NotifyCheckpointCompleteAsync(id, cancellationToken).ConfigureAwait(false);
            await OnCheckpointCompleteAsync(id, cancellationToken).ConfigureAwait(false);
            Interlocked.Exchange(ref _lastNotified, Math.Max(id, LastNotified));
        }
    }

    /// <summary>Checkpoint <paramref name="id"/> completed (after the chain's operators were told).</summary>
    protected virtual ValueTask OnCheckpointCompleteAsync(long id, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Snapshots every operator of the chain for checkpoint <paramref name="id"/>, then sends the barrier downstream.</summary>
    protected async Task<List<SubtaskSnapshot>> SnapshotChainAsync(long id, CancellationToken cancellationToken)
    {
        var snapshots = new List<SubtaskSnapshot>();
        foreach (var driver in Chain)
        {
            await driver.Operator.PrepareCheckpointAsync(id, cancellationToken).ConfigureAwait(false);
            string? sinkState = null;
            if (driver.Operator is SinkOperator sink) sinkState = await sink.PrepareCommitAsync(id, cancellationToken).ConfigureAwait(false);
            driver.Operator.FlushCollected();
            using var buffer = new MemoryStream();
            using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                driver.Timers.Snapshot(writer);
                driver.Operator.SnapshotState(writer);
            }
            snapshots.Add(new SubtaskSnapshot(driver.Context.Operator.Id, driver.Context.SubtaskIndex, null, sinkState, buffer.ToArray()));
        }
        await Outbox.FlushAsync(cancellationToken).ConfigureAwait(false);
        foreach (var tail in Tails) tail.EmitBarrier(id);
        await Outbox.FlushAsync(cancellationToken).ConfigureAwait(false);
        return snapshots;
    }

    /// <summary>Restores every operator of the chain that has state in <paramref name="states"/> (after open).</summary>
    public void Restore(IReadOnlyDictionary<(int, int), SubtaskSnapshot> states)
    {
        foreach (var driver in Chain)
        {
            if (!states.TryGetValue((driver.Context.Operator.Id, driver.Context.SubtaskIndex), out var snapshot)) continue;
            using var reader = new BinaryReader(new MemoryStream(snapshot.State));
            driver.Timers.Restore(reader);
            driver.Operator.RestoreState(reader);
        }
    }

    public abstract Task RunAsync(CancellationToken cancellationToken);

    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        foreach (var driver in Chain) await driver.Operator.OpenAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task CloseAsync()
    {
        foreach (var driver in Chain)
        {
            try
            {
                await driver.Operator.CloseAsync(CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // closing must reach every operator; the job's own failure is what gets reported
            catch (Exception)
            {
            }
#pragma warning restore CA1031
        }
    }

    /// <summary>Lets operators do their async work (sinks write), then writes produced elements downstream.</summary>
    /// <remarks>
    /// Operators with pending work (a window firing emitted in slices) go on here, one slice at a time with
    /// a flush after each, the most downstream first, until none is left: the input waits meanwhile.
    /// </remarks>
    protected async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            foreach (var driver in Chain) await driver.Operator.FlushAsync(cancellationToken).ConfigureAwait(false);
            await Outbox.FlushAsync(cancellationToken).ConfigureAwait(false);
            var pending = false;
            for (var i = Chain.Length - 1; i >= 0 && !pending; i--)
            {
                if (!Chain[i].Operator.HasPendingWork) continue;
                Chain[i].ContinueWork();
                pending = true;
            }
            if (!pending) return;
        }
    }

    /// <summary>Ends the chain from operator <paramref name="from"/> on, finishes operators and sends the end downstream.</summary>
    protected async Task FinishChainAsync(int from, CancellationToken cancellationToken)
    {
        for (var i = from; i < Chain.Length; i++)
        {
            Chain[i].EndOfInput(0);
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        foreach (var driver in Chain)
        {
            await driver.Operator.FinishAsync(cancellationToken).ConfigureAwait(false);
            driver.Operator.FlushCollected();
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        foreach (var tail in Tails) tail.EmitEnd();
        await Outbox.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Fires due processing-time timers of every operator in the chain.</summary>
    protected void FireProcessingTimers(long now)
    {
        foreach (var driver in Chain) driver.FireProcessingTimers(now);
    }

    /// <summary>The earliest pending processing-time timer of the chain.</summary>
    protected long? NextProcessingTimer()
    {
        long? next = null;
        foreach (var driver in Chain)
        {
            var t = driver.Timers.NextProcessingTime;
            if (t is not null && (next is null || t < next)) next = t;
        }
        return next;
    }
}
