namespace Bsql.Runtime.Connectors.Print;

/// <summary><c>'connector' = 'print'</c>: writes rows to the job's output as Flink does (<c>+I[a, b]</c>).</summary>
public sealed class PrintSinkFactory : ISinkFactory
{
    /// <inheritdoc />
    public string Connector => "print";

    /// <inheritdoc />
    public ISink CreateSink(SinkContext context) => new PrintSink(context);
}
