using System.Runtime.InteropServices;
using System.Text;

namespace Bsql.KafkaMock;

/// <summary>
/// An in-process librdkafka mock Kafka cluster: <paramref name="brokers"/> brokers listening on
/// 127.0.0.1 (ephemeral ports) that speak the Kafka protocol to any client. Calls librdkafka.so.1
/// (Debian's <c>librdkafka1</c>) directly, so it needs no Kafka client package.
/// </summary>
/// <remarks>
/// librdkafka 2.0.2's mock implements produce, fetch, metadata, offsets and consumer groups but no
/// admin requests: a topic is created with 4 partitions when a producer first asks for its metadata;
/// other partition counts need <see cref="CreateTopic"/>.
/// </remarks>
public sealed partial class MockCluster : IDisposable
{
    private const string Lib = "librdkafka.so.1";
    private const int ProducerType = 0; // RD_KAFKA_PRODUCER
    private const int ConfOk = 0; // RD_KAFKA_CONF_OK

    private readonly Lock _gate = new();
    private IntPtr _kafka;
    private IntPtr _cluster;

    private MockCluster(IntPtr kafka, IntPtr cluster, int brokers, string bootstrapServers)
    {
        _kafka = kafka;
        _cluster = cluster;
        Brokers = brokers;
        BootstrapServers = bootstrapServers;
    }

    /// <summary>The number of brokers.</summary>
    public int Brokers { get; }

    /// <summary>The comma-separated <c>host:port</c> list clients use as <c>bootstrap.servers</c>.</summary>
    public string BootstrapServers { get; }

    /// <summary>Starts a mock cluster of <paramref name="brokers"/> brokers.</summary>
    /// <exception cref="InvalidOperationException">librdkafka refused to create the cluster.</exception>
    public static MockCluster Start(int brokers = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokers, 1);
        // The mock cluster lives on an rd_kafka_t handle of its own (a producer that never produces).
        var conf = Native.rd_kafka_conf_new();
        SetConf(conf, "log_level", "3");
        var errstr = new byte[512];
        var kafka = Native.rd_kafka_new(ProducerType, conf, errstr, (UIntPtr)errstr.Length);
        if (kafka == IntPtr.Zero)
        {
            Native.rd_kafka_conf_destroy(conf); // on failure the conf stays ours
            throw new InvalidOperationException("rd_kafka_new failed: " + CString(errstr));
        }

        var cluster = Native.rd_kafka_mock_cluster_new(kafka, brokers);
        if (cluster == IntPtr.Zero)
        {
            Native.rd_kafka_destroy(kafka);
            throw new InvalidOperationException("rd_kafka_mock_cluster_new failed");
        }

        var bootstrap = Marshal.PtrToStringUTF8(Native.rd_kafka_mock_cluster_bootstraps(cluster)) ?? "";
        return new MockCluster(kafka, cluster, brokers, bootstrap);
    }

    /// <summary>
    /// Creates <paramref name="topic"/> with <paramref name="partitions"/> partitions (the mock has no
    /// CreateTopics request). The replication factor is capped at the number of brokers.
    /// </summary>
    /// <exception cref="InvalidOperationException">The mock refused (e.g. the topic exists).</exception>
    public void CreateTopic(string topic, int partitions, int replicationFactor = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_cluster == IntPtr.Zero, this);
            var err = Native.rd_kafka_mock_topic_create(
                _cluster, topic, partitions, Math.Clamp(replicationFactor, 1, Brokers));
            if (err != 0)
            {
                throw new InvalidOperationException(
                    $"creating mock topic '{topic}' failed: {Marshal.PtrToStringUTF8(Native.rd_kafka_err2str(err))}");
            }
        }
    }

    /// <summary>
    /// Takes broker <paramref name="brokerId"/> (1 to <see cref="Brokers"/>) down: its connections are closed and new
    /// ones refused, so requests to it fail until the client gives up (e.g. at <c>message.timeout.ms</c>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The mock refused.</exception>
    public void SetBrokerDown(int brokerId)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_cluster == IntPtr.Zero, this);
            var err = Native.rd_kafka_mock_broker_set_down(_cluster, brokerId);
            if (err != 0)
            {
                throw new InvalidOperationException(
                    $"taking mock broker {brokerId} down failed: {Marshal.PtrToStringUTF8(Native.rd_kafka_err2str(err))}");
            }
        }
    }

    /// <summary>Stops the brokers and frees the native handles.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_cluster != IntPtr.Zero)
            {
                Native.rd_kafka_mock_cluster_destroy(_cluster);
                _cluster = IntPtr.Zero;
            }

            if (_kafka != IntPtr.Zero)
            {
                Native.rd_kafka_destroy(_kafka);
                _kafka = IntPtr.Zero;
            }
        }
    }

    private static void SetConf(IntPtr conf, string name, string value)
    {
        var errstr = new byte[512];
        if (Native.rd_kafka_conf_set(conf, name, value, errstr, (UIntPtr)errstr.Length) != ConfOk)
        {
            throw new InvalidOperationException($"rd_kafka_conf_set({name}) failed: {CString(errstr)}");
        }
    }

    private static string CString(byte[] buffer)
    {
        var end = Array.IndexOf(buffer, (byte)0);
        return Encoding.UTF8.GetString(buffer, 0, end < 0 ? buffer.Length : end);
    }

    private static partial class Native
    {
        [LibraryImport(Lib)]
        internal static partial IntPtr rd_kafka_conf_new();

        [LibraryImport(Lib)]
        internal static partial void rd_kafka_conf_destroy(IntPtr conf);

        [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int rd_kafka_conf_set(IntPtr conf, string name, string value, [Out] byte[] errstr, UIntPtr errstrSize);

        [LibraryImport(Lib)]
        internal static partial IntPtr rd_kafka_new(int type, IntPtr conf, [Out] byte[] errstr, UIntPtr errstrSize);

        [LibraryImport(Lib)]
        internal static partial void rd_kafka_destroy(IntPtr kafka);

        [LibraryImport(Lib)]
        internal static partial IntPtr rd_kafka_err2str(int err);

        [LibraryImport(Lib)]
        internal static partial IntPtr rd_kafka_mock_cluster_new(IntPtr kafka, int brokers);

        [LibraryImport(Lib)]
        internal static partial void rd_kafka_mock_cluster_destroy(IntPtr cluster);

        [LibraryImport(Lib)]
        internal static partial IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr cluster);

        [LibraryImport(Lib)]
        internal static partial int rd_kafka_mock_broker_set_down(IntPtr cluster, int brokerId);

        [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int rd_kafka_mock_topic_create(IntPtr cluster, string topic, int partitions, int replicationFactor);
    }
}
