using System.Threading.Channels;

namespace Bsql.Runtime.Execution;

/// <summary>
/// A subtask whose head operator reads a bounded channel merged from every upstream sender. It keeps a
/// watermark per sender channel and advances the head's watermark to their minimum; an input ends
/// when all its channels have ended.
/// </summary>
internal sealed class ChannelSubtask : Subtask
{
    private readonly ChannelReader<StreamElement> _reader;
    private readonly int[] _channelInput;
    private readonly long[] _channelWatermark;
    private readonly bool[] _ended;
    private readonly bool[] _idle;
    private bool _idlePropagated;
    private readonly int[] _openChannelsPerInput;
    private readonly TimeProvider _time;
    private int _openChannels;
    private long _watermark = long.MinValue;

    // Barrier alignment: while aligning checkpoint _alignId, elements of channels that already delivered
    // its barrier are held back, then replayed once every open channel has delivered it.
    private long _alignId;
    private long _lastAligned;
    private readonly bool[] _blocked;
    private readonly List<StreamElement> _held = [];
    private readonly LinkedList<StreamElement> _replay = new();

    /// <param name="channelInput">For each sender channel, the head's input it feeds.</param>
    public ChannelSubtask(string name, OperatorDriver[] chain, EdgeWriter[] tails, Outbox outbox,
        ChannelReader<StreamElement> reader, int[] channelInput, int inputCount, TimeProvider time)
        : base(name, chain, tails, outbox)
    {
        _reader = reader;
        _channelInput = channelInput;
        _channelWatermark = new long[channelInput.Length];
        Array.Fill(_channelWatermark, long.MinValue);
        _ended = new bool[channelInput.Length];
        _idle = new bool[channelInput.Length];
        _openChannelsPerInput = new int[inputCount];
        foreach (var input in channelInput) _openChannelsPerInput[input]++;
        _openChannels = channelInput.Length;
        _blocked = new bool[channelInput.Length];
        _time = time;
    }

    public override async Task RunAsync(CancellationToken cancellationToken)
    {
        var head = Chain[0];
        // An input without any channel (cannot happen in a valid plan) counts as ended from the start.
        for (var i = 0; i < _openChannelsPerInput.Length; i++)
        {
            if (_openChannelsPerInput[i] == 0) head.EndOfInput(i);
        }
        while (_openChannels > 0 || _replay.Count > 0)
        {
            StreamElement element;
            if (_replay.Count > 0)
            {
                element = _replay.First!.Value;
                _replay.RemoveFirst();
            }
            else if (!_reader.TryRead(out element))
            {
                await WaitAsync(cancellationToken).ConfigureAwait(false);
                await ProcessNotificationsAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }
            if (_alignId > 0 && _blocked[element.Channel])
            {
                _held.Add(element);
                continue;
            }
            if (element.Kind == StreamElementKind.Barrier) await OnBarrierAsync(element, cancellationToken).ConfigureAwait(false);
            else
            {
                Handle(head, element);
                if (element.Kind == StreamElementKind.EndOfInput && _alignId > 0) await TryCompleteAlignmentAsync(cancellationToken).ConfigureAwait(false);
            }
            await FlushAsync(cancellationToken).ConfigureAwait(false);
            await ProcessNotificationsAsync(cancellationToken).ConfigureAwait(false);
        }
        await FinishChainAsync(1, cancellationToken).ConfigureAwait(false);
    }

