using System.Reflection;
using System.Runtime.InteropServices;

namespace Bsql.Runtime.Connectors.Kafka;

/// <summary>
/// Makes Confluent.Kafka 1.9.3 use the operating system's librdkafka (Debian's <c>librdkafka1</c>,
/// file <c>librdkafka.so.1</c>) instead of the <c>librdkafka.redist</c> binaries it normally ships
/// with (that package is not available here; the repository restores an empty placeholder).
/// Call <see cref="EnsureLoaded"/> once before the first Confluent.Kafka client is built.
/// </summary>
/// <remarks>
/// <para>
/// How Confluent.Kafka 1.9.3 loads its native library on Linux (checked by experiment): its P/Invoke
/// declarations name the library <c>"librdkafka"</c> (plus variants such as
/// <c>"centos7-librdkafka"</c>, tried first). .NET probes <c>librdkafka.so</c> and <c>librdkafka</c>,
/// which Debian only provides in the <c>-dev</c> package, so without help every client constructor
/// fails with <c>DllNotFoundException: Failed to load the librdkafka native library</c>.
/// </para>
/// <para>
/// <c>Confluent.Kafka.Library.Load(path)</c> does not help on Debian 12: before binding it calls
/// <c>dlopen</c> through a P/Invoke into <c>"libdl"</c>, and glibc 2.34+ ships only
/// <c>libdl.so.2</c>, so <c>Library.Load</c> itself throws <c>DllNotFoundException</c> for
/// <c>libdl</c>. Do not call it.
/// </para>
/// <para>
/// What works is a <see cref="NativeLibrary.SetDllImportResolver"/> on the Confluent.Kafka assembly
/// that answers <c>"librdkafka"</c> with a handle to <c>librdkafka.so.1</c> and leaves every other name
/// to the default probing (the <c>centos7-</c> variant then fails quickly and Confluent.Kafka falls
/// back to the plain name). librdkafka 2.0.2 is newer than the 1.9.x minimum Confluent.Kafka 1.9.3
/// checks for, and exports every entry point it binds.
/// </para>
/// </remarks>
public static class NativeLibrdkafka
{
    /// <summary>The file name of the system library, resolved through the dynamic loader's search path.</summary>
    public const string SystemLibraryName = "librdkafka.so.1";

    /// <summary>The name Confluent.Kafka's P/Invoke declarations use for the library.</summary>
    private const string ConfluentLibraryName = "librdkafka";

    private static readonly Lock Gate = new();
    private static IntPtr _handle;
    private static volatile bool _loaded;

    /// <summary>
    /// Loads <c>librdkafka.so.1</c> and routes Confluent.Kafka's native calls to it. Idempotent and
    /// thread-safe: the first call does the work, later calls return at once.
    /// </summary>
    /// <exception cref="DllNotFoundException">
    /// <c>librdkafka.so.1</c> is not installed (the message says to run <c>apt-get install librdkafka1</c>).
    /// </exception>
    /// <exception cref="InvalidOperationException">
    /// Something else already installed a DllImport resolver on the Confluent.Kafka assembly.
    /// </exception>
    public static void EnsureLoaded()
    {
        if (_loaded)
        {
            return;
        }

        lock (Gate)
        {
            if (_loaded)
            {
                return;
            }

            IntPtr handle;
            try
            {
                handle = NativeLibrary.Load(SystemLibraryName);
            }
            catch (DllNotFoundException e)
            {
                throw new DllNotFoundException(
                    $"The Kafka connector needs the system library {SystemLibraryName} (librdkafka), which could not be "
                    + "loaded. Install it with `apt-get install librdkafka1`.",
                    e);
            }

            // The handle is published before the resolver exists, so the resolver never answers zero for it.
            _handle = handle;
            try
            {
                NativeLibrary.SetDllImportResolver(typeof(Confluent.Kafka.Library).Assembly, Resolve);
            }
            catch (InvalidOperationException e)
            {
                _handle = IntPtr.Zero;
                NativeLibrary.Free(handle);
                throw new InvalidOperationException(
                    "Another DllImport resolver is already set on the Confluent.Kafka assembly; "
                    + $"{nameof(NativeLibrdkafka)}.{nameof(EnsureLoaded)} must be the only one.",
                    e);
            }

            _loaded = true;
        }
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == ConfluentLibraryName ? _handle : IntPtr.Zero;
}
