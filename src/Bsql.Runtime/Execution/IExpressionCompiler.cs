using Bsql.Planner.Expressions;

namespace Bsql.Runtime.Execution;

/// <summary>
/// Turns bound expressions into delegates over a row, once per job. The default implementation
/// wraps <c>Bsql.Runtime.Expressions.ExpressionCompiler</c>; tests may supply their own.
/// </summary>
public interface IExpressionCompiler
{
    /// <summary>A delegate computing <paramref name="expression"/> over an input row.</summary>
    Func<object?[], object?> Compile(BoundExpr expression);

    /// <summary>A delegate that is true only when <paramref name="predicate"/> is TRUE (not FALSE, not NULL).</summary>
    Func<object?[], bool> CompilePredicate(BoundExpr predicate);
}
