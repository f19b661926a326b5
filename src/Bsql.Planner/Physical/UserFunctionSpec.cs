namespace Bsql.Planner.Physical;

/// <summary>A user-defined scalar function the job calls: the runtime loads it and binds each call to an <c>Eval</c> method.</summary>
/// <param name="Name">The function name, upper case (as calls name it).</param>
/// <param name="ClassName">The implementing .NET type's full name.</param>
/// <param name="AssemblyPath">The absolute path of its assembly, or null for a type among the loaded assemblies.</param>
public sealed record UserFunctionSpec(string Name, string ClassName, string? AssemblyPath);
