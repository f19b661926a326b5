using Bsql.Planner.Expressions;
using Bsql.Runtime.Expressions;

namespace Bsql.Runtime.Execution;

/// <summary>The runtime's <see cref="ExpressionCompiler"/> bound to a job's <see cref="ExpressionContext"/> (its clock).</summary>
public sealed class DefaultExpressionCompiler : IExpressionCompiler
{
    private readonly ExpressionContext _context;

    /// <summary>A compiler whose processing-time functions read <paramref name="context"/>'s clock.</summary>
    public DefaultExpressionCompiler(ExpressionContext context) => _context = context;

    /// <inheritdoc />
    public Func<object?[], object?> Compile(BoundExpr expression) => ExpressionCompiler.Compile(expression, _context);

    /// <inheritdoc />
    public Func<object?[], bool> CompilePredicate(BoundExpr predicate) => ExpressionCompiler.CompilePredicate(predicate, _context);
}
