using System.Text;
using Bsql.Runtime.Formats;

namespace Bsql.Runtime.Connectors.Print;

/// <summary>
/// Prints each row on its own line in Flink's <c>Row.toString</c> form: <c>+I[1, abc, null]</c>,
/// <c>-U[...]</c>, <c>+U[...]</c>, <c>-D[...]</c>, prefixed by <c>'print-identifier'</c> and <c>&gt; </c>
/// when set (and by the subtask number when the sink runs in parallel, as Flink does).
/// Values are printed as a SQL cast to STRING would print them.
/// </summary>
public sealed class PrintSink : ISink
{
    private readonly TextWriter _output;
    private readonly string _prefix;
    private readonly StringBuilder _text = new();
    private readonly bool _stdErr;

    /// <summary>A print sink for <paramref name="context"/>.</summary>
    public PrintSink(SinkContext context)
    {
        _stdErr = string.Equals(context.Connector.Get("standard-error"), "true", StringComparison.OrdinalIgnoreCase);
        _output = _stdErr ? Console.Error : context.PrintOutput;
        var identifier = context.Connector.Get("print-identifier");
        var subtask = context.Parallelism > 1 ? (context.SubtaskIndex + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        _prefix = (identifier, subtask) switch
        {
            (null, null) => "",
            (null, _) => subtask + "> ",
            (_, null) => identifier + "> ",
            _ => identifier + ":" + subtask + "> ",
        };
    }

    /// <inheritdoc />
    public ValueTask OpenAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public ValueTask WriteAsync(RowBatch batch, CancellationToken cancellationToken)
    {
        _text.Clear();
        for (var i = 0; i < batch.Count; i++)
        {
            _text.Append(_prefix).Append(batch.KindAt(i) switch
            {
                RowKind.Insert => "+I[",
                RowKind.UpdateBefore => "-U[",
                RowKind.UpdateAfter => "+U[",
                _ => "-D[",
            });
            var row = batch[i];
            for (var c = 0; c < row.Length; c++)
            {
                if (c > 0) _text.Append(", ");
                ValueText.Append(_text, row[c]);
            }
            _text.Append(']').Append('\n');
        }
        // Sinks of several subtasks share one writer.
        lock (_output) _output.Write(_text);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<string?> PrepareCommitAsync(long checkpointId, CancellationToken cancellationToken)
    {
        lock (_output) _output.Flush();
        return ValueTask.FromResult<string?>(null);
    }

    /// <inheritdoc />
    public ValueTask CommitAsync(long checkpointId, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public ValueTask FinishAsync(CancellationToken cancellationToken)
    {
        lock (_output) _output.Flush();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
