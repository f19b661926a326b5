using System.Collections.Immutable;
using System.Diagnostics;
using Bsql.Planner.Expressions;
using Bsql.Planner.Types;
using Bsql.Runtime.Expressions;

// Micro-benchmark: rows/s of compiled expressions vs a tree-walking interpreter over the same rows.
// Usage: dotnet run -c Release --project bench/Bsql.Bench.Expressions [rows]
var totalRows = args.Length > 0 ? long.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 10_000_000L;
const int Distinct = 100_000;

// Nexmark-like bids: auction BIGINT, bidder BIGINT, price BIGINT, channel STRING, dateTime TIMESTAMP(3).
var big = SqlType.BigInt;
var rng = new Random(1);
var channels = new[] { "apple", "google", "facebook", "baidu", "apple-store" };
var rows = new object?[Distinct][];
for (var i = 0; i < Distinct; i++)
{
    rows[i] = [(long)rng.Next(1000, 100_000), (long)rng.Next(1, 50_000), (long)rng.Next(1, 10_000_000), channels[rng.Next(channels.Length)], new DateTime(2024, 1, 1).AddMilliseconds(i)];
}

BoundExpr Col(int i, SqlType t) => new InputRef(i, t);
Call Fn(string name, SqlType type, params BoundExpr[] a) => new(name, a.ToImmutableArray(), type);

var auction = Col(0, big);
var bidder = Col(1, big);
var price = Col(2, big);
var channel = Col(3, SqlType.String);
var dateTime = Col(4, SqlType.Timestamp(3));

var workloads = new (string Name, BoundExpr? Filter, BoundExpr[] Projection)[]
{
    ("project price * 0.908 (DOUBLE)", null,
        [auction, bidder, Fn("*", SqlType.Double, new CastExpr(price, SqlType.Double, false), new Literal(0.908, SqlType.Double)), dateTime]),
    ("project price * 0.908 (DECIMAL(23,3))", null,
        [auction, bidder, Fn("*", SqlType.Decimal(23, 3), new Literal(0.908m, SqlType.Decimal(4, 3)), price), dateTime]),
    ("filter MOD(auction, 123) = 0, project 4 cols", Fn("=", SqlType.Boolean, Fn("MOD", big, auction, new Literal(123L, big)), new Literal(0L, big)),
        [auction, bidder, Fn("*", SqlType.Double, new CastExpr(price, SqlType.Double, false), new Literal(0.908, SqlType.Double)), dateTime]),
    ("filter price > 5000000 AND channel LIKE 'apple%'", Fn("AND", SqlType.Boolean, Fn(">", SqlType.Boolean, price, new Literal(5_000_000L, big)), Fn("LIKE", SqlType.Boolean, channel, new Literal("apple%", SqlType.String))),
        [auction, price]),
};

Console.WriteLine($"rows per run: {totalRows:N0} ({Distinct:N0} distinct rows cycled); {Environment.ProcessorCount} cores; .NET {Environment.Version}");
Console.WriteLine("rates are rows per second of process CPU time (the machine may be shared); wall-clock rates in brackets");
Console.WriteLine($"{"workload",-52} {"compiled rows/s",26} {"interpreted rows/s",26} {"speed-up",9}");
var context = new ExpressionContext();
foreach (var (name, filter, projection) in workloads)
{
    var compiledFilter = filter is null ? null : ExpressionCompiler.CompilePredicate(filter, context);
    var compiledProject = ExpressionCompiler.CompileProjection(projection, context);
    Func<object?[], bool>? interpFilter = filter is null ? null : r => Interpreter.Eval(filter, r) is true;
    Func<object?[], object?[]> interpProject = r =>
    {
        var output = new object?[projection.Length];
        for (var i = 0; i < projection.Length; i++) output[i] = Interpreter.Eval(projection[i], r);
        return output;
    };
    Run(compiledFilter, compiledProject, Math.Min(totalRows, 1_000_000)); // warm-up (tiered JIT)
    var compiled = Run(compiledFilter, compiledProject, totalRows);
    Run(interpFilter, interpProject, Math.Min(totalRows, 1_000_000));
    var interpreted = Run(interpFilter, interpProject, totalRows);
    Console.WriteLine($"{name,-52} {compiled.Cpu,12:N0} [{compiled.Wall,11:N0}] {interpreted.Cpu,12:N0} [{interpreted.Wall,11:N0}] {compiled.Cpu / interpreted.Cpu,8:F1}x");
}

(double Cpu, double Wall) Run(Func<object?[], bool>? filter, Func<object?[], object?[]> project, long count)
{
    long emitted = 0;
    var process = Process.GetCurrentProcess();
    var cpuBefore = process.TotalProcessorTime;
    var sw = Stopwatch.StartNew();
    for (long n = 0; n < count; n++)
    {
        var row = rows[n % Distinct];
        if (filter is not null && !filter(row)) continue;
        var output = project(row);
        emitted += output.Length;
    }
    sw.Stop();
    process.Refresh();
    var cpu = process.TotalProcessorTime - cpuBefore;
    if (emitted < 0) Console.WriteLine("unreachable");
    return (count / cpu.TotalSeconds, count / sw.Elapsed.TotalSeconds);
}
