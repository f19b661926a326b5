using System.Collections.Immutable;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Lookup;

namespace Bsql.Runtime.Tests;

public sealed class LookupRegistryTests
{
    private sealed class NullClient(RowSchema schema, IReadOnlyList<int> keys) : ILookupClient
    {
        public bool Disposed;

        public RowSchema Schema => schema;

        public IReadOnlyList<int> KeyColumns => keys;

        public ValueTask<IReadOnlyList<IReadOnlyList<object?[]>>> LookupBatchAsync(IReadOnlyList<object?[]> k, CancellationToken ct) =>
            new(k.Select(_ => LookupOutcome.NoRows).ToArray());

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task JoinsOnTheSameTableAndKey_ShareOneBatcher_OtherKeysGetTheirOwn()
    {
        var schema = new RowSchema([new RowField("id", SqlType.BigInt), new RowField("name", SqlType.String)]);
        var connector = new ConnectorSpec("redis", ImmutableSortedDictionary<string, string>.Empty.Add("url", "redis://h:1").Add("lookup.cache", "LRU"));
        var clients = new List<NullClient>();
        await using var registry = new LookupRegistry(createClient: (_, _, s, k, _, _) =>
        {
            var client = new NullClient(s, k);
            clients.Add(client);
            return new ValueTask<ILookupClient>(client);
        });

        var first = await registry.GetAsync("users", connector, schema, [0]);
        var second = await registry.GetAsync("users", connector, schema, [0]);
        var byName = await registry.GetAsync("users", connector, schema, [1]);

        Assert.Same(first, second);
        Assert.Same(first.Cache, second.Cache);
        Assert.NotNull(first.Cache);
        Assert.NotSame(first, byName);
        Assert.Equal(2, clients.Count);

        await registry.DisposeAsync();
        Assert.All(clients, c => Assert.True(c.Disposed));
    }

    [Fact]
    public async Task UnknownConnector_IsRefusedWithAnOptionDiagnostic()
    {
        var schema = new RowSchema([new RowField("id", SqlType.BigInt)]);
        var connector = new ConnectorSpec("kafka", ImmutableSortedDictionary<string, string>.Empty);
        await using var registry = new LookupRegistry();

        var error = await Assert.ThrowsAsync<Bsql.Runtime.Execution.BsqlRuntimeException>(() => registry.GetAsync("t", connector, schema, [0]));
        Assert.Equal("BSQL4002", error.Code);
    }
}
