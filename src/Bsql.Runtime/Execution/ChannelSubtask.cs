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
    private readonly int[] _openChannelsPerInput;
    private readonly TimeProvider _time;
    private int _openChannels;
    private long _watermark = long.MinValue;

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
        _openChannelsPerInput = new int[inputCount];
        foreach (var input in channelInput) _openChannelsPerInput[input]++;
        _openChannels = channelInput.Length;
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
        while (_openChannels > 0)
        {
            if (_reader.TryRead(out var element))
            {
                Handle(head, element);
                await FlushAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }
            var nextTimer = NextProcessingTimer();
            if (nextTimer is null)
            {
                if (!await _reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false)) break;
                continue;
            }
            var delay = nextTimer.Value - _time.GetUtcNow().ToUnixTimeMilliseconds();
            if (delay <= 0)
            {
                FireProcessingTimers(_time.GetUtcNow().ToUnixTimeMilliseconds());
                await FlushAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }
            using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(delay), _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                await _reader.WaitToReadAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
        }
        await FinishChainAsync(1, cancellationToken).ConfigureAwait(false);
    }

    private void Handle(OperatorDriver head, StreamElement element)
    {
        switch (element.Kind)
        {
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
            case StreamElementKind.Barrier:
                // Checkpoint barriers: aligned snapshots are handled by the checkpoint coordinator (not yet wired).
                break;
        }
    }

    private void AdvanceWatermark(OperatorDriver head)
    {
        // An ended channel no longer holds the watermark back (as in Flink, it counts as long.MaxValue).
        var min = long.MaxValue;
        for (var c = 0; c < _channelWatermark.Length; c++)
        {
            if (!_ended[c] && _channelWatermark[c] < min) min = _channelWatermark[c];
        }
        if (min > _watermark)
        {
            _watermark = min;
            head.AdvanceWatermark(min);
        }
    }
}
