using System.Linq.Expressions;
using Bsql.Planner.Expressions;

namespace Bsql.Runtime.Expressions;

internal sealed partial class ExpressionEmitter
{
    /// <summary>
    /// A call of a NULL-propagating function implemented by an overload of <paramref name="type"/>.<paramref name="method"/>:
    /// NULL when any argument is NULL.
    /// </summary>
    public Expression EmitStrictCall(Call call, Type type, string method) => EmitStrictCall(EmitArgs(call), type, method);

    /// <summary>A NULL-propagating call over already emitted arguments.</summary>
    public Expression EmitStrictCall(Expression[] args, Type type, string method)
    {
        var argTypes = args.Select(a => ClrTypes.Underlying(a.Type)).ToArray();
        var m = Overloads.Resolve(type, method, argTypes);
        return Lift.Strict(args, v => Overloads.Call(m, v, ContextConstant));
    }

    /// <summary>A call that receives the arguments as they are (nullable), for functions with their own NULL rules.</summary>
    public Expression EmitNullableCall(Call call, Type type, string method)
    {
        var args = EmitArgs(call);
        var argTypes = args.Select(a => a.Type).ToArray();
        var m = Overloads.Resolve(type, method, argTypes);
        return Overloads.Call(m, args, ContextConstant);
    }
}
