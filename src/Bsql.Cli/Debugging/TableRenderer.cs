using System.Globalization;
using System.Text;
using System.Text.Json;
using Bsql.Runtime;
using Bsql.Runtime.Formats;

namespace Bsql.Cli.Debugging;

/// <summary>Renders collected sink rows as a text table (one per sink) or as JSON lines.</summary>
public static class TableRenderer
{
    // Readable output: '+' and non-ASCII text as they are (the output is for a terminal, not HTML).
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// A boxed text table: a header of column names, then one line per row (at most
    /// <paramref name="limit"/>), the change kind first when the sink received updates.
    /// </summary>
    public static string RenderText(CollectedTable table, int limit)
    {
        var rows = table.Rows;
        var showKind = rows.Any(r => r.Kind != RowKind.Insert);
        var headers = new List<string>();
        if (showKind) headers.Add("op");
        headers.AddRange(table.Schema.Fields.Select(f => f.Name));
        var cells = rows.Take(limit).Select(r =>
        {
            var line = new List<string>();
            if (showKind) line.Add(KindText(r.Kind));
            line.AddRange(r.Row.Select(CellText));
            return line;
        }).ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(c => c[i].Length))).ToArray();
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{table.Name} ({rows.Count} row{(rows.Count == 1 ? "" : "s")})\n");
        var rule = "+" + string.Join("+", widths.Select(w => new string('-', w + 2))) + "+\n";
        text.Append(rule);
        AppendLine(text, headers, widths);
        text.Append(rule);
        foreach (var line in cells) AppendLine(text, line, widths);
        text.Append(rule);
        if (rows.Count > limit) text.Append(CultureInfo.InvariantCulture, $"... {rows.Count - limit} more row(s) not shown (--limit {limit})\n");
        return text.ToString();
    }

    /// <summary>One JSON object per row: <c>{"table": "...", "op": "+I", "row": {"col": value, ...}}</c>.</summary>
    public static string RenderJson(CollectedTable table, int limit)
    {
        var text = new StringBuilder();
        foreach (var (kind, row) in table.Rows.Take(limit))
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, WriterOptions))
            {
                writer.WriteStartObject();
                writer.WriteString("table", table.Name);
                writer.WriteString("op", KindText(kind));
                writer.WriteStartObject("row");
                for (var c = 0; c < row.Length; c++)
                {
                    writer.WritePropertyName(table.Schema[c].Name);
                    WriteValue(writer, row[c]);
                }
                writer.WriteEndObject();
                writer.WriteEndObject();
            }
            text.Append(Encoding.UTF8.GetString(stream.ToArray())).Append('\n');
        }
        return text.ToString();
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case sbyte or short or int or long: writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture)); break;
            case float f: writer.WriteNumberValue(f); break;
            case double d when double.IsFinite(d): writer.WriteNumberValue(d); break;
            case decimal m: writer.WriteNumberValue(m); break;
            default: writer.WriteStringValue(CellText(value)); break;
        }
    }

    private static void AppendLine(StringBuilder text, IReadOnlyList<string> cells, int[] widths)
    {
        text.Append('|');
        for (var i = 0; i < cells.Count; i++) text.Append(' ').Append(cells[i].PadRight(widths[i])).Append(" |");
        text.Append('\n');
    }

    private static string CellText(object? value)
    {
        var text = new StringBuilder();
        ValueText.Append(text, value);
        return text.ToString();
    }

    private static string KindText(RowKind kind) => kind switch
    {
        RowKind.Insert => "+I",
        RowKind.UpdateBefore => "-U",
        RowKind.UpdateAfter => "+U",
        _ => "-D",
    };
}
