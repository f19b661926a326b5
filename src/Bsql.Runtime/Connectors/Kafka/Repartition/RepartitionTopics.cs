using System.Collections.Immutable;
using System.Globalization;
using Bsql.Planner.Physical;
using Bsql.Runtime.Execution;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Bsql.Runtime.Connectors.Kafka.Repartition;

/// <summary>
/// The internal topics of a scaled-out job's hash edges (see docs/design.md, "Scale-out"): the topic of the edge into
/// input i of operator o is <c>&lt;job id&gt;-repartition-&lt;o&gt;</c> (<c>-&lt;o&gt;-&lt;i&gt;</c> for i &gt; 0) with one partition
/// per slot, and every edge's writers put their exactly-once markers into <c>&lt;job id&gt;-repartition-markers</c>.
/// The writer and reader of an edge are configured by one connector spec (connector <see cref="Connector"/>).
/// </summary>
internal static class RepartitionTopics
{
    /// <summary>The connector name of the writer and reader operators the scale-out plan adds (not a user connector).</summary>
    public const string Connector = "bsql-repartition";

    private const string SlotsOption = "repartition.slots";
    private const string WritersOption = "repartition.writer-parallelism";
    private const string KeysOption = "repartition.keys";

    /// <summary>The topic of <paramref name="edge"/>.</summary>
    public static string Topic(string jobId, PhysicalEdge edge) => edge.TargetInput == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{jobId}-repartition-{edge.Target}")
        : string.Create(CultureInfo.InvariantCulture, $"{jobId}-repartition-{edge.Target}-{edge.TargetInput}");

    /// <summary>The marker topic of a job's repartition writers.</summary>
    public static string MarkerTopic(string jobId) => jobId + "-repartition-markers";

    /// <summary>
    /// The connector spec of an edge's writer and reader: the repartition topic, exactly-once with the job's repartition
    /// marker topic, the Kafka client properties of the slot table, the slot count, the writers' parallelism and the keys.
    /// </summary>
    public static ConnectorSpec Spec(string jobId, PhysicalEdge edge, KafkaTableOptions slotTable, int slots, int writers)
    {
        var options = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in slotTable.ClientProperties)
        {
            // The reader has its own (unused) group; the membership and source groups stay theirs.
            if (key != "group.id") options["properties." + key] = value;
        }
        var topic = Topic(jobId, edge);
        options["connector"] = Connector;
        options["topic"] = topic;
        options["format"] = Connector;
        options["sink.delivery-guarantee"] = "exactly-once";
        options["sink.transactional-id-prefix"] = topic;
        options["sink.transaction-marker-topic"] = MarkerTopic(jobId);
        options[SlotsOption] = slots.ToString(CultureInfo.InvariantCulture);
        options[WritersOption] = writers.ToString(CultureInfo.InvariantCulture);
        options[KeysOption] = string.Join(',', edge.Keys.Select(k => k.ToString(CultureInfo.InvariantCulture)));
        return new ConnectorSpec(Connector, options.ToImmutable());
    }

    /// <summary>The slot count of a repartition spec.</summary>
    public static int Slots(ConnectorSpec spec) => int.Parse(spec.Get(SlotsOption)!, CultureInfo.InvariantCulture);

    /// <summary>The parallelism of the edge's writer (subtasks per slot).</summary>
    public static int Writers(ConnectorSpec spec) => int.Parse(spec.Get(WritersOption)!, CultureInfo.InvariantCulture);

    /// <summary>The key columns of the edge.</summary>
    public static int[] Keys(ConnectorSpec spec) =>
        [.. spec.Get(KeysOption, "")!.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(k => int.Parse(k, CultureInfo.InvariantCulture))];

    /// <summary>The transactional id of writer subtask <paramref name="subtask"/> of slot <paramref name="slot"/> (as <see cref="KafkaSink.TransactionalId"/> names it).</summary>
    public static string TransactionalId(string prefix, int slot, int subtask) => string.Create(CultureInfo.InvariantCulture, $"{prefix}-s{slot}-{subtask}");

    /// <summary>
    /// Creates the missing repartition topics (<paramref name="slots"/> partitions) and marker topic with <c>CreateTopics</c>, or,
    /// where the cluster has none, by asking for them by name (clusters that auto-create topics); then checks that each
    /// exists with the right partition count (BSQL4401 otherwise, naming the fix).
    /// </summary>
    public static void Ensure(IAdminClient admin, IReadOnlyList<string> topics, string markerTopic, int slots, KafkaTableOptions slotTable, TextWriter? log)
    {
        var timeout = TimeSpan.FromMilliseconds(Math.Min(slotTable.ConnectTimeoutMs, 10_000));
        // Listing every topic does not auto-create any (asking for one by name may, with the broker's default partition count).
        Dictionary<string, int> Existing() => admin.GetMetadata(TimeSpan.FromMilliseconds(slotTable.ConnectTimeoutMs)).Topics
            .Where(t => t.Error.Code == ErrorCode.NoError).ToDictionary(t => t.Topic, t => t.Partitions.Count, StringComparer.Ordinal);
        var existing = Existing();
        var wanted = topics.Append(markerTopic).Where(t => !existing.ContainsKey(t))
            .Select(t => new TopicSpecification { Name = t, NumPartitions = slots, ReplicationFactor = -1 }).ToList();
        if (wanted.Count > 0)
        {
            try
            {
                admin.CreateTopicsAsync(wanted, new CreateTopicsOptions { RequestTimeout = timeout, OperationTimeout = timeout }).Wait(timeout * 2);
            }
            catch (AggregateException e) when (e.InnerException is CreateTopicsException failed)
            {
                foreach (var result in failed.Results.Where(r => r.Error.Code is not (ErrorCode.NoError or ErrorCode.TopicAlreadyExists)))
                {
                    log?.WriteLine($"bsql: cannot create topic '{result.Topic}': {result.Error.Reason}");
                }
            }
            catch (AggregateException e) when (e.InnerException is KafkaException failed)
            {
                log?.WriteLine($"bsql: cannot create the repartition topics: {failed.Error.Reason}");
            }
            existing = Existing();
            // Where CreateTopics is missing (the mock) a cluster may still auto-create a topic asked for by name; the
            // partition count is checked below.
            foreach (var topic in wanted.Select(w => w.Name).Where(t => !existing.ContainsKey(t)))
            {
                if (admin.GetMetadata(topic, timeout).Topics.FirstOrDefault(t => t.Topic == topic) is { Error.Code: ErrorCode.NoError } created)
                {
                    existing[topic] = created.Partitions.Count;
                    log?.WriteLine($"bsql: topic '{topic}' was auto-created by the cluster ({created.Partitions.Count} partitions)");
                }
            }
        }
        foreach (var topic in topics.Append(markerTopic))
        {
            var count = existing.GetValueOrDefault(topic);
            if (count == 0)
            {
                throw new BsqlRuntimeException(RuntimeErrors.ConnectorUnavailable,
                    $"repartition topic '{topic}' does not exist on '{slotTable.BootstrapServers}' and could not be created: create it with {slots} partitions (one per slot)");
            }
            if (topic != markerTopic && count != slots)
            {
                throw new BsqlRuntimeException(RuntimeErrors.ConnectorUnavailable,
                    $"repartition topic '{topic}' has {count} partitions, but the job has {slots} slots: recreate it with {slots} partitions");
            }
        }
    }
}
