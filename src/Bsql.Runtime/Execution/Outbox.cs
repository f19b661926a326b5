using System.Threading.Channels;

namespace Bsql.Runtime.Execution;

/// <summary>
/// Elements a subtask produced during one input element, waiting to be written into downstream
/// channels. The subtask loop awaits <see cref="FlushAsync"/> between input elements: that await is
/// where backpressure stops a fast producer.
/// </summary>
internal sealed class Outbox
{
    private readonly List<(ChannelWriter<StreamElement> Writer, StreamElement Element)> _items = [];
    private readonly List<EdgeWriter> _edges = [];

    public void Register(EdgeWriter edge) => _edges.Add(edge);

    public void Add(ChannelWriter<StreamElement> writer, StreamElement element) => _items.Add((writer, element));

    public ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        foreach (var edge in _edges) edge.FlushPending();
        if (_items.Count == 0) return ValueTask.CompletedTask;
        // Fast path: every write fits without waiting.
        var i = 0;
        for (; i < _items.Count; i++)
        {
            if (!_items[i].Writer.TryWrite(_items[i].Element)) break;
        }
        if (i == _items.Count)
        {
            _items.Clear();
            return ValueTask.CompletedTask;
        }
        return SlowFlushAsync(i, cancellationToken);
    }

    private async ValueTask SlowFlushAsync(int from, CancellationToken cancellationToken)
    {
        for (var i = from; i < _items.Count; i++) await _items[i].Writer.WriteAsync(_items[i].Element, cancellationToken).ConfigureAwait(false);
        _items.Clear();
    }
}
