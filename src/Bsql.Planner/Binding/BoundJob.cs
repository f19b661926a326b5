using System.Collections.Immutable;
using Bsql.Parser.Diagnostics;
using Bsql.Planner.Catalog;
using Bsql.Planner.Logical;
using Bsql.Planner.Physical;

namespace Bsql.Planner.Binding;

/// <summary>The binder's result for a whole job: its configuration, one logical sink per INSERT (or previewed query), and diagnostics.</summary>
/// <param name="Name">The job name.</param>
/// <param name="Config">The raw configuration (SET statements and descriptor config), later SETs winning.</param>
/// <param name="Options">The typed job options.</param>
/// <param name="Sinks">One plan per INSERT or query statement, in order.</param>
/// <param name="Catalog">The catalog after every DDL statement ran.</param>
/// <param name="Diagnostics">Binding diagnostics.</param>
public sealed record BoundJob(
    string Name,
    ImmutableSortedDictionary<string, string> Config,
    JobOptions Options,
    ImmutableArray<LogicalSink> Sinks,
    SqlCatalog Catalog,
    ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>The value of a configuration key, or null.</summary>
    public string? Get(string key) => Config.TryGetValue(key, out var v) ? v : null;
}
