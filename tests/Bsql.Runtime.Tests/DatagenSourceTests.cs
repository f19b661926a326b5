using System.Collections.Immutable;
using Bsql.Planner.Expressions;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Connectors;
using Bsql.Runtime.Connectors.Datagen;
using Bsql.Runtime.Execution;

namespace Bsql.Runtime.Tests;

public sealed class DatagenSourceTests
{
    private static readonly RowSchema Schema = new(ImmutableArray.Create(new RowField("id", SqlType.BigInt), new RowField("name", SqlType.String)));

    private static SourceContext Context(IDictionary<string, string> options, int subtask = 0, int parallelism = 1, TimeProvider? time = null, string? restored = null)
    {
        var connector = new ConnectorSpec("datagen", options.ToImmutableSortedDictionary(StringComparer.Ordinal));
        var spec = new SourceSpec("gen", connector, Schema, ImmutableArray<BoundExpr>.Empty, null);
        return new SourceContext(spec, connector, subtask, parallelism, time ?? TimeProvider.System) { RestoredPosition = restored };
    }

    [Fact]
    public void Registry_FindsTheDatagenConnector()
    {
        Assert.IsType<DatagenSourceFactory>(ConnectorRegistry.CreateDefault().GetSource("datagen"));
    }

    [Fact]
    public async Task BoundedSequence_IsSplitAcrossSubtasks_AndFinishes()
    {
        var options = new Dictionary<string, string> { ["fields.id.kind"] = "sequence", ["fields.id.start"] = "1", ["fields.id.end"] = "3000" };
        var ids = new List<long>();
        for (var subtask = 0; subtask < 3; subtask++)
        {
            await using var source = new DatagenSourceFactory().CreateSource(Context(options, subtask, 3));
            Assert.True(source.IsBounded);
            await source.OpenAsync(CancellationToken.None);
            var output = new NexmarkTestOutput(2, TimeProvider.System);
            Assert.Equal(SourceStatus.Finished, await output.DrainAsync(source));
            Assert.Equal(new[] { subtask }, output.AssignedPartitions);
            Assert.Equal(new[] { subtask }, output.FinishedPartitions);
            ids.AddRange(output.Rows.Select(r => (long)r[0]!));
        }
        Assert.Equal(Enumerable.Range(1, 3000).Select(i => (long)i), ids);
    }

    [Fact]
    public async Task RowsPerSecond_PacesTheSourceOnTheJobClock()
    {
        var clock = new NexmarkTestClock();
        var options = new Dictionary<string, string> { ["rows-per-second"] = "200", ["number-of-rows"] = "600" };
        await using var source = new DatagenSource(Context(options, 0, 2, clock));
        await source.OpenAsync(CancellationToken.None);
        var output = new NexmarkTestOutput(2, clock);
        Assert.Equal(SourceStatus.Finished, await output.DrainAsync(source));
        Assert.Equal(300, output.Rows.Count);
        // This subtask's share is 100 rows/s: row k is due at 10k ms.
        for (var k = 0; k < output.Rows.Count; k++) Assert.InRange(output.EmittedAtMs[k], 10.0 * k, 10.0 * k + 2);
    }

    [Fact]
    public async Task RestoredSource_ContinuesFromItsPosition()
    {
        var options = new Dictionary<string, string> { ["fields.id.kind"] = "sequence", ["fields.id.start"] = "0", ["fields.id.end"] = "99" };
        await using var source = new DatagenSource(Context(options, restored: "40"));
        await source.OpenAsync(CancellationToken.None);
        var output = new NexmarkTestOutput(2, TimeProvider.System);
        await output.DrainAsync(source);
        Assert.Equal(Enumerable.Range(40, 60).Select(i => (long)i), output.Rows.Select(r => (long)r[0]!));
        Assert.Equal("100", source.SnapshotPosition());
    }

    [Fact]
    public void BadOptions_FailWithBsql4001()
    {
        var error = Assert.Throws<BsqlRuntimeException>(() => new DatagenSource(Context(new Dictionary<string, string> { ["fields.nope.min"] = "1" })));
        Assert.Equal("BSQL4001", error.Code);
        Assert.Equal("table 'gen': datagen option 'fields.nope.min' names no column, or a property its column's type does not take", error.Message);
    }
}
