using System.Collections.Immutable;
using Bsql.Parser.Diagnostics;
using Bsql.Planner.Catalog;
using Bsql.Planner.Catalog.Connectors;
using Bsql.Planner.Expressions;
using Bsql.Planner.Logical;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Planner.Util;
using Codes = Bsql.Planner.PlannerDiagnosticCodes;
using S = Bsql.Parser.Syntax;

namespace Bsql.Planner.Binding;

/// <summary>
/// Binds a whole script: runs its DDL against a copy of the catalog, collects SET options, and binds every INSERT
/// (and bare query, previewed into a <c>print</c> sink) into a logical plan ending in a <see cref="LogicalSink"/>.
/// </summary>
public static class JobBinder
{
    /// <summary>Binds <paramref name="script"/> (parsed from <paramref name="source"/>) against <paramref name="catalog"/>.</summary>
    public static BoundJob Bind(S.Script script, SourceText source, SqlCatalog catalog, string jobName, IReadOnlyDictionary<string, string>? baseConfig = null,
        Functions.IUserFunctionResolver? functionResolver = null, string? baseDirectory = null)
    {
        var ctx = new BindContext(catalog.Clone(), source) { FunctionResolver = functionResolver, BaseDirectory = baseDirectory };
        var config = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (baseConfig is not null) foreach (var (k, v) in baseConfig) config[k] = v;
        var sinks = ImmutableArray.CreateBuilder<LogicalSink>();
        var previews = 0;
        foreach (var statement in script.Statements)
        {
            BindStatement(statement, ctx, config, sinks, ref previews);
        }
        if (sinks.Count == 0 && !ctx.Diagnostics.Any(d => d.IsError))
        {
            ctx.Warn(Codes.EmptyJob, new SourceSpan(0, 0), "the job has no INSERT and no query: nothing will run", "add `INSERT INTO sink SELECT ...`");
        }
        var name = config.TryGetValue("pipeline.name", out var configured) ? configured : jobName;
        return new BoundJob(name, config.ToImmutableSortedDictionary(StringComparer.Ordinal), JobOptionsBinder.ToJobOptions(config),
            sinks.ToImmutable(), ctx.Catalog, [.. ctx.Diagnostics]);
    }

    /// <summary>Loads a declared function's signatures; a failure is reported here, once, and leaves it without overloads.</summary>
    private static CatalogFunction ResolveFunction(CatalogFunction function, BindContext ctx)
    {
        if (ctx.FunctionResolver is not { } resolver) return function;
        var path = function.AssemblyPath is null || Path.IsPathRooted(function.AssemblyPath)
            ? function.AssemblyPath
            : Path.GetFullPath(Path.Combine(ctx.BaseDirectory ?? Directory.GetCurrentDirectory(), function.AssemblyPath));
        var resolution = resolver.Resolve(function.ClassName, path);
        if (resolution.Error is not null)
        {
            ctx.Report(Codes.UserFunctionUnavailable, function.Span, $"function '{function.Name}' cannot be loaded: {resolution.Error}", resolution.Help);
            return function;
        }
        return function with { ResolvedAssemblyPath = resolution.AssemblyPath, Overloads = resolution.Overloads };
    }

