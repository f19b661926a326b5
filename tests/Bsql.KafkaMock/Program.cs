using System.Runtime.InteropServices;

namespace Bsql.KafkaMock;

/// <summary>
/// <c>dotnet Bsql.KafkaMock.dll [--brokers N] [--topic name:partitions]...</c>: starts a mock Kafka
/// cluster on 127.0.0.1, prints its bootstrap address as the first stdout line, and runs until stdin
/// closes or the process gets SIGTERM/SIGINT.
/// </summary>
public static class Program
{
    /// <summary>Entry point; returns 2 on bad arguments.</summary>
    public static int Main(string[] args)
    {
        var brokers = 3;
        var topics = new List<(string Name, int Partitions)>();
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--brokers" when int.TryParse(value, out var n) && n >= 1:
                    brokers = n;
                    i++;
                    break;
                case "--topic" when TryParseTopic(value, out var topic):
                    topics.Add(topic);
                    i++;
                    break;
                default:
                    Console.Error.WriteLine($"unexpected argument '{args[i]}'");
                    Console.Error.WriteLine("usage: Bsql.KafkaMock [--brokers N] [--topic name:partitions]...");
                    return 2;
            }
        }

        using var cluster = MockCluster.Start(brokers);
        foreach (var (name, partitions) in topics)
        {
            cluster.CreateTopic(name, partitions, replicationFactor: Math.Min(brokers, 3));
        }

        Console.Out.WriteLine(cluster.BootstrapServers);
        Console.Out.Flush();

        using var stop = new ManualResetEventSlim();
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true; // shut down cleanly below instead of the default termination
            stop.Set();
        }

        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        var stdinWatcher = new Thread(() =>
        {
            try
            {
                while (Console.In.ReadLine() is not null)
                {
                }
            }
            catch (IOException)
            {
            }

            stop.Set();
        })
        { IsBackground = true, Name = "stdin-watcher" };
        stdinWatcher.Start();

        stop.Wait();
        return 0;
    }

    private static bool TryParseTopic(string? value, out (string Name, int Partitions) topic)
    {
        topic = default;
        var colon = value?.LastIndexOf(':') ?? -1;
        if (value is null || colon <= 0 || !int.TryParse(value.AsSpan(colon + 1), out var partitions) || partitions < 1)
        {
            return false;
        }

        topic = (value[..colon], partitions);
        return true;
    }
}
