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
    private bool _idle;
    private long _start;
    private readonly Dictionary<long, string?> _positions = [];

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

    /// <summary>A source that acts on durable checkpoints (Kafka commits offsets) is told with the position it reported.</summary>
    protected override async ValueTask OnCheckpointCompleteAsync(long id, CancellationToken cancellationToken)
    {
        if (!_positions.TryGetValue(id, out var position)) return;
        foreach (var older in _positions.Keys.Where(k => k <= id).ToList()) _positions.Remove(older);
        if (_source is ISourceCheckpointListener listener)
        {
            await listener.CheckpointCompletedAsync(id, position, cancellationToken).ConfigureAwait(false);
        }
    }

    public int SourceOperatorId { get; init; }

    public int SourceSubtaskIndex { get; init; }

    public override async Task RunAsync(CancellationToken cancellationToken)
    {
        await _source.OpenAsync(cancellationToken).ConfigureAwait(false);
        // After a restore, the coordinator starts at the restored checkpoint: only newer ones are injected.
        _lastBarrier = Coordinator?.Requested ?? 0;
        _start = _time.GetUtcNow().ToUnixTimeMilliseconds();
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
                var wm = generator.Current(now);
                if (wm is { } w && w > _watermark)
                {
                    _watermark = w;
                    _downstream.EmitWatermark(w);
                    if (_idle) NotifyIdle(false);
                    _idle = false;
                }
                else if (generator.IsIdle(now, _start) != _idle)
                {
                    _idle = !_idle;
                    NotifyIdle(_idle);
                    if (_idle) foreach (var tail in Tails) tail.EmitIdle();
                    else if (_watermark > long.MinValue) foreach (var tail in Tails) tail.EmitWatermark(_watermark);
                }
            }
            else if (_source is IWatermarkSource direct && direct.Watermark is { } known && known > _watermark)
            {
                _watermark = known;
                _downstream.EmitWatermark(known);
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
                var position = _source.SnapshotPosition();
                _positions[_lastBarrier] = position;
                snapshots.Add(new Checkpoints.SubtaskSnapshot(SourceOperatorId, SourceSubtaskIndex, position, null, []));
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
