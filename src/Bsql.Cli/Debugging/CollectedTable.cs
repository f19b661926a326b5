using Bsql.Planner.Types;
using Bsql.Runtime;

namespace Bsql.Cli.Debugging;

/// <summary>The rows one sink table received during a <c>bsql debug</c> run, in arrival order.</summary>
public sealed class CollectedTable(string name, RowSchema schema)
{
    private readonly List<(RowKind Kind, object?[] Row)> _rows = [];

    /// <summary>The sink table.</summary>
    public string Name { get; } = name;

    /// <summary>Its columns.</summary>
    public RowSchema Schema { get; } = schema;

    /// <summary>A snapshot of the rows received so far.</summary>
    public IReadOnlyList<(RowKind Kind, object?[] Row)> Rows
    {
        get
        {
            lock (_rows) return [.. _rows];
        }
    }

    /// <summary>Appends a batch (called by sink subtasks, possibly concurrently).</summary>
    public void Add(RowBatch batch)
    {
        lock (_rows)
        {
            for (var i = 0; i < batch.Count; i++) _rows.Add((batch.KindAt(i), batch[i]));
        }
    }
}
