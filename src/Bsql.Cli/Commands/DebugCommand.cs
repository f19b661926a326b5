using System.Collections.Immutable;
using System.CommandLine;
using Bsql.Cli.Debugging;
using Bsql.Cli.Jobs;
using Bsql.Planner.Physical;
using Bsql.Runtime.Connectors;
using Bsql.Runtime.Execution;

namespace Bsql.Cli.Commands;

/// <summary>
/// <c>bsql debug JOB --sample TABLE=FILE ... [--format table|json] [--limit N]</c>: runs a job with the
/// named source tables replaced by bounded sample files (<c>.jsonl</c>/<c>.json</c> or <c>.csv</c>) and
/// every sink replaced by an in-memory collector, then prints each sink's rows. This is how a user
/// tries a job on sampled data before deploying it.
/// </summary>
public static class DebugCommand
{
    /// <summary>Creates the <c>debug</c> command.</summary>
    public static Command Create()
    {
        var job = new Argument<string>("job") { Description = "The job: a .sql script, a JSON job descriptor, or a compiled plan.json" };
        var samples = new Option<string[]>("--sample")
        {
            Description = "TABLE=FILE: read TABLE from FILE (.jsonl, .json or .csv) instead of its connector (repeatable)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var format = new Option<string>("--format") { Description = "table or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var limit = new Option<int>("--limit") { Description = "Rows shown per sink", DefaultValueFactory = _ => 100 };
        var catalogs = CommonOptions.Catalogs();
        var command = new Command("debug", "Run a job on sample files and show what each sink receives") { job, samples, format, limit, catalogs };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult.GetValue(job)!,
            parseResult.GetValue(samples) ?? [],
            parseResult.GetValue(format) ?? "table",
            parseResult.GetValue(limit),
            parseResult.GetValue(catalogs) ?? [],
            Console.Out,
            Console.Error,
            cancellationToken));
        return command;
    }

    /// <summary>Runs the debug session; returns the exit code.</summary>
    public static async Task<int> RunAsync(
        string path, IReadOnlyList<string> samples, string format, int limit, IReadOnlyList<string> catalogFiles,
        TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        if (limit < 0)
        {
            await errors.WriteLineAsync("bsql debug: --limit must be 0 or more").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        var sampleTables = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var sample in samples)
        {
            var eq = sample.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == sample.Length - 1)
            {
                await errors.WriteLineAsync($"bsql debug: --sample expects TABLE=FILE, found '{sample}'").ConfigureAwait(false);
                return ExitCodes.Usage;
            }
            var file = sample[(eq + 1)..];
            if (!File.Exists(file))
            {
                await errors.WriteLineAsync($"bsql debug: sample file '{file}' not found").ConfigureAwait(false);
                return ExitCodes.Usage;
            }
            sampleTables[sample[..eq]] = Path.GetFullPath(file);
        }
        var loaded = JobLoader.Load(path, catalogFiles, errors);
        if (loaded is null) return ExitCodes.JobErrors;
        var sourceTables = loaded.Plan.Operators.Select(o => o.Spec).OfType<SourceSpec>().Select(s => s.Table).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var table in sampleTables.Keys.Where(t => !sourceTables.Contains(t)))
        {
            await errors.WriteLineAsync($"bsql debug: the job reads no table '{table}' (it reads: {string.Join(", ", sourceTables.Order(StringComparer.Ordinal))})").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        var collector = new CollectingSinkFactory();
        var connectors = ConnectorRegistry.CreateDefault().Register(collector);
        var plan = WithCollectingSinks(loaded.Plan);
        try
        {
            await JobRunner.RunAsync(plan, new JobRunOptions { SampleTables = sampleTables, Connectors = connectors, Output = errors }, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (BsqlRuntimeException e)
        {
            await errors.WriteLineAsync($"{path}: error {e.Code}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.RuntimeFailure;
        }
        foreach (var sink in plan.Operators.Select(o => o.Spec).OfType<SinkSpec>().Select(s => s.Table).Distinct(StringComparer.Ordinal))
        {
            var table = collector.Tables.TryGetValue(sink, out var t) ? t : null;
            if (table is null) continue;
            await output.WriteAsync(format == "json" ? TableRenderer.RenderJson(table, limit) : TableRenderer.RenderText(table, limit)).ConfigureAwait(false);
        }
        return ExitCodes.Ok;
    }

    private static PhysicalPlan WithCollectingSinks(PhysicalPlan plan) => plan with
    {
        Operators = plan.Operators.Select(op => op.Spec is SinkSpec sink
            ? op with { Spec = sink with { Connector = new ConnectorSpec(CollectingSinkFactory.Name, ImmutableSortedDictionary<string, string>.Empty) } }
            : op).ToImmutableArray(),
    };
}
