using Bsql.Planner.Expressions;
using Bsql.Runtime.Execution;

namespace Bsql.Runtime.Tests.Support;

/// <summary>
/// A tiny interpreter for the few expression shapes the runtime tests use (input refs, literals,
/// comparisons, AND/OR/NOT, + - * on BIGINT, IS NULL), so operator tests do not depend on the real
/// expression compiler.
/// </summary>
internal sealed class TestExpressions : IExpressionCompiler
{
    public static TestExpressions Instance { get; } = new();

    public Func<object?[], object?> Compile(BoundExpr expression) => row => Eval(expression, row);

    public Func<object?[], bool> CompilePredicate(BoundExpr predicate) => row => Eval(predicate, row) is true;

    private static object? Eval(BoundExpr e, object?[] row)
    {
        switch (e)
        {
            case InputRef r: return row[r.Index];
            case Literal l: return l.Value;
            case Call c:
                var args = c.Args.Select(a => Eval(a, row)).ToArray();
                switch (c.Function)
                {
                    case "AND": return args.Any(a => a is false) ? false : args.Any(a => a is null) ? null : true;
                    case "OR": return args.Any(a => a is true) ? true : args.Any(a => a is null) ? null : false;
                    case "NOT": return args[0] is bool b ? !b : null;
                    case "IS NULL": return args[0] is null;
                    case "IS NOT NULL": return args[0] is not null;
                }
                if (args.Any(a => a is null)) return null;
                switch (c.Function)
                {
                    case "=": return Compare(args[0]!, args[1]!) == 0;
                    case "<>": return Compare(args[0]!, args[1]!) != 0;
                    case "<": return Compare(args[0]!, args[1]!) < 0;
                    case "<=": return Compare(args[0]!, args[1]!) <= 0;
                    case ">": return Compare(args[0]!, args[1]!) > 0;
                    case ">=": return Compare(args[0]!, args[1]!) >= 0;
                    case "+": return args[0] is DateTime dt ? dt.AddMilliseconds((long)args[1]!) : (object)(Convert.ToInt64(args[0]) + Convert.ToInt64(args[1]));
                    case "-": return args[0] is DateTime dt2 ? dt2.AddMilliseconds(-(long)args[1]!) : (object)(Convert.ToInt64(args[0]) - Convert.ToInt64(args[1]));
                    case "*": return Convert.ToInt64(args[0]) * Convert.ToInt64(args[1]);
                    case "%": return Convert.ToInt64(args[0]) % Convert.ToInt64(args[1]);
                    case "UPPER": return ((string)args[0]!).ToUpperInvariant();
                }
                throw new NotSupportedException(c.Function);
            default: throw new NotSupportedException(e.GetType().Name);
        }
    }

    private static int Compare(object a, object b) => (a, b) switch
    {
        (string x, string y) => string.CompareOrdinal(x, y),
        (DateTime x, DateTime y) => x.CompareTo(y),
        (double or float, _) or (_, double or float) => Convert.ToDouble(a).CompareTo(Convert.ToDouble(b)),
        _ => Convert.ToInt64(a).CompareTo(Convert.ToInt64(b)),
    };
}