    private async Task WaitAsync(CancellationToken cancellationToken)
    {
        var nextTimer = NextProcessingTimer();
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        if (nextTimer is { } due && due <= now)
        {
            FireProcessingTimers(now);
            await FlushAsync(cancellationToken).ConfigureAwait(false);
            return;
        }
        // Wake up for the next processing-time timer, and now and then for checkpoint notifications.
        long? delay = nextTimer - now;
        if (Coordinator is not null) delay = Math.Min(delay ?? 100, 100);
        if (delay is null)
        {
            await _reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
            return;
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(delay.Value), _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await _reader.WaitToReadAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }

    private void PropagateIdleness()
    {
        if (_idlePropagated) return;
        for (var c = 0; c < _idle.Length; c++)
        {
            if (!_ended[c] && !_idle[c]) return;
        }
        _idlePropagated = true;
        NotifyIdle(true);
        foreach (var tail in Tails) tail.EmitIdle();
    }

    private async Task OnBarrierAsync(StreamElement element, CancellationToken cancellationToken)
    {
        var id = element.Value;
        if (id <= _lastAligned || id < _alignId) return;
        if (id > _alignId)
        {
            // A newer checkpoint overtakes one that never aligned: give up the old one.
            if (_alignId > 0) ReleaseHeld();
            _alignId = id;
        }
        _blocked[element.Channel] = true;
        await TryCompleteAlignmentAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task TryCompleteAlignmentAsync(CancellationToken cancellationToken)
    {
        for (var c = 0; c < _blocked.Length; c++)
        {
            if (!_blocked[c] && !_ended[c]) return;
        }
        var id = _alignId;
        var snapshots = await SnapshotChainAsync(id, cancellationToken).ConfigureAwait(false);
        _lastAligned = id;
        ReleaseHeld();
        Coordinator?.Acknowledge(id, snapshots);
    }

    private void ReleaseHeld()
    {
        _alignId = 0;
        Array.Clear(_blocked);
        for (var i = _held.Count - 1; i >= 0; i--) _replay.AddFirst(_held[i]);
        _held.Clear();
    }

    private void Handle(OperatorDriver head, StreamElement element)
    {
        if (element.Kind is StreamElementKind.Batch or StreamElementKind.Watermark && _idle[element.Channel])
        {
            _idle[element.Channel] = false;
            if (_idlePropagated)
            {
                // Active again: tell downstream (a watermark that does not advance still ends idleness).
                _idlePropagated = false;
                NotifyIdle(false);
                if (_watermark > long.MinValue) foreach (var tail in Tails) tail.EmitWatermark(_watermark);
            }
        }
        switch (element.Kind)
        {
            case StreamElementKind.Idle:
                _idle[element.Channel] = true;
                AdvanceWatermark(head);
                PropagateIdleness();
                break;
            case StreamElementKind.Batch:
                head.ProcessBatch(_channelInput[element.Channel], element.Batch!);
                break;
            case StreamElementKind.Watermark:
                if (element.Value > _channelWatermark[element.Channel])
                {
                    _channelWatermark[element.Channel] = element.Value;
                    AdvanceWatermark(head);
                }
                break;
            case StreamElementKind.EndOfInput:
                if (_ended[element.Channel]) break;
                _ended[element.Channel] = true;
                _openChannels--;
                var input = _channelInput[element.Channel];
                if (--_openChannelsPerInput[input] == 0) head.EndOfInput(input);
                AdvanceWatermark(head);
                break;
        }
    }

    private void AdvanceWatermark(OperatorDriver head)
    {
        // An ended channel no longer holds the watermark back (as in Flink, it counts as long.MaxValue),
        // nor does an idle one, unless every open channel is idle.
        var min = long.MaxValue;
        var active = false;
        var open = false;
        for (var c = 0; c < _channelWatermark.Length; c++)
        {
            if (_ended[c]) continue;
            open = true;
            if (_idle[c]) continue;
            active = true;
            if (_channelWatermark[c] < min) min = _channelWatermark[c];
        }
        if (open && !active)
        {
            // Every open channel is idle: as Flink does, move to the highest watermark any of them reached.
            min = long.MinValue;
            for (var c = 0; c < _channelWatermark.Length; c++)
            {
                if (!_ended[c] && _channelWatermark[c] > min) min = _channelWatermark[c];
            }
        }
        if (min > _watermark)
        {
            _watermark = min;
            head.AdvanceWatermark(min);
        }
    }
}
