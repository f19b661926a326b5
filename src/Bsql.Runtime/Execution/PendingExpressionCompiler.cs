using Bsql.Planner.Expressions;

namespace Bsql.Runtime.Execution;

/// <summary>
/// Stands in for the runtime's expression compiler until it is part of the build: compiles input
/// references and literals, and reports anything else as unsupported.
/// </summary>
internal sealed class PendingExpressionCompiler : IExpressionCompiler
{
    public Func<object?[], object?> Compile(BoundExpr expression) => expression switch
    {
        InputRef r => row => row[r.Index],
        Literal l => _ => l.Value,
        _ => throw new BsqlRuntimeException(RuntimeErrors.InvalidPlan, $"expression not supported by this build: {expression.GetType().Name}"),
    };

    public Func<object?[], bool> CompilePredicate(BoundExpr predicate)
    {
        var f = Compile(predicate);
        return row => f(row) is true;
    }
}
