using Bsql.Planner;
using Bsql.Planner.Physical;
using Bsql.Runtime.Execution;

namespace Bsql.Runtime.Tests;

/// <summary>Which source columns a job reads (the Kafka source decodes only those of a JSON value).</summary>
public sealed class SourceColumnsTests
{
    private const string Events = """
        CREATE TABLE events (id BIGINT, `user` STRING, page STRING, amount BIGINT, country STRING, device STRING, agent STRING, ts TIMESTAMP(3),
          WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
        WITH ('connector' = 'kafka', 'topic' = 'events', 'properties.bootstrap.servers' = 'localhost:9092', 'format' = 'json');
        CREATE TABLE out1 (id BIGINT, `user` STRING, amount BIGINT, country STRING)
        WITH ('connector' = 'blackhole');
        CREATE TABLE out2 (`user` STRING, window_start TIMESTAMP(3), cnt BIGINT)
        WITH ('connector' = 'blackhole');
        """;

    [Fact]
    public void FilterAndProjection_ReadsTheColumnsTheyAndTheWatermarkUse()
    {
        var read = Read("INSERT INTO out1 SELECT id, `user`, amount, country FROM events WHERE amount >= 50 AND device <> 'tv'");
        Assert.Equal([true, true, false, true, true, true, false, true], read!);
    }

    [Fact]
    public void TumblingCount_ReadsTheKeyAndTheRowtime()
    {
        var read = Read("""
            INSERT INTO out2 SELECT `user`, window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND))
            GROUP BY `user`, window_start, window_end
            """);
        Assert.NotNull(read);
        Assert.True(read[1]);
        Assert.True(read[7]);
        Assert.False(read[2]);
        Assert.False(read[6]);
    }

    [Fact]
    public void EveryColumnUsed_IsNoPruning()
    {
        Assert.Null(Read("INSERT INTO out1 SELECT id, `user`, amount, country FROM events WHERE page <> '' AND agent <> '' AND device <> ''"));
    }

    private static bool[]? Read(string insert)
    {
        var compiled = BsqlCompiler.Compile(Events + insert + ";", "job.sql");
        Assert.True(compiled.Success, string.Join('\n', compiled.Diagnostics));
        var plan = compiled.Plan!;
        var source = plan.Operators.Single(o => o.Spec is SourceSpec);
        return SourceColumns.Read(plan, source, (SourceSpec)source.Spec);
    }
}
