using System.Globalization;
using System.Text.Json;

namespace Bsql.Cli.Tests;

/// <summary>
/// <c>bsql run samples/order-items/job.sql</c> (UNNEST + an OVER window), compared with the same computation over
/// orders.jsonl written in the test: one row per order line, with the customer's spend and line count over the hour
/// up to the order's time (orders of the same time included).
/// </summary>
public class OrderItemsSampleTests
{
    private static readonly string Sample = Path.Combine(BsqlProcess.RepoRoot, "samples", "order-items");

    private sealed record Line(string User, long Order, string Sku, double Amount, DateTime Ts);

    [Fact]
    public void Run_PrintsEachLineWithItsCustomersLastHour()
    {
        var (exitCode, stdout, stderr) = BsqlProcess.Run(BsqlProcess.RepoRoot, "run", "samples/order-items/job.sql", "--no-progress");
        Assert.True(exitCode == 0, stderr);

        var lines = new List<Line>();
        foreach (var json in File.ReadLines(Path.Combine(Sample, "orders.jsonl")))
        {
            using var doc = JsonDocument.Parse(json);
            var order = doc.RootElement;
            var ts = DateTime.ParseExact(order.GetProperty("ts").GetString()!, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            foreach (var item in order.GetProperty("items").EnumerateArray())
            {
                lines.Add(new Line(order.GetProperty("user_id").GetString()!, order.GetProperty("order_id").GetInt64(), item.GetProperty("sku").GetString()!,
                    item.GetProperty("qty").GetInt32() * item.GetProperty("price").GetDouble(), ts));
            }
        }
        var expected = lines.ToDictionary(l => (l.User, l.Order, l.Sku), l =>
        {
            var frame = lines.Where(o => o.User == l.User && o.Ts <= l.Ts && o.Ts >= l.Ts.AddHours(-1)).ToList();
            return (l.Amount, Spend: frame.Sum(o => o.Amount), Count: (long)frame.Count);
        });

        var printed = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(row => row[3..^1].Split(", ")).ToList();
        Assert.Equal(expected.Count, printed.Count);
        foreach (var row in printed)
        {
            var (amount, spend, count) = expected[(row[0], long.Parse(row[1], CultureInfo.InvariantCulture), row[2])];
            Assert.Equal(amount, double.Parse(row[3], CultureInfo.InvariantCulture), 1e-9);
            Assert.Equal(spend, double.Parse(row[4], CultureInfo.InvariantCulture), 1e-9);
            Assert.Equal(count, long.Parse(row[5], CultureInfo.InvariantCulture));
        }
    }
}
