using Bsql.Runtime.Connectors;

namespace Bsql.Runtime.Tests;

/// <summary>Collects what a generator source emits, with the clock reading at each emission.</summary>
internal sealed class NexmarkTestOutput(int rowWidth, TimeProvider time) : ISourceOutput
{
    private readonly long _start = time.GetTimestamp();

    public List<object?[]> Rows { get; } = [];

    public List<double> EmittedAtMs { get; } = [];

    public List<int> Partitions { get; } = [];

    public List<int> FinishedPartitions { get; } = [];

    public int EmittedInCall { get; private set; }

    public object?[] NewRow() => new object?[rowWidth];

    public void Emit(object?[] row, int partition)
    {
        Rows.Add(row);
        Partitions.Add(partition);
        EmittedAtMs.Add(time.GetElapsedTime(_start).TotalMilliseconds);
        EmittedInCall++;
    }

    public List<int> AssignedPartitions { get; } = [];

    public void PartitionAssigned(int partition) => AssignedPartitions.Add(partition);

    public void PartitionFinished(int partition) => FinishedPartitions.Add(partition);

    /// <summary>Calls ReadAsync until the source finishes (or <paramref name="maxCalls"/>), as the runtime's loop does.</summary>
    public async Task<SourceStatus> DrainAsync(ISource source, int maxCalls = 1_000_000)
    {
        var status = SourceStatus.Active;
        for (var i = 0; i < maxCalls && status != SourceStatus.Finished; i++)
        {
            EmittedInCall = 0;
            status = await source.ReadAsync(this, CancellationToken.None);
        }
        return status;
    }

    /// <summary>One ReadAsync call.</summary>
    public async Task<SourceStatus> ReadOnceAsync(ISource source)
    {
        EmittedInCall = 0;
        return await source.ReadAsync(this, CancellationToken.None);
    }
}
