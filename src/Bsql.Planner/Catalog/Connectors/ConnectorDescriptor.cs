using System.Collections.Immutable;

namespace Bsql.Planner.Catalog.Connectors;

/// <summary>
/// What a connector accepts: its uses, its options, the option prefixes it passes through
/// (<c>properties.*</c> to the Kafka client, <c>fields.*</c> of datagen) and whether it takes a <c>format</c>.
/// </summary>
/// <param name="Name">The <c>'connector'</c> value.</param>
/// <param name="Capabilities">Source, sink and/or lookup.</param>
/// <param name="Options">The options it knows.</param>
/// <param name="Prefixes">Prefixes under which any key is accepted (values are not checked).</param>
/// <param name="Format">How the connector takes a format.</param>
/// <param name="Description">One line for documentation.</param>
public sealed record ConnectorDescriptor(
    string Name,
    ConnectorCapabilities Capabilities,
    ImmutableArray<OptionDescriptor> Options,
    ImmutableArray<string> Prefixes,
    FormatUse Format,
    string Description)
{
    /// <summary>The option named <paramref name="key"/>, or null.</summary>
    public OptionDescriptor? Find(string key)
    {
        foreach (var option in Options)
        {
            if (option.Key == key) return option;
        }
        return null;
    }
}
