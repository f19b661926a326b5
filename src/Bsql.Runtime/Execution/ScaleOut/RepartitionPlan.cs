using System.Collections.Immutable;
using Bsql.Planner.Physical;
using Bsql.Runtime.Connectors.Kafka;
using Bsql.Runtime.Connectors.Kafka.Repartition;

namespace Bsql.Runtime.Execution.ScaleOut;

/// <summary>
/// Splits a scaled-out job's plan at its hash edges into stages joined by repartition topics: the edge
/// A →hash(k) B becomes A → a writer (an exactly-once Kafka sink into <c>&lt;job id&gt;-repartition-&lt;B&gt;</c>, partition =
/// the slot of k's key group) and a reader of that topic (partition = this slot) →hash(k) B. Each slot runs every stage,
/// so the rows of a key, wherever they were read, meet in the slot of the key's group. See docs/design.md, "Scale-out".
/// </summary>
internal static class RepartitionPlan
{
    /// <summary>The plan with its hash edges split, and the repartition topics it uses (none: the plan unchanged).</summary>
    public static (PhysicalPlan Plan, IReadOnlyList<string> Topics) Split(PhysicalPlan plan, string jobId, KafkaTableOptions slotTable, int slots)
    {
        if (!plan.Edges.Any(e => e.Kind == EdgeKind.Hash)) return (plan, []);
        var nextId = plan.Operators.Max(o => o.Id) + 1;
        var operators = plan.Operators.ToBuilder();
        var edges = ImmutableArray.CreateBuilder<PhysicalEdge>();
        var topics = new List<string>();
        foreach (var edge in plan.Edges)
        {
            if (edge.Kind != EdgeKind.Hash)
            {
                edges.Add(edge);
                continue;
            }
            var upstream = plan.Operator(edge.Source);
            var topic = RepartitionTopics.Topic(jobId, edge);
            var connector = RepartitionTopics.Spec(jobId, edge, slotTable, slots, upstream.Parallelism);
            var writer = new PhysicalOperator(nextId++, $"RepartitionWrite(topic=[{topic}])", new SinkSpec(topic, connector, upstream.Output, []),
                upstream.Output, upstream.Changelog, upstream.Parallelism);
            // One reader per slot: it reads the slot's partition and hashes on to the subtasks of the keyed operator.
            var reader = new PhysicalOperator(nextId++, $"RepartitionRead(topic=[{topic}])", new SourceSpec(topic, connector, upstream.Output, [], null),
                upstream.Output, upstream.Changelog, 1);
            operators.Add(writer);
            operators.Add(reader);
            edges.Add(new PhysicalEdge(upstream.Id, writer.Id, 0, EdgeKind.Forward, []));
            edges.Add(edge with { Source = reader.Id });
            topics.Add(topic);
        }
        return (plan with { Operators = operators.ToImmutable(), Edges = edges.ToImmutable() }, topics);
    }
}
