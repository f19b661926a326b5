using System.Diagnostics;
using System.Globalization;
using System.Text;
using Bsql.KafkaMock;
using Bsql.Planner;
using Bsql.Runtime.Connectors.Kafka;
using Bsql.Runtime.Execution;
using Confluent.Kafka;

// Kafka throughput on librdkafka's mock cluster (in process, 1 broker, a 4-partition topic):
//  1. produce N JSON events of about 200 bytes;
//  2. a bare Confluent.Kafka consumer reads them all (the ceiling for any job reading the topic);
//  3. job A: kafka -> filter/projection -> kafka (at-least-once);
//  4. job B: kafka -> tumbling 10 s count per user -> kafka.
// Reported: wall-clock rows/s and rows per CPU-second of the whole process (mock broker included).

var events = 5_000_000;
var parallelism = 1;
for (var i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--events") events = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
    if (args[i] == "--parallelism") parallelism = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
}

NativeLibrdkafka.EnsureLoaded();
using var cluster = MockCluster.Start(brokers: 1);
cluster.CreateTopic("events", 4);
var bootstrap = cluster.BootstrapServers;
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformationText()}; events: {events:N0}; job parallelism: {parallelism}");

var produced = Measure("produce (Confluent producer, lz4 off)", events, () => Produce(bootstrap, events));
Console.WriteLine($"  average event size: {produced.Bytes / events} bytes");
Measure("bare consumer (ceiling)", events, () => { BareConsume(bootstrap, events); return 0; });

var filter = $"""
    SET 'parallelism.default' = '{parallelism}';
    CREATE TABLE events (id BIGINT, `user` STRING, page STRING, amount BIGINT, country STRING, device STRING, agent STRING, ts TIMESTAMP(3),
      WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
    WITH ('connector' = 'kafka', 'topic' = 'events', 'properties.bootstrap.servers' = '{bootstrap}', 'format' = 'json',
          'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset');
    CREATE TABLE big (id BIGINT, `user` STRING, amount BIGINT, country STRING)
    WITH ('connector' = 'kafka', 'topic' = 'big', 'properties.bootstrap.servers' = '{bootstrap}', 'format' = 'json');
    INSERT INTO big SELECT id, `user`, amount, country FROM events WHERE amount >= 50 AND device <> 'tv';
    """;
var windowed = $"""
    SET 'parallelism.default' = '{parallelism}';
    CREATE TABLE events (id BIGINT, `user` STRING, page STRING, amount BIGINT, country STRING, device STRING, agent STRING, ts TIMESTAMP(3),
      WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
    WITH ('connector' = 'kafka', 'topic' = 'events', 'properties.bootstrap.servers' = '{bootstrap}', 'format' = 'json',
          'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset');
    CREATE TABLE counts (`user` STRING, window_start TIMESTAMP(3), cnt BIGINT)
    WITH ('connector' = 'kafka', 'topic' = 'counts', 'properties.bootstrap.servers' = '{bootstrap}', 'format' = 'json');
    INSERT INTO counts SELECT `user`, window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND))
    GROUP BY `user`, window_start, window_end;
    """;
Measure("job: kafka -> filter/projection -> kafka", events, () => { RunJob(filter); return 0; });
Measure("job: kafka -> tumbling count -> kafka", events, () => { RunJob(windowed); return 0; });
return;

static (long Bytes, int Dummy) Produce(string bootstrap, int count)
{
    var config = new ProducerConfig
    {
        BootstrapServers = bootstrap,
        LingerMs = 20,
        BatchSize = 1 << 20,
        QueueBufferingMaxMessages = 1_000_000,
        EnableDeliveryReports = false,
    };
    using var producer = new ProducerBuilder<byte[]?, byte[]>(config).Build();
    var random = new Random(42);
    var epoch = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    string[] countries = ["DE", "FR", "US", "JP", "BR", "IN"];
    string[] devices = ["mobile", "desktop", "tablet", "tv"];
    long bytes = 0;
    var target = new TopicPartition("events", Partition.Any);
    for (var i = 0; i < count; i++)
    {
        var user = "user-" + random.Next(5000).ToString("D5", CultureInfo.InvariantCulture);
        var json = string.Create(CultureInfo.InvariantCulture,
            $"{{\"id\":{i},\"user\":\"{user}\",\"page\":\"/products/item-{random.Next(100000):D6}?ref=c{random.Next(50)}\",\"amount\":{random.Next(100)},"
            + $"\"country\":\"{countries[random.Next(countries.Length)]}\",\"device\":\"{devices[random.Next(devices.Length)]}\","
            + $"\"agent\":\"Mozilla/5.0 (X11; Linux x86_64)\",\"ts\":\"{epoch.AddMilliseconds(i * 2L):yyyy-MM-dd HH:mm:ss.fff}\"}}");
        var value = Encoding.UTF8.GetBytes(json);
        bytes += value.Length;
        var message = new Message<byte[]?, byte[]> { Key = Encoding.UTF8.GetBytes(user), Value = value };
        while (true)
        {
            try
            {
                producer.Produce(target, message);
                break;
            }
            catch (ProduceException<byte[]?, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                producer.Poll(TimeSpan.FromMilliseconds(50));
            }
        }
    }
    producer.Flush(TimeSpan.FromMinutes(5));
    return (bytes, 0);
}

static void BareConsume(string bootstrap, int expected)
{
    var config = new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "bare", EnableAutoCommit = false, EnablePartitionEof = true };
    config.Set("dotnet.consumer.consume.result.fields", "none");
    using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config).Build();
    consumer.Assign(Enumerable.Range(0, 4).Select(p => new TopicPartitionOffset("events", p, Offset.Beginning)));
    var done = new HashSet<int>();
    long count = 0;
    while (done.Count < 4)
    {
        var r = consumer.Consume(1000);
        if (r is null) continue;
        if (r.IsPartitionEOF) done.Add(r.Partition.Value);
        else count++;
    }
    if (count != expected) throw new InvalidOperationException($"bare consumer read {count} of {expected}");
}

static void RunJob(string sql)
{
    var compiled = BsqlCompiler.Compile(sql, "bench.sql");
    if (!compiled.Success) throw new InvalidOperationException(string.Join('\n', compiled.Diagnostics));
    JobRunner.RunAsync(compiled.Plan!, new JobRunOptions { Output = TextWriter.Null, JobId = "bench-" + Guid.NewGuid().ToString("N")[..6] }, default)
        .GetAwaiter().GetResult();
}

static T Measure<T>(string name, int rows, Func<T> action)
{
    GC.Collect();
    var process = Process.GetCurrentProcess();
    var cpu = process.TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    var result = action();
    clock.Stop();
    process.Refresh();
    var cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name,-45} {clock.Elapsed.TotalSeconds,7:F1} s  {rows / clock.Elapsed.TotalSeconds,12:N0} rows/s  {rows / cpuSeconds,12:N0} rows/CPU-s  (cpu {cpuSeconds:F1} s)"));
    return result;
}

static string RuntimeInformationText() =>
    $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription.Trim()}, .NET {Environment.Version}, librdkafka {Library.VersionString}";
