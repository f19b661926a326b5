using System.CommandLine;

namespace Bsql.Cli.Commands;

/// <summary>Options shared by several commands.</summary>
public static class CommonOptions
{
    /// <summary><c>--catalog FILE</c>, repeatable: YAML catalogs of tables the job uses without DDL.</summary>
    public static Option<string[]> Catalogs() => new("--catalog")
    {
        Description = "A YAML catalog file (repeatable)",
        AllowMultipleArgumentsPerToken = false,
        Arity = ArgumentArity.ZeroOrMore,
    };
}
