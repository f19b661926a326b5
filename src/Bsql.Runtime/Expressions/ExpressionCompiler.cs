using System.Linq.Expressions;
using Bsql.Planner.Expressions;

namespace Bsql.Runtime.Expressions;

/// <summary>
/// Compiles <see cref="BoundExpr"/> trees once per job into delegates over a row (<c>object?[]</c>).
/// Sub-expressions are typed (<c>long</c>, <c>double?</c>, <c>string</c>...) with explicit NULL checks and
/// SQL semantics (three-valued logic, NULL propagation, Java integer arithmetic); only the result is boxed.
/// </summary>
public static class ExpressionCompiler
{
    /// <summary>Compiles <paramref name="expr"/> to a function returning its value in the runtime representation of its type.</summary>
    /// <exception cref="ExpressionCompilationException">The expression uses a function or cast the runtime does not implement.</exception>
    public static Func<object?[], object?> Compile(BoundExpr expr, ExpressionContext context)
    {
        ArgumentNullException.ThrowIfNull(expr);
        ArgumentNullException.ThrowIfNull(context);
        var row = Expression.Parameter(typeof(object?[]), "row");
        var body = new ExpressionEmitter(row, context).EmitBoxed(expr, expr.Type);
        return Expression.Lambda<Func<object?[], object?>>(body, row).Compile();
    }

    /// <summary>Compiles a BOOLEAN <paramref name="expr"/> to a predicate that is true only when the value is TRUE (NULL and FALSE give false).</summary>
    /// <exception cref="ExpressionCompilationException">The expression uses a function or cast the runtime does not implement.</exception>
    public static Func<object?[], bool> CompilePredicate(BoundExpr expr, ExpressionContext context)
    {
        ArgumentNullException.ThrowIfNull(expr);
        ArgumentNullException.ThrowIfNull(context);
        var row = Expression.Parameter(typeof(object?[]), "row");
        var body = new ExpressionEmitter(row, context).Emit(expr);
        return Expression.Lambda<Func<object?[], bool>>(Lift.IsTrue(body), row).Compile();
    }

    /// <summary>Compiles several expressions over the same row into one function filling a new output row.</summary>
    public static Func<object?[], object?[]> CompileProjection(IReadOnlyList<BoundExpr> exprs, ExpressionContext context)
    {
        ArgumentNullException.ThrowIfNull(exprs);
        ArgumentNullException.ThrowIfNull(context);
        var row = Expression.Parameter(typeof(object?[]), "row");
        var emitter = new ExpressionEmitter(row, context);
        var items = exprs.Select(e => emitter.EmitBoxed(e, e.Type));
        return Expression.Lambda<Func<object?[], object?[]>>(Expression.NewArrayInit(typeof(object), items), row).Compile();
    }

    /// <summary>Canonical names of every built-in function and operator the runtime implements.</summary>
    public static IReadOnlyCollection<string> SupportedFunctions => FunctionRegistry.Names;
}
