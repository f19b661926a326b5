using System.Linq.Expressions;
using Bsql.Planner.Expressions;

namespace Bsql.Runtime.Expressions;

/// <summary>Compiles one call of a built-in function or operator to a typed expression.</summary>
internal delegate Expression FunctionCompiler(ExpressionEmitter emitter, Call call);
