using System.Runtime.InteropServices;
using Bsql.Runtime.State;

namespace Bsql.Runtime.Tests;

/// <summary>Looking keyed state up by a row's key columns finds exactly the entries a built <see cref="RowKey"/> finds.</summary>
public sealed class RowKeyComparerTests
{
    [Fact]
    public void LookupByColumns_AgreesWithLookupByKey()
    {
        var random = new Random(5);
        int[] columns = [2, 0];
        var comparer = new RowKeyComparer();
        var byColumns = new Dictionary<RowKey, int>(comparer);
        var byKey = new Dictionary<RowKey, int>();
        object?[] Value() => random.Next(6) switch
        {
            0 => [null],
            1 => [(long)random.Next(50)],
            2 => ["k" + random.Next(50)],
            3 => [new DateTime(2024, 1, 1).AddSeconds(random.Next(50))],
            4 => [random.Next(50) * 1.5],
            _ => [(object)random.Next(50)],
        };
        for (var i = 0; i < 20_000; i++)
        {
            object?[] row = [Value()[0], "ignored" + i, Value()[0]];
            var lookup = byColumns.GetAlternateLookup<KeyColumns>();
            ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(lookup, new KeyColumns(row, columns), out _);
            count++;
            var key = RowKey.Of(row, columns);
            byKey[key] = byKey.GetValueOrDefault(key) + 1;
            Assert.Equal(key.GetHashCode(), comparer.GetHashCode(new KeyColumns(row, columns)));
            Assert.True(comparer.Equals(new KeyColumns(row, columns), key));
        }
        Assert.Equal(byKey.Count, byColumns.Count);
        foreach (var (key, count) in byKey)
        {
            Assert.True(byColumns.TryGetValue(key, out var found), key.ToString());
            Assert.Equal(count, found);
        }
        // The keys built on insertion hash as keys built from their values.
        foreach (var key in byColumns.Keys) Assert.Equal(new RowKey(key.Values).GetHashCode(), key.GetHashCode());
    }
}
