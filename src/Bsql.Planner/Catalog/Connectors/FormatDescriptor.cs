using System.Collections.Immutable;

namespace Bsql.Planner.Catalog.Connectors;

/// <summary>A format (<c>json</c>, <c>csv</c>, <c>raw</c>) and its options, each written <c>&lt;format&gt;.&lt;option&gt;</c>.</summary>
/// <param name="Name">The <c>'format'</c> value.</param>
/// <param name="Options">Its options with full keys (e.g. <c>json.fail-on-missing-field</c>).</param>
public sealed record FormatDescriptor(string Name, ImmutableArray<OptionDescriptor> Options)
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
