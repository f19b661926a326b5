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
// The mock keeps only about 5 MB per partition (older messages are deleted), so the events go through in
// rounds of --round events (default 60,000): each round is produced, then read by the bare consumer and by
// each job (bounded latest-offset reads that resume from their group's committed offsets). Every job run
// therefore includes its start (compile, connect, offsets) once per round.

var events = 5_000_000;
var parallelism = 1;
var round = 60_000;
for (var i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--events") events = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
    if (args[i] == "--parallelism") parallelism = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
    if (args[i] == "--round") round = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
}

NativeLibrdkafka.EnsureLoaded();
using var cluster = MockCluster.Start(brokers: 1);
cluster.CreateTopic("events", 4);
var bootstrap = cluster.BootstrapServers;
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformationText()}; events: {events:N0}; job parallelism: {parallelism}");

var filter = $"""
    SET 'parallelism.default' = '{parallelism}';
    CREATE TABLE events (id BIGINT, `user` STRING, page STRING, amount BIGINT, country STRING, device STRING, agent STRING, ts TIMESTAMP(3),
      WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
    WITH ('connector' = 'kafka', 'topic' = 'events', 'properties.bootstrap.servers' = '{bootstrap}', 'format' = 'json', 'properties.group.id' = 'filter-job',
          'scan.startup.mode' = 'group-offsets', 'properties.auto.offset.reset' = 'earliest', 'scan.bounded.mode' = 'latest-offset');
    CREATE TABLE big (id BIGINT, `user` STRING, amount BIGINT, country STRING)
    WITH ('connector' = 'kafka', 'topic' = 'big', 'properties.bootstrap.servers' = '{bootstrap}', 'format' = 'json');
    INSERT INTO big SELECT id, `user`, amount, country FROM events WHERE amount >= 50 AND device <> 'tv';
    """;
var windowed = $"""
    SET 'parallelism.default' = '{parallelism}';
    CREATE TABLE events (id BIGINT, `user` STRING, page STRING, amount BIGINT, country STRING, device STRING, agent STRING, ts TIMESTAMP(3),
      WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
    WITH ('connector' = 'kafka', 'topic' = 'events', 'properties.bootstrap.servers' = '{bootstrap}', 'format' = 'json', 'properties.group.id' = 'window-job',
          'scan.startup.mode' = 'group-offsets', 'properties.auto.offset.reset' = 'earliest', 'scan.bounded.mode' = 'latest-offset');
    CREATE TABLE counts (`user` STRING, window_start TIMESTAMP(3), cnt BIGINT)
    WITH ('connector' = 'kafka', 'topic' = 'counts', 'properties.bootstrap.servers' = '{bootstrap}', 'format' = 'json');
    INSERT INTO counts SELECT `user`, window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND))
    GROUP BY `user`, window_start, window_end;
    """;
var phases = new[] { "produce", "bare consumer (ceiling)", "job: kafka -> filter/projection -> kafka", "job: kafka -> tumbling count -> kafka" };
var wall = new double[phases.Length];
var cpu = new double[phases.Length];
var positions = new long[4];
long bytes = 0;
var random = new Random(42);
for (var done = 0; done < events; done += round)
{
    var n = Math.Min(round, events - done);
    Measure(0, () => bytes += Produce(bootstrap, done, n, random));
    Measure(1, () => BareConsume(bootstrap, positions, n));
    Measure(2, () => RunJob(filter, n));
    Measure(3, () => RunJob(windowed, n));
}
// The fixed cost of one job run (start, connect, offsets, finish) measured on a round with no new events.
var emptyClock = Stopwatch.StartNew();
RunJob(filter, 0);
var emptyFilter = emptyClock.Elapsed.TotalSeconds;
emptyClock.Restart();
RunJob(windowed, 0);
var emptyWindowed = emptyClock.Elapsed.TotalSeconds;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"one job run over no events (start + finish cost, paid once per round): filter {emptyFilter:F2} s, window {emptyWindowed:F2} s"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"average event size: {bytes / events} bytes; rounds of {round:N0}"));
for (var i = 0; i < phases.Length; i++)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{phases[i],-45} {wall[i],7:F1} s  {events / wall[i],12:N0} rows/s  {events / cpu[i],12:N0} rows/CPU-s  (cpu {cpu[i]:F1} s)"));
}
return;

