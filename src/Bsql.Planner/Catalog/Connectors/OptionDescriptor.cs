using System.Collections.Immutable;

namespace Bsql.Planner.Catalog.Connectors;

/// <summary>One option a connector or format understands.</summary>
/// <param name="Key">The option key, e.g. <c>scan.startup.mode</c>.</param>
/// <param name="Kind">The value type.</param>
/// <param name="Required">True when a table must set it.</param>
/// <param name="Default">The default value as text, or null.</param>
/// <param name="Values">For <see cref="OptionKind.Enum"/>: the allowed values.</param>
/// <param name="Description">One line for documentation and hints.</param>
/// <param name="AppliesTo">The uses the option is meaningful for (an option for lookups only is still accepted elsewhere).</param>
public sealed record OptionDescriptor(
    string Key,
    OptionKind Kind,
    bool Required,
    string? Default,
    ImmutableArray<string> Values,
    string Description,
    ConnectorCapabilities AppliesTo = ConnectorCapabilities.All)
{
    /// <summary>An optional option.</summary>
    public static OptionDescriptor Optional(string key, OptionKind kind, string description, string? defaultValue = null) =>
        new(key, kind, false, defaultValue, ImmutableArray<string>.Empty, description);

    /// <summary>A required option.</summary>
    public static OptionDescriptor Mandatory(string key, OptionKind kind, string description) =>
        new(key, kind, true, null, ImmutableArray<string>.Empty, description);

    /// <summary>An optional enumeration option.</summary>
    public static OptionDescriptor OneOf(string key, string description, string? defaultValue, params string[] values) =>
        new(key, OptionKind.Enum, false, defaultValue, [.. values], description);
}
