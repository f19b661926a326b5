using Bsql.Runtime.Connectors;

namespace Bsql.Runtime.Execution;

/// <summary>
/// A subtask whose head is a table source: calls <see cref="ISource.ReadAsync"/> in a loop, pushes rows
/// through the chain, emits the watermark when it advances, and at the end of a bounded source emits
/// a final <see cref="long.MaxValue"/> watermark (every window fires) and the end of input.
/// </summary>
internal sealed class SourceSubtask : Subtask
{
    private readonly ISource _source;
    private readonly SourceOutput _output;
    private readonly IOutput _downstream;
    private readonly TimeProvider _time;
    private long _watermark = long.MinValue;
    private long _lastBarrier;

    public SourceSubtask(string name, ISource source, SourceOutput output, IOutput downstream,
        OperatorDriver[] chain, EdgeWriter[] tails, Outbox outbox, TimeProvider time)
        : base(name, chain, tails, outbox)
    {
        _source = source;
        _output = output;
        _downstream = downstream;
        _time = time;
    }

    public ISource Source => _source;

    public int SourceOperatorId { get; init; }

    public int SourceSubtaskIndex { get; init; }

    public override async Task RunAsync(CancellationToken cancellationToken)
    {
        await _source.OpenAsync(cancellationToken).ConfigureAwait(false);
        // After a restore, the coordinator starts at the restored checkpoint: only newer ones are injected.
        _lastBarrier = Coordinator?.Requested ?? 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _output.EmittedInCall = 0;
            var status = await _source.ReadAsync(_output, cancellationToken).ConfigureAwait(false);
            _output.Flush();
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            if (_output.Watermarks is { } generator)
            {
                generator.Tick(now);
                if (generator.Current(now) is { } wm && wm > _watermark)
                {
                    _watermark = wm;
                    _downstream.EmitWatermark(wm);
                }
            }
            FireProcessingTimers(now);
            await FlushAsync(cancellationToken).ConfigureAwait(false);
            if (status == SourceStatus.Finished)
            {
                Coordinator?.Stop();
                break;
            }
            if (Coordinator is { Stopped: false } coordinator && coordinator.Requested > _lastBarrier)
            {
                _lastBarrier = coordinator.Requested;
                var snapshots = await SnapshotChainAsync(_lastBarrier, cancellationToken).ConfigureAwait(false);
                snapshots.Add(new Checkpoints.SubtaskSnapshot(SourceOperatorId, SourceSubtaskIndex, _source.SnapshotPosition(), null, []));
                coordinator.Acknowledge(_lastBarrier, snapshots);
            }
            await ProcessNotificationsAsync(cancellationToken).ConfigureAwait(false);
        }
        if (_source.IsBounded)
        {
            _watermark = long.MaxValue;
            _downstream.EmitWatermark(long.MaxValue);
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        await FinishChainAsync(0, cancellationToken).ConfigureAwait(false);
    }
}
