namespace Bsql.Runtime.Execution;

/// <summary>One running subtask: a chain of operators with its input (channel or source) and its outputs.</summary>
internal abstract class Subtask
{
    protected Subtask(string name, OperatorDriver[] chain, EdgeWriter[] tails, Outbox outbox)
    {
        Name = name;
        Chain = chain;
        Tails = tails;
        Outbox = outbox;
    }

    public string Name { get; }

    public OperatorDriver[] Chain { get; }

    public EdgeWriter[] Tails { get; }

    public Outbox Outbox { get; }

    public abstract Task RunAsync(CancellationToken cancellationToken);

    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        foreach (var driver in Chain) await driver.Operator.OpenAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task CloseAsync()
    {
        foreach (var driver in Chain)
        {
            try
            {
                await driver.Operator.CloseAsync(CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // closing must reach every operator; the job's own failure is what gets reported
            catch (Exception)
            {
            }
#pragma warning restore CA1031
        }
    }

    /// <summary>Lets operators do their async work (sinks write), then writes produced elements downstream.</summary>
    protected async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        foreach (var driver in Chain) await driver.Operator.FlushAsync(cancellationToken).ConfigureAwait(false);
        await Outbox.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends the chain from operator <paramref name="from"/> on, finishes operators and sends the end downstream.</summary>
    protected async Task FinishChainAsync(int from, CancellationToken cancellationToken)
    {
        for (var i = from; i < Chain.Length; i++)
        {
            Chain[i].EndOfInput(0);
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        foreach (var driver in Chain)
        {
            await driver.Operator.FinishAsync(cancellationToken).ConfigureAwait(false);
            driver.Operator.FlushCollected();
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        foreach (var tail in Tails) tail.EmitEnd();
        await Outbox.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Fires due processing-time timers of every operator in the chain.</summary>
    protected void FireProcessingTimers(long now)
    {
        foreach (var driver in Chain) driver.FireProcessingTimers(now);
    }

    /// <summary>The earliest pending processing-time timer of the chain.</summary>
    protected long? NextProcessingTimer()
    {
        long? next = null;
        foreach (var driver in Chain)
        {
            var t = driver.Timers.NextProcessingTime;
            if (t is not null && (next is null || t < next)) next = t;
        }
        return next;
    }
}
