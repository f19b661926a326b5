using System.Collections.Immutable;
using Bsql.Parser;
using Bsql.Parser.Diagnostics;
using Bsql.Planner.Binding;
using Bsql.Planner.Catalog.Connectors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using Codes = Bsql.Planner.PlannerDiagnosticCodes;
using S = Bsql.Parser.Syntax;

namespace Bsql.Planner.Catalog;

/// <summary>
/// Loads tables from a YAML catalog file so that jobs can use them without DDL:
/// <code>
/// databases:
///   - name: ods
///     tables:
///       - name: feed                       # used as ods.feed
///         comment: impressions
///         columns:
///           - { name: req_id, type: STRING }
///           - { name: ts, type: TIMESTAMP(3) }
///           - { name: proc, expr: PROCTIME() }
///         watermark: { column: ts, delay: 5s }   # or { column: ts, expression: "ts - INTERVAL '5' SECOND" }
///         primary-key: [req_id]
///         with: { connector: kafka, topic: feed, properties.bootstrap.servers: "localhost:9092", format: json }
/// tables: []                                   # tables without a database
/// </code>
/// Types and expressions are BSQL text; every diagnostic points into the YAML file (line and column).
/// </summary>
public static class YamlCatalogLoader
{
    /// <summary>Loads <paramref name="path"/> into <paramref name="catalog"/>; returns the problems found.</summary>
    public static IReadOnlyList<Diagnostic> LoadFile(string path, SqlCatalog catalog)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [Diagnostic.Error(Codes.InvalidCatalog, default, $"cannot read catalog file '{path}': {e.Message}")];
        }
        return Load(text, path, catalog);
    }

    /// <summary>Loads catalog YAML <paramref name="text"/> (named <paramref name="fileName"/>) into <paramref name="catalog"/>.</summary>
    public static IReadOnlyList<Diagnostic> Load(string text, string fileName, SqlCatalog catalog)
    {
        var source = new SourceText(text, fileName);
        var loader = new Loader(source, catalog);
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0) return loader.Diagnostics;
            if (stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                loader.Report(stream.Documents[0].RootNode, "expected a mapping with 'databases' and/or 'tables' at the top of the catalog");
                return loader.Diagnostics;
            }
            loader.LoadRoot(root);
        }
        catch (YamlException e)
        {
            loader.Diagnostics.Add(Diagnostic.Error(Codes.InvalidCatalog, new SourceSpan((int)e.Start.Index, Math.Max(1, (int)(e.End.Index - e.Start.Index))),
                $"invalid YAML: {e.InnerException?.Message ?? e.Message}", null, source));
        }
        return loader.Diagnostics;
    }

    private sealed class Loader(SourceText source, SqlCatalog catalog)
    {
        public List<Diagnostic> Diagnostics { get; } = [];

        public void Report(YamlNode node, string message, string? help = null) =>
            Diagnostics.Add(Diagnostic.Error(Codes.InvalidCatalog, Span(node), message, help, source));

        private static SourceSpan Span(YamlNode node) =>
            new((int)node.Start.Index, Math.Max(1, (int)(node.End.Index - node.Start.Index)));

        private static int ValueOffset(YamlScalarNode node) =>
            (int)node.Start.Index + (node.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted ? 1 : 0);

        public void LoadRoot(YamlMappingNode root)
        {
            foreach (var (keyNode, value) in root.Children)
            {
                var key = (keyNode as YamlScalarNode)?.Value;
                switch (key)
                {
                    case "databases":
                        foreach (var db in Sequence(value, "databases"))
                        {
                            if (db is not YamlMappingNode map) { Report(db, "expected a database: { name: ..., tables: [...] }"); continue; }
                            var name = Scalar(map, "name", required: true);
                            foreach (var (k, v) in map.Children)
                            {
                                var dbKey = (k as YamlScalarNode)?.Value;
                                if (dbKey == "tables") foreach (var t in Sequence(v, "tables")) LoadTable(t, name?.Value);
                                else if (dbKey is not ("name" or "comment")) Report(k, $"unknown database key '{dbKey}'", "expected name, tables or comment");
                            }
                        }
                        break;
                    case "tables":
                        foreach (var t in Sequence(value, "tables")) LoadTable(t, null);
                        break;
                    default:
                        Report(keyNode, $"unknown catalog key '{key}'", "expected 'databases' or 'tables'");
                        break;
                }
            }
        }

        private IEnumerable<YamlNode> Sequence(YamlNode node, string what)
        {
            if (node is YamlSequenceNode seq) return seq.Children;
            if (node is YamlScalarNode { Value: null or "" }) return [];
            Report(node, $"expected a list of {what}");
            return [];
        }

        private YamlScalarNode? Scalar(YamlMappingNode map, string key, bool required = false)
        {
            foreach (var (k, v) in map.Children)
            {
                if ((k as YamlScalarNode)?.Value != key) continue;
                if (v is YamlScalarNode s) return s;
                Report(v, $"expected a text value for '{key}'");
                return null;
            }
            if (required) Report(map, $"missing '{key}'");
            return null;
        }

        private T? Parse<T>(YamlScalarNode node, Func<string, ParseResult<T>> parse) where T : class
        {
            // The text is padded so that the parser's offsets are offsets into the YAML file.
            var offset = ValueOffset(node);
            var padded = new string(' ', offset) + node.Value;
            var result = parse(padded);
            foreach (var d in result.Diagnostics) Diagnostics.Add(d with { Source = source });
            return result.HasErrors ? null : result.Value;
        }

        private void LoadTable(YamlNode node, string? database)
        {
            if (node is not YamlMappingNode map)
            {
                Report(node, "expected a table: { name: ..., columns: [...], with: {...} }");
                return;
            }
            var nameNode = Scalar(map, "name", required: true);
            if (nameNode?.Value is not { Length: > 0 } name) return;
            var fullName = database is null ? name : database + "." + name;
            var columns = ImmutableArray.CreateBuilder<CatalogColumn>();
            CatalogWatermark? watermark = null;
            var primaryKey = ImmutableArray<string>.Empty;
            var options = ImmutableArray.CreateBuilder<CatalogOption>();
            string? comment = null;
            foreach (var (k, v) in map.Children)
            {
                switch ((k as YamlScalarNode)?.Value)
                {
                    case "name":
                        break;
                    case "comment":
                        comment = (v as YamlScalarNode)?.Value;
                        break;
                    case "columns":
                        foreach (var c in Sequence(v, "columns")) LoadColumn(c, columns);
                        break;
                    case "watermark":
                        watermark = LoadWatermark(v);
                        break;
                    case "primary-key":
                        primaryKey = v switch
                        {
                            YamlSequenceNode seq => [.. seq.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? "")],
                            YamlScalarNode s => [.. (s.Value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
                            _ => primaryKey,
                        };
                        foreach (var key in primaryKey)
                        {
                            if (!columns.Any(c => string.Equals(c.Name, key, StringComparison.OrdinalIgnoreCase)))
                            {
                                Report(v, $"primary-key names '{key}', which is not a column of '{fullName}'", Util.Suggestions.DidYouMean(key, columns.Select(c => c.Name)));
                            }
                        }
                        break;
                    case "with":
                        if (v is not YamlMappingNode with)
                        {
                            Report(v, "expected 'with' to be a mapping of connector options");
                            break;
                        }
                        foreach (var (ok, ov) in with.Children)
                        {
                            if (ok is not YamlScalarNode keyScalar || ov is not YamlScalarNode valueScalar)
                            {
                                Report(ov, "expected option values to be text, e.g. topic: feed");
                                continue;
                            }
                            options.Add(new CatalogOption(keyScalar.Value ?? "", valueScalar.Value ?? "", Span(keyScalar), Span(valueScalar)));
                        }
                        break;
                    default:
                        Report(k, $"unknown table key '{(k as YamlScalarNode)?.Value}'", "expected name, comment, columns, watermark, primary-key or with");
                        break;
                }
            }
            if (catalog.ContainsRelation(fullName))
            {
                Report(nameNode, $"table '{fullName}' is defined twice");
                return;
            }
            catalog.AddTable(new CatalogTable
            {
                Name = fullName,
                Columns = columns.ToImmutable(),
                Watermark = watermark,
                PrimaryKey = primaryKey,
                Options = options.ToImmutable(),
                Comment = comment,
                Source = source,
                Span = Span(nameNode),
            });
        }

        private void LoadColumn(YamlNode node, ImmutableArray<CatalogColumn>.Builder columns)
        {
            if (node is not YamlMappingNode map)
            {
                Report(node, "expected a column: { name: ..., type: ... } or { name: ..., expr: ... }");
                return;
            }
            var name = Scalar(map, "name", required: true);
            if (name?.Value is not { Length: > 0 } columnName) return;
            if (columns.Any(c => string.Equals(c.Name, columnName, StringComparison.OrdinalIgnoreCase)))
            {
                Diagnostics.Add(Diagnostic.Error(Codes.DuplicateColumn, Span(name), $"column '{columnName}' is defined twice", null, source));
                return;
            }
            var typeNode = Scalar(map, "type");
            var exprNode = Scalar(map, "expr");
            var comment = Scalar(map, "comment")?.Value;
            if (typeNode is null == (exprNode is null))
            {
                Report(map, $"column '{columnName}' needs exactly one of 'type' (a physical column) or 'expr' (a computed column)");
                return;
            }
            if (typeNode is not null)
            {
                var type = Parse(typeNode, t => BsqlParser.ParseDataType(t, source.FileName));
                if (type is null) return;
                var sqlType = TypeConverter.ToSqlType(type);
                if (sqlType is null)
                {
                    Diagnostics.Add(Diagnostic.Error(Codes.Unsupported, Span(typeNode), "MULTISET types are not supported", null, source));
                    return;
                }
                columns.Add(new CatalogColumn(columnName, sqlType, null, comment, Span(map)));
            }
            else
            {
                var expr = Parse(exprNode!, t => BsqlParser.ParseExpression(t, source.FileName));
                if (expr is null) return;
                columns.Add(new CatalogColumn(columnName, null, expr, comment, Span(map)));
            }
        }

        private CatalogWatermark? LoadWatermark(YamlNode node)
        {
            if (node is not YamlMappingNode map)
            {
                Report(node, "expected a watermark: { column: ts, delay: 5s } or { column: ts, expression: ... }");
                return null;
            }
            var column = Scalar(map, "column", required: true);
            if (column?.Value is not { Length: > 0 } name) return null;
            var delay = Scalar(map, "delay");
            var expression = Scalar(map, "expression");
            if (expression is not null)
            {
                var expr = Parse(expression, t => BsqlParser.ParseExpression(t, source.FileName));
                return expr is null ? null : new CatalogWatermark(name, expr, Span(map));
            }
            var ms = 0L;
            if (delay is not null && !OptionValues.TryParseDuration(delay.Value ?? "", out ms))
            {
                Report(delay, $"expected a duration such as '5s' or '100ms' for the watermark delay, found '{delay.Value}'");
                return null;
            }
            return new CatalogWatermark(name, DelayExpression(name, ms, Span(delay ?? column)), Span(map));
        }
    }

    /// <summary><c>column - INTERVAL 'n' SECOND</c> (fractional below a second) as syntax, for a watermark given as a delay.</summary>
    public static S.Expr DelayExpression(string column, long delayMs, SourceSpan span)
    {
        var name = new S.NameExpr([new S.Identifier(column, span)], span);
        if (delayMs == 0) return name;
        var interval = delayMs % 1000 == 0
            ? new S.IntervalLiteral((delayMs / 1000).ToString(System.Globalization.CultureInfo.InvariantCulture), S.TimeUnit.Second, null, false, span)
            : new S.IntervalLiteral((delayMs / 1000m).ToString(System.Globalization.CultureInfo.InvariantCulture), S.TimeUnit.Second, null, false, span);
        return new S.BinaryExpr(S.BinaryOperator.Subtract, name, interval, span);
    }
}
