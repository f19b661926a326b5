using System.Threading.Channels;
using Bsql.Planner.Physical;

namespace Bsql.Runtime.Execution;

/// <summary>
/// Sends one subtask's output over one plan edge: picks the target subtask(s) per row (hash of the key
/// columns, broadcast, single, round-robin per batch, or the same index for forward), accumulates a
/// batch per target and hands full batches to the <see cref="Outbox"/>.
/// </summary>
internal sealed class EdgeWriter : IOutput
{
    private readonly EdgeKind _kind;
    private readonly int[] _keys;
    private readonly ChannelWriter<StreamElement>[] _targets;
    private readonly int[] _channelAtTarget;
    private readonly RowBatch?[] _pending;
    private readonly Outbox _outbox;
    private int _next;

    /// <param name="targets">The input channel of every subtask this writer can reach (one for forward, all otherwise).</param>
    /// <param name="channelAtTarget">This sender's channel index at each target.</param>
    public EdgeWriter(EdgeKind kind, int[] keys, ChannelWriter<StreamElement>[] targets, int[] channelAtTarget, Outbox outbox, int subtaskIndex)
    {
        _kind = kind;
        _keys = keys;
        _targets = targets;
        _channelAtTarget = channelAtTarget;
        _pending = new RowBatch?[targets.Length];
        _outbox = outbox;
        _next = subtaskIndex % Math.Max(targets.Length, 1);
        outbox.Register(this);
    }

    public void Emit(RowBatch batch)
    {
        if (_targets.Length == 1)
        {
            Send(0, batch);
            return;
        }
        switch (_kind)
        {
            case EdgeKind.Hash:
                Partition(batch);
                break;
            case EdgeKind.Broadcast:
                // Receivers treat batches as read-only, so one batch is shared.
                for (var t = 0; t < _targets.Length; t++) Send(t, batch);
                break;
            case EdgeKind.Single:
                Send(0, batch);
                break;
            default:
                Send(_next, batch);
                _next = (_next + 1) % _targets.Length;
                break;
        }
    }

    public void EmitWatermark(long watermark)
    {
        FlushPending();
        for (var t = 0; t < _targets.Length; t++) _outbox.Add(_targets[t], StreamElement.OfWatermark(_channelAtTarget[t], watermark));
    }

    public void EmitBarrier(long checkpointId)
    {
        FlushPending();
        for (var t = 0; t < _targets.Length; t++) _outbox.Add(_targets[t], StreamElement.OfBarrier(_channelAtTarget[t], checkpointId));
    }

    public void EmitIdle()
    {
        FlushPending();
        for (var t = 0; t < _targets.Length; t++) _outbox.Add(_targets[t], StreamElement.OfIdle(_channelAtTarget[t]));
    }

    public void EmitEnd()
    {
        FlushPending();
        for (var t = 0; t < _targets.Length; t++) _outbox.Add(_targets[t], StreamElement.OfEnd(_channelAtTarget[t]));
    }

    public void FlushPending()
    {
        for (var t = 0; t < _pending.Length; t++)
        {
            if (_pending[t] is { Count: > 0 } batch)
            {
                _pending[t] = null;
                Send(t, batch);
            }
        }
    }

    private void Partition(RowBatch batch)
    {
        var rows = batch.Rows;
        var kinds = batch.Kinds;
        var p = _targets.Length;
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            var t = StableHash.Subtask(StableHash.OfColumns(row, _keys), p);
            var pending = _pending[t] ??= new RowBatch();
            if (kinds is null) pending.Add(row);
            else pending.Add(row, kinds[i]);
            if (pending.IsFull)
            {
                _pending[t] = null;
                Send(t, pending);
            }
        }
    }

    private void Send(int target, RowBatch batch) => _outbox.Add(_targets[target], StreamElement.OfBatch(_channelAtTarget[target], batch));
}
