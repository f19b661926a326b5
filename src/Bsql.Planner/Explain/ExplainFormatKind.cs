namespace Bsql.Planner.Explain;

/// <summary>How EXPLAIN renders a stage.</summary>
public enum ExplainFormatKind
{
    /// <summary>An indented tree, like Flink's EXPLAIN.</summary>
    Text,
    /// <summary>Graphviz DOT.</summary>
    Dot,
    /// <summary>JSON (the compiled plan for the physical stage).</summary>
    Json,
}
