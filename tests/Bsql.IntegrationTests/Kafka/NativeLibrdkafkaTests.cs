using System.Runtime.InteropServices;
using Bsql.IntegrationTests.Infrastructure;
using Bsql.Runtime.Connectors.Kafka;
using Confluent.Kafka;

namespace Bsql.IntegrationTests.Kafka;

public sealed partial class NativeLibrdkafkaTests
{
    [RequiresServerFact(TestServer.Kafka)]
    public void EnsureLoaded_CalledConcurrently_MakesConfluentKafkaUseTheSystemLibrary()
    {
        Parallel.For(0, 8, _ => NativeLibrdkafka.EnsureLoaded());
        NativeLibrdkafka.EnsureLoaded();

        // Confluent.Kafka reports the version of the library it bound to: the one the OS loader finds.
        var systemVersion = Marshal.PtrToStringUTF8(rd_kafka_version_str());
        Assert.Equal(systemVersion, Library.VersionString);
        Assert.Equal(rd_kafka_version(), Library.Version);
    }

    [LibraryImport(NativeLibrdkafka.SystemLibraryName)]
    private static partial IntPtr rd_kafka_version_str();

    [LibraryImport(NativeLibrdkafka.SystemLibraryName)]
    private static partial int rd_kafka_version();
}
