using Bsql.Planner.Physical;
using Bsql.Planner.Types;

namespace Bsql.Runtime.Formats;

/// <summary>A record format (<c>'format' = '<see cref="Name"/>'</c>); its options are prefixed with its name (<c>json.*</c>).</summary>
public interface IFormatFactory
{
    /// <summary>The format name: <c>json</c>, <c>csv</c>, <c>raw</c>.</summary>
    string Name { get; }

    /// <summary>A decoder of <paramref name="schema"/>; a bad option value throws <see cref="Execution.BsqlRuntimeException"/>.</summary>
    IRowDecoder CreateDecoder(RowSchema schema, ConnectorSpec options);

    /// <summary>An encoder of <paramref name="schema"/>.</summary>
    IRowEncoder CreateEncoder(RowSchema schema, ConnectorSpec options);
}