    private static void BindStatement(S.Statement statement, BindContext ctx, SortedDictionary<string, string> config, ImmutableArray<LogicalSink>.Builder sinks, ref int previews)
    {
        switch (statement)
        {
            case S.SetStatement { Option: { } option }:
                if (JobOptionsBinder.Check(option.Key, option.Value, option.KeySpan, option.ValueSpan, ctx.Source) is { } d) ctx.Add(d);
                config[option.Key] = option.Value;
                break;
            case S.ResetStatement reset:
                if (reset.Key is null) config.Clear();
                else config.Remove(reset.Key);
                break;
            case S.CreateTableStatement create:
                var table = TableDefinitions.FromCreateTable(create, ctx.Source, ctx.Diagnostics);
                if (ctx.Catalog.ContainsRelation(table.Name))
                {
                    if (!create.IfNotExists)
                    {
                        ctx.Report(Codes.DuplicateObject, create.Name.Span, $"table or view '{table.Name}' already exists", "use CREATE TABLE IF NOT EXISTS or another name");
                    }
                    break;
                }
                ctx.Catalog.AddTable(table);
                break;
            case S.CreateViewStatement view:
                if (ctx.Catalog.ContainsRelation(view.Name.ToString()))
                {
                    if (!view.IfNotExists) ctx.Report(Codes.DuplicateObject, view.Name.Span, $"table or view '{view.Name}' already exists");
                    break;
                }
                ctx.Catalog.AddView(new CatalogView(view.Name.ToString(), view.Query, [.. view.Columns.Select(c => c.Value)], ctx.Source, view.Name.Span));
                break;
            case S.CreateFunctionStatement function:
                if (ctx.Catalog.FindFunction(function.Name.ToString()) is not null && !function.IfNotExists)
                {
                    ctx.Report(Codes.DuplicateObject, function.Name.Span, $"function '{function.Name}' already exists");
                    break;
                }
                if (Functions.BuiltinFunctions.Find(function.Name.ToString()) is not null)
                {
                    ctx.Report(Codes.DuplicateObject, function.Name.Span, $"'{function.Name}' is a built-in function and cannot be redefined");
                    break;
                }
                ctx.Catalog.AddFunction(ResolveFunction(new CatalogFunction(function.Name.ToString(), function.ClassName, function.AssemblyPath, function.Name.Span), ctx));
                break;
            case S.DropStatement drop:
                var removed = drop.Kind == S.DropKind.Function ? ctx.Catalog.RemoveFunction(drop.Name.ToString()) : ctx.Catalog.Remove(drop.Name.ToString());
                if (!removed && !drop.IfExists) ctx.Report(Codes.UnknownTable, drop.Name.Span, $"cannot drop '{drop.Name}': it does not exist");
                break;
            case S.InsertStatement insert:
                if (BindInsert(insert, ctx) is { } sink) sinks.Add(sink);
                break;
            case S.StatementSetStatement set:
                foreach (var insert in set.Inserts)
                {
                    if (BindInsert(insert, ctx) is { } s) sinks.Add(s);
                }
                break;
            case S.QueryStatement query:
                sinks.Add(BindPreview(query, ctx, ++previews));
                break;
            case S.ExplainStatement explain:
                BindStatement(explain.Statement, ctx, config, sinks, ref previews);
                break;
        }
    }

    private static LogicalSink BindPreview(S.QueryStatement statement, BindContext ctx, int ordinal)
    {
        var bound = new QueryBinder(ctx).BindQuery(statement.Query);
        var schema = Schemas.WithoutTimeAttributes(bound.Plan.Schema);
        var name = ordinal == 1 ? "preview" : "preview" + ordinal;
        var table = new CatalogTable
        {
            Name = name,
            Columns = [.. schema.Fields.Select(f => new CatalogColumn(f.Name, f.Type, null, null, statement.Span))],
            Options = [new CatalogOption("connector", "print", statement.Span, statement.Span), new CatalogOption("print-identifier", name, statement.Span, statement.Span)],
            Source = ctx.Source,
            Span = statement.Span,
        };
        var connector = new ConnectorSpec("print", table.Options.ToImmutableSortedDictionary(o => o.Key, o => o.Value, StringComparer.Ordinal));
        return new LogicalSink(bound.Plan, table, connector, schema, ImmutableArray<int>.Empty, statement.Span);
    }

