using System.Collections.Immutable;

namespace Bsql.Planner.Physical;

/// <summary>
/// The compiled, runnable form of a job: a DAG of operators and the edges between them. Plain data,
/// serialised as versioned JSON by <c>bsql compile</c> and executed by the runtime.
/// </summary>
public sealed record PhysicalPlan(
    int FormatVersion,
    string JobName,
    JobOptions Options,
    ImmutableArray<PhysicalOperator> Operators,
    ImmutableArray<PhysicalEdge> Edges)
{
    /// <summary>The format version this build writes and reads.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>The user-defined functions the job's expressions call.</summary>
    public ImmutableArray<UserFunctionSpec> Functions { get; init; } = [];

    /// <summary>The operator with id <paramref name="id"/>.</summary>
    public PhysicalOperator Operator(int id) => Operators.First(o => o.Id == id);

    /// <summary>The edges that feed operator <paramref name="id"/>, ordered by input index.</summary>
    public IEnumerable<PhysicalEdge> InputsOf(int id) => Edges.Where(e => e.Target == id).OrderBy(e => e.TargetInput);

    /// <summary>The edges that leave operator <paramref name="id"/>.</summary>
    public IEnumerable<PhysicalEdge> OutputsOf(int id) => Edges.Where(e => e.Source == id);

    /// <inheritdoc />
    public bool Equals(PhysicalPlan? other) =>
        other is not null && FormatVersion == other.FormatVersion && JobName == other.JobName && Options.Equals(other.Options)
        && Operators.AsSpan().SequenceEqual(other.Operators.AsSpan()) && Edges.AsSpan().SequenceEqual(other.Edges.AsSpan())
        && Functions.AsSpan().SequenceEqual(other.Functions.AsSpan());

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(FormatVersion, JobName, Operators.Length, Edges.Length);
}