void Measure(int phase, Action action)
{
    var process = Process.GetCurrentProcess();
    var cpuStart = process.TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    action();
    clock.Stop();
    process.Refresh();
    wall[phase] += clock.Elapsed.TotalSeconds;
    cpu[phase] += (process.TotalProcessorTime - cpuStart).TotalSeconds;
}

static long Produce(string bootstrap, int first, int count, Random random)
{
    var config = new ProducerConfig
    {
        BootstrapServers = bootstrap,
        LingerMs = 20,
        QueueBufferingMaxMessages = 1_000_000,
    };
    long failed = 0;
    string? firstError = null;
    Action<DeliveryReport<byte[]?, byte[]>> onDelivery = r =>
    {
        if (!r.Error.IsError) return;
        Interlocked.Increment(ref failed);
        firstError ??= r.Error.Reason;
    };
    using var producer = new ProducerBuilder<byte[]?, byte[]>(config).Build();
    var epoch = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    string[] countries = ["DE", "FR", "US", "JP", "BR", "IN"];
    string[] devices = ["mobile", "desktop", "tablet", "tv"];
    long bytes = 0;
    var target = new TopicPartition("events", Partition.Any);
    for (var i = first; i < first + count; i++)
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
                producer.Produce(target, message, onDelivery);
                break;
            }
            catch (ProduceException<byte[]?, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                producer.Poll(TimeSpan.FromMilliseconds(50));
            }
        }
    }
    if (producer.Flush(TimeSpan.FromMinutes(5)) != 0) throw new InvalidOperationException("produce did not finish");
    if (failed > 0) throw new InvalidOperationException($"{failed} messages not delivered: {firstError}");
    return bytes;
}

static void BareConsume(string bootstrap, long[] positions, int expected)
{
    var config = new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "bare", EnableAutoCommit = false };
    config.Set("dotnet.consumer.consume.result.fields", "none");
    using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config).Build();
    // Read each partition from where the last round ended up to its end offset now, as the bounded jobs do.
    var ends = Enumerable.Range(0, 4).Select(p => consumer.QueryWatermarkOffsets(new TopicPartition("events", p), TimeSpan.FromSeconds(30)).High.Value).ToArray();
    consumer.Assign(Enumerable.Range(0, 4).Where(p => ends[p] > positions[p]).Select(p => new TopicPartitionOffset("events", p, positions[p])));
    var remaining = Enumerable.Range(0, 4).Count(p => ends[p] > positions[p]);
    long count = 0;
    while (remaining > 0)
    {
        var r = consumer.Consume(1000);
        if (r is null) continue;
        count++;
        if (r.Offset.Value + 1 == ends[r.Partition.Value]) remaining--;
    }
    ends.CopyTo(positions, 0);
    if (count != expected) throw new InvalidOperationException($"bare consumer read {count} of {expected}");
}

static void RunJob(string sql, int expected)
{
    var compiled = BsqlCompiler.Compile(sql, "bench.sql");
    if (!compiled.Success) throw new InvalidOperationException(string.Join('\n', compiled.Diagnostics));
    var result = JobRunner.RunAsync(compiled.Plan!, new JobRunOptions { Output = TextWriter.Null, JobId = "bench-" + Guid.NewGuid().ToString("N")[..6] }, default)
        .GetAwaiter().GetResult();
    // The source is the operator emitting the most rows; it must have read exactly this round's events.
    var read = result.Metrics.Operators.Values.Select(m => m.RowsOut).DefaultIfEmpty(0).Max();
    if (read != expected) throw new InvalidOperationException($"the job read {read} of {expected} events");
}

static string RuntimeInformationText() =>
    $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription.Trim()}, .NET {Environment.Version}, librdkafka {Library.VersionString}";
