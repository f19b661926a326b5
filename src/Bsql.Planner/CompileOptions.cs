using Bsql.Planner.Catalog;

namespace Bsql.Planner;

/// <summary>Inputs of a compilation besides the job itself.</summary>
public sealed record CompileOptions
{
    /// <summary>YAML catalog files whose tables the job may use without DDL.</summary>
    public IReadOnlyList<string> CatalogFiles { get; init; } = [];

    /// <summary>A catalog built by the caller (merged before the catalog files), or null.</summary>
    public SqlCatalog? Catalog { get; init; }

    /// <summary>The job name when neither <c>pipeline.name</c> nor a descriptor's name is given; defaults to the file name.</summary>
    public string? JobName { get; init; }

    /// <summary>Loads <c>CREATE FUNCTION</c> implementations to type their calls (default: by reflection over the named assembly).</summary>
    public Functions.IUserFunctionResolver FunctionResolver { get; init; } = Functions.ReflectionFunctionResolver.Instance;

    /// <summary>Skip optimization and physical planning (validation only).</summary>
    public bool ValidateOnly { get; init; }
}
