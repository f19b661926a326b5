using System.Buffers;
using System.Collections.Immutable;
using System.Text;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Formats;
using Bsql.Runtime.Formats.Json;
using Bsql.Runtime.Metrics;

namespace Bsql.Runtime.Operators;

/// <summary>
/// Sets rows of one operator subtask aside into a dead-letter table: each row is rendered as a JSON object of its
/// columns (the <c>raw</c> column) and queued with the reason, a location and the writer's kind and source
/// (<see cref="DeadLetterColumns"/>). Obtained from <see cref="OperatorContext.OpenDeadLetters"/> in
/// <see cref="StreamOperator.OpenAsync"/>, which checks that the table is a sink of the job (BSQL4102). Not
/// thread-safe: one per subtask, used from the operator's own calls.
/// </summary>
public sealed class DeadLetterWriter
{
    private readonly IDeadLetterQueue _queue;
    private readonly OperatorMetrics? _metrics;
    private readonly IRowEncoder _encoder;
    private readonly int _width;
    private readonly ArrayBufferWriter<byte> _buffer = new(256);

    /// <summary>A writer of rows shaped like <paramref name="schema"/> into <paramref name="table"/>.</summary>
    /// <param name="metrics">Counts each row in <see cref="OperatorMetrics.DeadLettered"/> when given.</param>
    public DeadLetterWriter(IDeadLetterQueue queue, string table, string kind, string source, RowSchema schema, OperatorMetrics? metrics = null)
    {
        _queue = queue;
        _metrics = metrics;
        Table = table;
        Kind = kind;
        Source = source;
        _width = schema.Count;
        _encoder = new JsonFormatFactory().CreateEncoder(schema, new ConnectorSpec("json", ImmutableSortedDictionary<string, string>.Empty));
    }

    /// <summary>The dead-letter table.</summary>
    public string Table { get; }

    /// <summary>The <c>kind</c> column of every row written (<see cref="DeadLetterColumns.KindLookup"/>, ...).</summary>
    public string Kind { get; }

    /// <summary>The <c>source_table</c> column of every row written.</summary>
    public string Source { get; }

    /// <summary>Rows set aside by this writer.</summary>
    public long Count { get; private set; }

    /// <summary>Sets <paramref name="row"/> aside with <paramref name="reason"/>; <paramref name="location"/> fills <c>location</c>.</summary>
    public void Write(object?[] row, string reason, string location = "")
    {
        _buffer.Clear();
        if (row.Length == _width)
        {
            _encoder.Encode(row, RowKind.Insert, _buffer);
        }
        else
        {
            // Not the declared shape (should not happen): keep the values rather than lose the row.
            _buffer.Write(Encoding.UTF8.GetBytes("[" + string.Join(", ", row.Select(v => v?.ToString() ?? "null")) + "]"));
        }
        _queue.Add(new DeadLetterRecord(Table, Source, location, _buffer.WrittenSpan.ToArray(), reason) { Kind = Kind });
        Count++;
        _metrics?.AddDeadLettered();
    }
}
