using System.Collections.Immutable;
using Bsql.IntegrationTests.Fakes.HBaseRest;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Connectors.HBase;
using Bsql.Runtime.Lookup;

namespace Bsql.IntegrationTests.HBase;

/// <summary>A dimension table <c>users</c> (rowkey + two families) and its oracle, written to fake HBase servers through the real sink.</summary>
internal static class HBaseTestTable
{
    public const string Name = "users";

    public static RowSchema Schema { get; } = new([
        new RowField("rowkey", SqlType.String),
        new RowField("info", SqlType.Row([new RowField("name", SqlType.String), new RowField("age", SqlType.Int), new RowField("score", SqlType.Double)])),
        new RowField("stats", SqlType.Row([new RowField("clicks", SqlType.BigInt), new RowField("since", SqlType.Timestamp(3))])),
    ]);

    /// <summary>Rows of users 0..count-1 with an even id (odd ids are missing); every 7th has NULL fields.</summary>
    public static Dictionary<string, object?[]> Oracle(int count)
    {
        var rows = new Dictionary<string, object?[]>();
        for (var i = 0; i < count; i += 2)
        {
            var key = "user-" + i;
            var nulls = i % 7 == 0;
            rows[key] =
            [
                key,
                new object?[] { nulls ? null : "name " + i, i % 90, nulls ? null : i / 4.0 },
                new object?[] { (long)i * 1_000_000_007L, nulls ? null : new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Unspecified).AddSeconds(i) },
            ];
        }
        return rows;
    }

    /// <summary>The expected lookup result: a family with only NULL fields reads back as a ROW of NULLs.</summary>
    public static void AssertRowEquals(object?[] expected, object?[] actual)
    {
        Assert.Equal(expected[0], actual[0]);
        Assert.Equal((object?[])expected[1]!, (object?[])actual[1]!);
        Assert.Equal((object?[])expected[2]!, (object?[])actual[2]!);
    }

    public static ConnectorSpec Connector(string clusters, params (string Key, string Value)[] more) =>
        new("hbase", new[] { ("table-name", Name), ("clusters", clusters) }.Concat(more).ToImmutableSortedDictionary(o => o.Item1, o => o.Item2));

    /// <summary>Writes the oracle to every cluster of <paramref name="clusters"/> through <see cref="HBaseUpsertWriter"/> (A then B).</summary>
    public static async Task SeedAsync(string clusters, IEnumerable<object?[]> rows, params FakeHBaseRestServer[] servers)
    {
        foreach (var server in servers) server.CreateTable(Name);
        var metrics = new LookupMetrics(Name);
        await using var writer = HBaseUpsertWriter.Create(Connector(clusters), Schema, metrics);
        foreach (var chunk in rows.Chunk(100)) await writer.UpsertAsync(chunk, CancellationToken.None);
    }
}
