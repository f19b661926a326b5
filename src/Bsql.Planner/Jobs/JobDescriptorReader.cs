using System.Globalization;
using System.Text;
using System.Text.Json;
using Bsql.Parser.Diagnostics;
using Bsql.Planner.Catalog.Connectors;
using Codes = Bsql.Planner.PlannerDiagnosticCodes;

namespace Bsql.Planner.Jobs;

/// <summary>
/// Reads a JSON job descriptor (the form a platform submits; schema in <see cref="JobDescriptorSchema"/>) and turns it
/// into the equivalent SQL script, so a descriptor compiles exactly as that script does.
/// </summary>
public static class JobDescriptorReader
{
    /// <summary>Reads descriptor <paramref name="json"/>.</summary>
    public static JobDescriptor Read(string json, string? fileName)
    {
        var source = new SourceText(json, fileName ?? "job.json");
        var diagnostics = new List<Diagnostic>();
        void Report(string path, string message, string? help = null) =>
            diagnostics.Add(Diagnostic.Error(Codes.InvalidDescriptor, default, $"{path}: {message}", help, source));
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            var line = (int)(e.LineNumber ?? 0) + 1;
            var offset = source.GetLineStartOffset(line) + (int)(e.BytePositionInLine ?? 0);
            diagnostics.Add(Diagnostic.Error(Codes.InvalidDescriptor, new SourceSpan(offset, 1), $"invalid JSON: {e.Message.Split(" Path:")[0]}", null, source));
            return new JobDescriptor(null, null, [.. diagnostics]);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                Report("$", "expected a JSON object");
                return new JobDescriptor(null, null, [.. diagnostics]);
            }
            var sql = new StringBuilder();
            string? name = null;
            foreach (var property in root.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "name":
                        name = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                        if (name is null) Report("$.name", "expected a string");
                        break;
                    case "config":
                        if (!Object(property.Value, "$.config", Report)) break;
                        foreach (var option in property.Value.EnumerateObject())
                        {
                            sql.Append("SET ").Append(Quote(option.Name)).Append(" = ").Append(Quote(Text(option.Value))).Append(";\n");
                        }
                        break;
                    case "tables":
                        if (!Array(property.Value, "$.tables", Report)) break;
                        var t = 0;
                        foreach (var table in property.Value.EnumerateArray()) WriteTable(table, $"$.tables[{t++}]", sql, Report);
                        break;
                    case "views":
                        if (!Array(property.Value, "$.views", Report)) break;
                        var v = 0;
                        foreach (var view in property.Value.EnumerateArray())
                        {
                            var path = $"$.views[{v++}]";
                            if (!Object(view, path, Report)) continue;
                            var viewName = String(view, "name", path, Report);
                            var query = String(view, "query", path, Report);
                            if (viewName is not null && query is not null) sql.Append("CREATE VIEW ").Append(Ident(viewName)).Append(" AS\n").Append(query.TrimEnd().TrimEnd(';')).Append(";\n");
                        }
                        break;
                    case "functions":
                        if (!Array(property.Value, "$.functions", Report)) break;
                        var f = 0;
                        foreach (var function in property.Value.EnumerateArray())
                        {
                            var path = $"$.functions[{f++}]";
                            if (!Object(function, path, Report)) continue;
                            var functionName = String(function, "name", path, Report);
                            var className = String(function, "class", path, Report);
                            if (functionName is null || className is null) continue;
                            sql.Append("CREATE FUNCTION ").Append(Ident(functionName)).Append(" AS ").Append(Quote(className));
                            if (function.TryGetProperty("assembly", out var assembly) && assembly.ValueKind == JsonValueKind.String)
                            {
                                sql.Append(" USING ASSEMBLY ").Append(Quote(assembly.GetString()!));
                            }
                            sql.Append(";\n");
                        }
                        break;
                    case "statements":
                        if (!Array(property.Value, "$.statements", Report)) break;
                        var s = 0;
                        foreach (var statement in property.Value.EnumerateArray())
                        {
                            if (statement.ValueKind != JsonValueKind.String) { Report($"$.statements[{s}]", "expected a SQL statement string"); s++; continue; }
                            sql.Append(statement.GetString()!.TrimEnd().TrimEnd(';')).Append(";\n");
                            s++;
                        }
                        break;
                    case "$schema":
                    case "description":
                        break;
                    default:
                        Report("$." + property.Name, $"unknown descriptor key '{property.Name}'", "expected name, config, tables, views, functions or statements");
                        break;
                }
            }
            if (!root.TryGetProperty("statements", out _)) Report("$", "missing 'statements'", "add \"statements\": [\"INSERT INTO ... SELECT ...\"]");
            return new JobDescriptor(name, diagnostics.Count == 0 ? sql.ToString() : null, [.. diagnostics]);
        }
    }

    private static void WriteTable(JsonElement table, string path, StringBuilder sql, Action<string, string, string?> report)
    {
        if (!Object(table, path, report)) return;
        var name = String(table, "name", path, report);
        if (name is null) return;
        var parts = new List<string>();
        if (!table.TryGetProperty("schema", out var schema) || schema.ValueKind != JsonValueKind.Array)
        {
            report(path, "missing 'schema' (a list of columns)", null);
            return;
        }
        var c = 0;
        foreach (var column in schema.EnumerateArray())
        {
            var columnPath = $"{path}.schema[{c++}]";
            if (!Object(column, columnPath, report)) continue;
            var columnName = String(column, "name", columnPath, report);
            if (columnName is null) continue;
            var hasType = column.TryGetProperty("type", out var type);
            var hasExpr = column.TryGetProperty("expr", out var expr);
            if (hasType == hasExpr)
            {
                report(columnPath, "expected exactly one of 'type' or 'expr'", null);
                continue;
            }
            var text = Ident(columnName) + (hasType ? " " + Text(type) : " AS " + Text(expr));
            if (column.TryGetProperty("comment", out var comment)) text += " COMMENT " + Quote(Text(comment));
            parts.Add(text);
        }
        if (table.TryGetProperty("watermark", out var watermark))
        {
            var column = String(watermark, "column", path + ".watermark", report);
            if (column is not null)
            {
                if (watermark.TryGetProperty("expression", out var expression))
                {
                    parts.Add($"WATERMARK FOR {Ident(column)} AS {Text(expression)}");
                }
                else
                {
                    var delay = watermark.TryGetProperty("delay", out var d) ? Text(d) : "0s";
                    if (!OptionValues.TryParseDuration(delay, out var ms))
                    {
                        report(path + ".watermark.delay", $"expected a duration such as '5s', found '{delay}'", null);
                    }
                    parts.Add(ms == 0 ? $"WATERMARK FOR {Ident(column)} AS {Ident(column)}"
                        : ms % 1000 == 0 ? $"WATERMARK FOR {Ident(column)} AS {Ident(column)} - INTERVAL '{(ms / 1000).ToString(CultureInfo.InvariantCulture)}' SECOND"
                        : $"WATERMARK FOR {Ident(column)} AS {Ident(column)} - INTERVAL '{(ms / 1000m).ToString(CultureInfo.InvariantCulture)}' SECOND");
                }
            }
        }
        if (table.TryGetProperty("primaryKey", out var pk) && pk.ValueKind == JsonValueKind.Array)
        {
            parts.Add("PRIMARY KEY (" + string.Join(", ", pk.EnumerateArray().Select(k => Ident(Text(k)))) + ") NOT ENFORCED");
        }
        sql.Append("CREATE TABLE ").Append(Ident(name)).Append(" (\n  ").Append(string.Join(",\n  ", parts)).Append("\n)");
        if (table.TryGetProperty("comment", out var tableComment)) sql.Append(" COMMENT ").Append(Quote(Text(tableComment)));
        if (table.TryGetProperty("with", out var with) && Object(with, path + ".with", report))
        {
            sql.Append(" WITH (\n  ").Append(string.Join(",\n  ", with.EnumerateObject().Select(o => Quote(o.Name) + " = " + Quote(Text(o.Value))))).Append("\n)");
        }
        sql.Append(";\n");
    }

    private static bool Object(JsonElement e, string path, Action<string, string, string?> report)
    {
        if (e.ValueKind == JsonValueKind.Object) return true;
        report(path, "expected an object", null);
        return false;
    }

    private static bool Array(JsonElement e, string path, Action<string, string, string?> report)
    {
        if (e.ValueKind == JsonValueKind.Array) return true;
        report(path, "expected an array", null);
        return false;
    }

    private static string? String(JsonElement e, string key, string path, Action<string, string, string?> report)
    {
        if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String) return v.GetString();
        report(path, $"missing string '{key}'", null);
        return null;
    }

    private static string Text(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => e.GetRawText(),
    };

    private static string Quote(string s) => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string Ident(string s) => string.Join('.', s.Split('.').Select(p => "`" + p.Replace("`", "``", StringComparison.Ordinal) + "`"));
}
