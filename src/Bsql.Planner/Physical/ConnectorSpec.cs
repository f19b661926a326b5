using System.Collections.Immutable;

namespace Bsql.Planner.Physical;

/// <summary>
/// A table's connector and its validated <c>WITH</c> options (format options included), exactly as
/// written: <c>${env:NAME}</c> and <c>${file:path}</c> references are resolved by the runtime when it
/// opens the connector, and redacted whenever a plan is shown.
/// </summary>
public sealed record ConnectorSpec(string Connector, ImmutableSortedDictionary<string, string> Options)
{
    /// <summary>The option's value, or <paramref name="fallback"/> when absent.</summary>
    public string? Get(string key, string? fallback = null) => Options.TryGetValue(key, out var value) ? value : fallback;

    /// <inheritdoc />
    public bool Equals(ConnectorSpec? other) =>
        other is not null && Connector == other.Connector && Options.Count == other.Options.Count
        && Options.All(kv => other.Options.TryGetValue(kv.Key, out var v) && v == kv.Value);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Connector, Options.Count);
}
