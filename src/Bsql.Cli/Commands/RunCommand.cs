using System.CommandLine;
using System.Diagnostics;
using Bsql.Cli.Jobs;
using Bsql.Cli.Progress;
using Bsql.Runtime.Execution;
using Bsql.Runtime.Metrics;

namespace Bsql.Cli.Commands;

/// <summary>
/// <c>bsql run JOB [--job-id ID] [--fresh] [--catalog F]...</c>: compiles a job (SQL, JSON descriptor,
/// or a compiled plan.json) and runs it until its bounded sources end or it is stopped (Ctrl-C,
/// SIGTERM). Sinks of type <c>print</c> write to standard output; progress goes to standard error.
/// </summary>
public static class RunCommand
{
    /// <summary>Creates the <c>run</c> command.</summary>
    public static Command Create()
    {
        var job = new Argument<string>("job") { Description = "The job: a .sql script, a JSON job descriptor, or a compiled plan.json" };
        var jobId = new Option<string?>("--job-id") { Description = "Job id: names checkpoints and consumer groups; workers with the same id form one job (default: the job's name)" };
        var fresh = new Option<bool>("--fresh") { Description = "Ignore existing checkpoints and start afresh" };
        var catalogs = CommonOptions.Catalogs();
        var progress = new Option<bool>("--no-progress") { Description = "Do not report progress on standard error" };
        var command = new Command("run", "Compile and run a job") { job, jobId, fresh, catalogs, progress };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult.GetValue(job)!,
            parseResult.GetValue(jobId),
            parseResult.GetValue(fresh),
            parseResult.GetValue(catalogs) ?? [],
            !parseResult.GetValue(progress),
            cancellationToken));
        return command;
    }

    /// <summary>Runs the job in <paramref name="path"/>; returns the exit code.</summary>
    public static async Task<int> RunAsync(string path, string? jobId, bool fresh, IReadOnlyList<string> catalogFiles, bool showProgress, CancellationToken cancellationToken)
    {
        var loaded = JobLoader.Load(path, catalogFiles, Console.Error);
        if (loaded is null) return ExitCodes.JobErrors;
        var metrics = new JobMetrics();
        var options = new JobRunOptions
        {
            JobId = jobId,
            Fresh = fresh,
            Metrics = metrics,
            Output = Console.Out,
            Log = Console.Error,
        };
        var stopwatch = Stopwatch.StartNew();
        ProgressReporter? reporter = showProgress
            ? new ProgressReporter(metrics, Console.Error, live: !Console.IsErrorRedirected, TimeProvider.System)
            : null;
        try
        {
            var result = await JobRunner.RunAsync(loaded.Plan, options, cancellationToken).ConfigureAwait(false);
            if (reporter is not null) await reporter.DisposeAsync().ConfigureAwait(false);
            reporter = null;
            await Console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (showProgress) await Console.Error.WriteAsync(JobSummary.Render(result.JobId, result.Metrics, stopwatch.Elapsed)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        catch (BsqlRuntimeException e)
        {
            await Console.Error.WriteLineAsync($"{path}: error {e.Code}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.RuntimeFailure;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("bsql: job stopped").ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }
        finally
        {
            if (reporter is not null) await reporter.DisposeAsync().ConfigureAwait(false);
        }
    }
}
