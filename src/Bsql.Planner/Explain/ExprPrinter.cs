using System.Globalization;
using System.Text;
using Bsql.Planner.Expressions;
using Bsql.Planner.Types;

namespace Bsql.Planner.Explain;

/// <summary>
/// Renders bound expressions for EXPLAIN, naming input columns by the input schema:
/// <c>(price &gt; 10)</c>, <c>UPPER(name)</c>, <c>CAST(a AS BIGINT)</c>, <c>(ts - INTERVAL '5' SECOND)</c>.
/// </summary>
public static class ExprPrinter
{
    private static readonly HashSet<string> Infix = ["+", "-", "*", "/", "%", "=", "<>", "<", "<=", ">", ">=", "AND", "OR", "||", "LIKE", "IS DISTINCT FROM", "IS NOT DISTINCT FROM", "SIMILAR TO"];
    private static readonly HashSet<string> Postfix = ["IS NULL", "IS NOT NULL", "IS TRUE", "IS FALSE", "IS NOT TRUE", "IS NOT FALSE"];

    /// <summary>The expression as text, with column names from <paramref name="input"/>.</summary>
    public static string Print(BoundExpr expr, RowSchema input)
    {
        var text = new StringBuilder();
        Append(text, expr, input);
        return text.ToString();
    }

    /// <summary>A literal value as SQL text.</summary>
    public static string PrintLiteral(object? value, SqlType type)
    {
        if (value is null) return "NULL";
        return type.Kind switch
        {
            SqlTypeKind.Char or SqlTypeKind.VarChar => "'" + ((string)value).Replace("'", "''", StringComparison.Ordinal) + "'",
            SqlTypeKind.Boolean => (bool)value ? "TRUE" : "FALSE",
            SqlTypeKind.Date => "DATE '" + ((DateOnly)value).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "'",
            SqlTypeKind.Time => "TIME '" + ((TimeOnly)value).ToString("HH:mm:ss.FFF", CultureInfo.InvariantCulture).TrimEnd('.') + "'",
            SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz => "TIMESTAMP '" + ((DateTime)value).ToString("yyyy-MM-dd HH:mm:ss.FFF", CultureInfo.InvariantCulture).TrimEnd('.') + "'",
            SqlTypeKind.IntervalDayTime => Duration((long)value),
            SqlTypeKind.IntervalYearMonth => "INTERVAL '" + ((int)value).ToString(CultureInfo.InvariantCulture) + "' MONTH",
            SqlTypeKind.Bytes => "X'" + Convert.ToHexString((byte[])value) + "'",
            SqlTypeKind.Array => "ARRAY[" + string.Join(", ", ((object?[])value).Select(v => PrintLiteral(v, type.Element!))) + "]",
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "NULL",
        };
    }

    /// <summary>A millisecond duration as an interval literal, in the largest exact unit.</summary>
    public static string Duration(long ms)
    {
        var sign = ms < 0 ? "-" : "";
        var abs = Math.Abs(ms);
        (long, string)[] units = [(86_400_000, "DAY"), (3_600_000, "HOUR"), (60_000, "MINUTE"), (1_000, "SECOND")];
        foreach (var (size, name) in units)
        {
            if (abs != 0 && abs % size == 0) return $"INTERVAL {sign}'{abs / size}' {name}";
        }
        // Sub-second durations as fractional seconds, the form BSQL's INTERVAL literals accept.
        return abs == 0 ? "INTERVAL '0' SECOND" : $"INTERVAL {sign}'{(abs / 1000m).ToString(CultureInfo.InvariantCulture)}' SECOND";
    }

    private static void Append(StringBuilder text, BoundExpr expr, RowSchema input)
    {
        switch (expr)
        {
            case InputRef r:
                text.Append(r.Index < input.Count ? Quote(input[r.Index].Name) : "$" + r.Index.ToString(CultureInfo.InvariantCulture));
                break;
            case Literal l:
                text.Append(PrintLiteral(l.Value, l.Type));
                break;
            case CastExpr c:
                text.Append(c.Try ? "TRY_CAST(" : "CAST(");
                Append(text, c.Operand, input);
                text.Append(" AS ").Append(c.Type.WithNullable(true)).Append(')');
                break;
            case FieldAccess f:
                Append(text, f.Row, input);
                var fields = f.Row.Type.Fields;
                text.Append('.').Append(f.FieldIndex < fields.Length ? Quote(fields[f.FieldIndex].Name) : "$" + f.FieldIndex.ToString(CultureInfo.InvariantCulture));
                break;
            case CaseExpr k:
                text.Append("CASE");
                foreach (var arm in k.Arms)
                {
                    text.Append(" WHEN ");
                    Append(text, arm.When, input);
                    text.Append(" THEN ");
                    Append(text, arm.Then, input);
                }
                if (k.Else is not null)
                {
                    text.Append(" ELSE ");
                    Append(text, k.Else, input);
                }
                text.Append(" END");
                break;
            case Call c when Infix.Contains(c.Function) && c.Args.Length == 2:
                text.Append('(');
                Append(text, c.Args[0], input);
                text.Append(' ').Append(c.Function).Append(' ');
                Append(text, c.Args[1], input);
                text.Append(')');
                break;
            case Call c when Postfix.Contains(c.Function) && c.Args.Length == 1:
                text.Append('(');
                Append(text, c.Args[0], input);
                text.Append(' ').Append(c.Function).Append(')');
                break;
            case Call c when c.Function == "IN":
                text.Append('(');
                Append(text, c.Args[0], input);
                text.Append(" IN (");
                for (var i = 1; i < c.Args.Length; i++)
                {
                    if (i > 1) text.Append(", ");
                    Append(text, c.Args[i], input);
                }
                text.Append("))");
                break;
            case Call c when c.Function == "NEGATE":
                text.Append("-(");
                Append(text, c.Args[0], input);
                text.Append(')');
                break;
            case Call c:
                text.Append(c.Function).Append('(');
                for (var i = 0; i < c.Args.Length; i++)
                {
                    if (i > 0) text.Append(", ");
                    Append(text, c.Args[i], input);
                }
                text.Append(')');
                break;
            default:
                text.Append(expr.GetType().Name);
                break;
        }
    }

    private static string Quote(string name) =>
        name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '$') ? name : "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";
}
