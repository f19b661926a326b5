using System.CommandLine;
using Bsql.Planner.Jobs;

namespace Bsql.Cli.Commands;

/// <summary><c>bsql schema</c>: prints the JSON Schema of job descriptors.</summary>
public static class SchemaCommand
{
    /// <summary>Creates the <c>schema</c> command.</summary>
    public static Command Create()
    {
        var command = new Command("schema", "Print the JSON Schema of job descriptors");
        command.SetAction(_ => Run(Console.Out));
        return command;
    }

    /// <summary>Prints the schema; returns 0.</summary>
    public static int Run(TextWriter stdout)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        stdout.WriteLine(JobDescriptorSchema.Text);
        return 0;
    }
}