    private static LogicalSink? BindInsert(S.InsertStatement insert, BindContext ctx)
    {
        var name = insert.Table.ToString();
        var table = ctx.Catalog.FindTable(name);
        if (table is null)
        {
            ctx.Report(Codes.UnknownTable, insert.Table.Span,
                ctx.Catalog.FindView(name) is not null ? $"cannot INSERT INTO view '{name}': expected a table" : $"unknown table '{name}'",
                Suggestions.DidYouMean(name, ctx.Catalog.Tables.Select(t => t.Name)) ?? "declare it with CREATE TABLE or pass a catalog file with --catalog");
            new QueryBinder(ctx).BindQuery(insert.Query);
            return null;
        }
        if (ctx.ValidatedTables.Add(table))
        {
            foreach (var d in ConnectorOptionValidator.ValidateOptions(table)) ctx.Add(d);
        }
        if (ConnectorOptionValidator.ValidateUsage(table, ConnectorUsage.Sink, insert.Table.Span, ctx.Source) is { } usage) ctx.Add(usage);
        var bound = new QueryBinder(ctx).BindQuery(insert.Query);
        var columns = table.Columns.Where(c => !c.IsComputed).ToList();
        var sinkSchema = new RowSchema([.. columns.Select(c => new RowField(c.Name, c.Type!))]);

        // Which query column feeds which sink column.
        var mapping = new int[columns.Count];
        Array.Fill(mapping, -1);
        if (insert.Columns.Count > 0)
        {
            for (var i = 0; i < insert.Columns.Count; i++)
            {
                var target = columns.FindIndex(c => string.Equals(c.Name, insert.Columns[i].Value, StringComparison.OrdinalIgnoreCase));
                if (target < 0)
                {
                    ctx.Report(Codes.UnknownColumn, insert.Columns[i].Span, $"unknown column '{insert.Columns[i].Value}' of '{table.Name}'",
                        Suggestions.DidYouMean(insert.Columns[i].Value, columns.Select(c => c.Name)));
                    return null;
                }
                mapping[target] = i;
            }
        }
        else
        {
            for (var i = 0; i < columns.Count; i++) mapping[i] = i;
        }
        var expected = insert.Columns.Count > 0 ? insert.Columns.Count : columns.Count;
        if (bound.Scope.Count != expected && bound.Plan.Schema.Count > 0)
        {
            ctx.Report(Codes.InsertColumnCount, insert.Query.Span,
                $"expected {expected} columns for '{table.Name}' ({string.Join(", ", insert.Columns.Count > 0 ? insert.Columns.Select(c => c.Value) : columns.Select(c => c.Name))}), found {bound.Scope.Count}",
                bound.Scope.Count < expected ? "select a value for every column, or list the target columns: INSERT INTO t (a, b) SELECT ..." : "remove the extra columns from the select list");
            return null;
        }
        if (bound.Plan.Schema.Count == 0) return null;
        var exprs = ImmutableArray.CreateBuilder<BoundExpr>();
        for (var j = 0; j < columns.Count; j++)
        {
            var sinkType = sinkSchema[j].Type;
            if (mapping[j] < 0)
            {
                exprs.Add(new Literal(null, sinkType.WithNullable(true)));
                continue;
            }
            var i = mapping[j];
            var type = bound.Plan.Schema[i].Type;
            if (!TypeRules.IsAssignable(type, sinkType))
            {
                SourceSpan span = i < bound.ItemSpans.Length ? bound.ItemSpans[i] : (SourceSpan)insert.Query.Span;
                ctx.Report(Codes.InsertTypeMismatch, span,
                    $"expected a value assignable to column '{columns[j].Name}' {sinkType.WithNullable(true)} of '{table.Name}', found {type.WithoutTimeAttribute()}",
                    $"CAST it: CAST(... AS {sinkType.WithNullable(true)})");
                exprs.Add(new Literal(null, sinkType.WithNullable(true)));
                continue;
            }
            exprs.Add(Coercion.To(new InputRef(i, type), sinkType));
        }
        var projection = exprs.ToImmutable();
        var outputSchema = new RowSchema([.. projection.Select((e, j) => new RowField(sinkSchema[j].Name, e.Type.WithoutTimeAttribute()))]);
        var project = new LogicalProject(bound.Plan, projection, outputSchema);
        LogicalNode input = project.IsIdentity ? bound.Plan : project;
        var primaryKey = table.PrimaryKey.Select(k => columns.FindIndex(c => string.Equals(c.Name, k, StringComparison.OrdinalIgnoreCase))).Where(i => i >= 0).ToImmutableArray();
        var connector = new ConnectorSpec((table.Connector ?? "").Trim().ToLowerInvariant(), table.Options.ToImmutableSortedDictionary(o => o.Key, o => o.Value, StringComparer.Ordinal));
        return new LogicalSink(input, table, connector, sinkSchema, primaryKey, insert.Span);
    }
}
