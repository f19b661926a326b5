using System.Collections.Immutable;
using Bsql.Parser.Diagnostics;
using Bsql.Planner.Binding;
using Bsql.Planner.Util;
using Codes = Bsql.Planner.PlannerDiagnosticCodes;
using S = Bsql.Parser.Syntax;

namespace Bsql.Planner.Catalog;

/// <summary>Turns <c>CREATE TABLE</c> / <c>CREATE VIEW</c> syntax into catalog entries, checking what does not need the binder.</summary>
public static class TableDefinitions
{
    /// <summary>The catalog table a CREATE TABLE statement declares; problems are added to <paramref name="diagnostics"/>.</summary>
    public static CatalogTable FromCreateTable(S.CreateTableStatement statement, SourceText? source, List<Diagnostic> diagnostics)
    {
        void Report(string code, SourceSpan span, string message, string? help = null) =>
            diagnostics.Add(Diagnostic.Error(code, span, message, help, source));
        var name = statement.Name.ToString();
        var columns = ImmutableArray.CreateBuilder<CatalogColumn>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var column in statement.Columns)
        {
            if (!seen.Add(column.Name.Value))
            {
                Report(Codes.DuplicateColumn, column.Name.Span, $"column '{column.Name.Value}' is defined twice in '{name}'");
                continue;
            }
            switch (column)
            {
                case S.PhysicalColumn p:
                    var type = TypeConverter.ToSqlType(p.Type);
                    if (type is null)
                    {
                        Report(Codes.Unsupported, p.Type.Span, "MULTISET types are not supported");
                        type = Types.SqlType.String;
                    }
                    columns.Add(new CatalogColumn(p.Name.Value, type, null, p.Comment, p.Span));
                    break;
                case S.ComputedColumn c:
                    columns.Add(new CatalogColumn(c.Name.Value, null, c.Expression, c.Comment, c.Span));
                    break;
                case S.MetadataColumn m:
                    Report(Codes.Unsupported, m.Span, "metadata columns are not supported yet", "declare it as a physical column if the format carries it");
                    break;
            }
        }
        var primaryKey = ImmutableArray<string>.Empty;
        if (statement.PrimaryKey is { } pk)
        {
            foreach (var key in pk.Columns)
            {
                var column = columns.FirstOrDefault(c => string.Equals(c.Name, key.Value, StringComparison.OrdinalIgnoreCase));
                if (column is null)
                {
                    Report(Codes.InvalidPrimaryKey, key.Span, $"PRIMARY KEY names '{key.Value}', which is not a column of '{name}'",
                        Suggestions.DidYouMean(key.Value, columns.Select(c => c.Name)));
                }
                else if (column.IsComputed)
                {
                    Report(Codes.InvalidPrimaryKey, key.Span, $"expected a physical column in PRIMARY KEY, found computed column '{key.Value}'");
                }
            }
            primaryKey = [.. pk.Columns.Select(c => c.Value)];
        }
        if (!statement.PartitionedBy.IsEmpty)
        {
            Report(Codes.Unsupported, statement.PartitionedBy[0].Span, "PARTITIONED BY is not supported yet");
        }
        var watermark = statement.Watermark is { } wm ? new CatalogWatermark(wm.Column.Value, wm.Strategy, wm.Span) : null;
        var options = ImmutableArray.CreateBuilder<CatalogOption>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var option in statement.Options)
        {
            if (!keys.Add(option.Key))
            {
                Report(Codes.InvalidOptionValue, option.KeySpan, $"option '{option.Key}' is set twice");
                continue;
            }
            options.Add(new CatalogOption(option.Key, option.Value, option.KeySpan, option.ValueSpan));
        }
        return new CatalogTable
        {
            Name = name,
            Columns = columns.ToImmutable(),
            Watermark = watermark,
            PrimaryKey = primaryKey,
            Options = options.ToImmutable(),
            Comment = statement.Comment,
            Source = source,
            Span = statement.Name.Span,
        };
    }
}
