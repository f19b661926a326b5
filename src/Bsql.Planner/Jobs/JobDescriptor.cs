using System.Collections.Immutable;
using Bsql.Parser.Diagnostics;

namespace Bsql.Planner.Jobs;

/// <summary>A JSON job descriptor as read: its name and the equivalent SQL script (null when the JSON was unusable).</summary>
/// <param name="Name">The descriptor's <c>name</c>, or null.</param>
/// <param name="Sql">The equivalent BSQL script, or null.</param>
/// <param name="Diagnostics">Problems with the descriptor itself.</param>
public sealed record JobDescriptor(string? Name, string? Sql, ImmutableArray<Diagnostic> Diagnostics);
