using System.Globalization;
using Bsql.Runtime.Execution;

namespace Bsql.Runtime.Connectors.Nexmark;

/// <summary>
/// A generator subtask's split of the rows (<c>nexmark</c>, <c>datagen</c>), as the runtime sees it:
/// one partition per subtask, assigned on the first read and finished once when the split is
/// exhausted, and a checkpoint position that is the number of rows emitted so far.
/// </summary>
internal sealed class GeneratorSplit(SourceContext context, string unit)
{
    private bool _assigned;
    private bool _finished;

    /// <summary>The partition this subtask reports its rows under.</summary>
    public int Partition => context.SubtaskIndex;

    /// <summary>
    /// The row count of the checkpoint being restored, or null when starting afresh; a position that
    /// is not a count of at most <paramref name="max"/> is a BSQL4201 error.
    /// </summary>
    public long? RestoredCount(long max)
    {
        if (context.RestoredPosition is not { } position) return null;
        if (!long.TryParse(position, NumberStyles.None, CultureInfo.InvariantCulture, out var emitted) || emitted > max)
        {
            throw new BsqlRuntimeException(RuntimeErrors.CheckpointFailed,
                $"table '{context.Table}': checkpointed {context.Connector.Connector} position '{position}' is not {unit} count of this subtask (at most {max})");
        }
        return emitted;
    }

    /// <summary>
    /// Reports the partition assigned (first call) and, when <paramref name="hasNext"/> is false,
    /// finished (once). Returns true when the split is exhausted.
    /// </summary>
    public bool ReportProgress(ISourceOutput output, bool hasNext)
    {
        if (!_assigned)
        {
            output.PartitionAssigned(Partition);
            _assigned = true;
        }
        if (hasNext) return false;
        if (!_finished)
        {
            output.PartitionFinished(Partition);
            _finished = true;
        }
        return true;
    }

    /// <summary>The checkpoint position for <paramref name="emitted"/> rows.</summary>
    public static string Position(long emitted) => emitted.ToString(CultureInfo.InvariantCulture);
}
