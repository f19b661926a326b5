using Bsql.Planner.Types;

namespace Bsql.Runtime.Expressions;

/// <summary>Supplies the implementation of a user-defined function for one call site (one instance per compiled expression).</summary>
public interface IUserFunctionProvider
{
    /// <summary>
    /// A delegate running function <paramref name="name"/> on boxed arguments of <paramref name="argumentTypes"/>, or null
    /// when the job declares no such function.
    /// </summary>
    Func<object?[], object?>? Create(string name, IReadOnlyList<SqlType> argumentTypes);
}
