namespace Bsql.Planner.Explain;

/// <summary>Which stage of compilation EXPLAIN shows.</summary>
public enum ExplainStage
{
    /// <summary>The syntax tree, printed back as canonical BSQL.</summary>
    Ast,
    /// <summary>The logical plan as bound, before rewrites.</summary>
    Logical,
    /// <summary>The logical plan after the rewrite rules.</summary>
    Optimized,
    /// <summary>The physical DAG: operators, edges, parallelism.</summary>
    Physical,
}
