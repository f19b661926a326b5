using System.Collections.Immutable;
using Bsql.Parser.Diagnostics;

namespace Bsql.Planner.Catalog;

/// <summary>
/// A table known to the job: declared by <c>CREATE TABLE</c> in the job itself or loaded from a catalog file.
/// Computed columns and the watermark stay expressions here; the binder types them.
/// </summary>
public sealed record CatalogTable
{
    /// <summary>The full name as declared, e.g. <c>dw.samples</c> or <c>feed</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Physical and computed columns in declaration order.</summary>
    public required ImmutableArray<CatalogColumn> Columns { get; init; }

    /// <summary>The watermark, or null when the table has no event-time attribute.</summary>
    public CatalogWatermark? Watermark { get; init; }

    /// <summary>Primary key column names (empty when none).</summary>
    public ImmutableArray<string> PrimaryKey { get; init; } = ImmutableArray<string>.Empty;

    /// <summary>The WITH options in order.</summary>
    public ImmutableArray<CatalogOption> Options { get; init; } = ImmutableArray<CatalogOption>.Empty;

    /// <summary>The table comment, or null.</summary>
    public string? Comment { get; init; }

    /// <summary>The text the table was declared in (job or catalog file), for diagnostics.</summary>
    public SourceText? Source { get; init; }

    /// <summary>Where the declaration is in <see cref="Source"/>.</summary>
    public SourceSpan Span { get; init; }

    /// <summary>The value of option <paramref name="key"/> (case-sensitive, as Flink), or null.</summary>
    public string? Option(string key)
    {
        foreach (var option in Options)
        {
            if (option.Key == key) return option.Value;
        }
        return null;
    }

    /// <summary>The connector name (<c>'connector'</c> option), or null.</summary>
    public string? Connector => Option("connector");
}
