using Bsql.Runtime.Operators;
using Bsql.Runtime.Time;

namespace Bsql.Runtime.Execution;

/// <summary>Calls into one operator subtask: counts rows in, fires timers before watermarks, flushes collected rows after each call.</summary>
internal sealed class OperatorDriver
{
    public OperatorDriver(StreamOperator op, OperatorContext context, TimerService timers, int inputCount)
    {
        Operator = op;
        Context = context;
        Timers = timers;
        InputCount = inputCount;
    }

    public StreamOperator Operator { get; }

    public OperatorContext Context { get; }

    public TimerService Timers { get; }

    public int InputCount { get; }

    public void ProcessBatch(int input, RowBatch batch)
    {
        Context.Metrics.AddIn(batch.Count);
        Operator.ProcessBatch(input, batch);
        Operator.FlushCollected();
    }

    public void AdvanceWatermark(long watermark)
    {
        if (watermark <= Timers.CurrentWatermark) return;
        Timers.SetWatermark(watermark);
        Context.Metrics.SetWatermark(watermark);
        while (Timers.TryPopEventTimer(watermark, out var time, out var key)) Operator.OnTimer(time, key, processingTime: false);
        Operator.ProcessWatermark(watermark);
        Operator.FlushCollected();
    }

    public void FireProcessingTimers(long now)
    {
        var fired = false;
        while (Timers.TryPopProcessingTimer(now, out var time, out var key))
        {
            Operator.OnTimer(time, key, processingTime: true);
            fired = true;
        }
        if (fired) Operator.FlushCollected();
    }

    public void ContinueWork()
    {
        Operator.ContinueWork();
        Operator.FlushCollected();
    }

    public void EndOfInput(int input)
    {
        Operator.EndOfInput(input);
        Operator.FlushCollected();
    }
}
