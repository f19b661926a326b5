using Bsql.Parser.Diagnostics;
using Bsql.Planner.Types;
using Bsql.Planner.Util;
using Codes = Bsql.Planner.PlannerDiagnosticCodes;

namespace Bsql.Planner.Catalog.Connectors;

/// <summary>
/// Checks a table's <c>WITH</c> options against its connector and format descriptors (BSQL3xxx): a connector is
/// named and known, required options are present, every key is known (with a did-you-mean hint), values have the
/// option's type, and the table is used only in ways its connector supports. <c>${env:..}</c>/<c>${file:..}</c>
/// values are resolved at run time and therefore not type-checked.
/// </summary>
public static class ConnectorOptionValidator
{
    /// <summary>Checks the options of <paramref name="table"/>, independent of how it is used.</summary>
    public static IReadOnlyList<Diagnostic> ValidateOptions(CatalogTable table)
    {
        var diagnostics = new List<Diagnostic>();
        void Report(string code, SourceSpan span, string message, string? help = null) =>
            diagnostics.Add(Diagnostic.Error(code, span, message, help, table.Source));

        var connectorOption = table.Options.FirstOrDefault(o => o.Key == "connector");
        if (connectorOption is null)
        {
            Report(Codes.MissingConnector, table.Span, $"table '{table.Name}' has no 'connector' option",
                "add WITH ('connector' = '...'): one of " + string.Join(", ", ConnectorRegistry.Connectors.Keys));
            return diagnostics;
        }
        var connector = ConnectorRegistry.FindConnector(connectorOption.Value);
        if (connector is null)
        {
            Report(Codes.UnknownConnector, connectorOption.ValueSpan,
                $"expected a connector ({string.Join(", ", ConnectorRegistry.Connectors.Keys)}), found '{connectorOption.Value}'",
                Suggestions.DidYouMean(connectorOption.Value, ConnectorRegistry.Connectors.Keys));
            return diagnostics;
        }

        // The formats in use: 'format', or Kafka's 'key.format' / 'value.format'.
        var formats = new List<(string Prefix, FormatDescriptor Format)>();
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var option in table.Options) present.Add(option.Key);
        foreach (var option in table.Options)
        {
            if (option.Key is not ("format" or "key.format" or "value.format")) continue;
            if (connector.Format == FormatUse.None || (connector.Format == FormatUse.Required && option.Key != "format"))
            {
                continue; // reported below as an unknown option
            }
            var format = ConnectorRegistry.FindFormat(option.Value);
            if (format is null)
            {
                Report(Codes.UnknownFormat, option.ValueSpan,
                    $"expected a format ({string.Join(", ", ConnectorRegistry.Formats.Keys)}), found '{option.Value}'",
                    Suggestions.DidYouMean(option.Value, ConnectorRegistry.Formats.Keys));
                continue;
            }
            formats.Add((option.Key == "key.format" ? "key." : option.Key == "value.format" ? "value." : "", format));
            if (option.Key == "format" && connector.Format == FormatUse.KeyValue) formats.Add(("value.", format));
        }

        foreach (var option in table.Options)
        {
            if (option.Key == "connector") continue;
            if (option.Key == "format" && connector.Format != FormatUse.None) continue;
            if (option.Key is "key.format" or "value.format" && connector.Format == FormatUse.KeyValue) continue;
            var descriptor = connector.Find(option.Key);
            if (descriptor is null)
            {
                foreach (var (prefix, format) in formats)
                {
                    if (prefix.Length > 0 && !option.Key.StartsWith(prefix, StringComparison.Ordinal)) continue;
                    descriptor = format.Find(option.Key[prefix.Length..]);
                    if (descriptor is not null) break;
                }
            }
            if (descriptor is null)
            {
                if (connector.Prefixes.Any(p => option.Key.StartsWith(p, StringComparison.Ordinal) && option.Key.Length > p.Length))
                {
                    CheckPrefixed(table, connector, option, Report);
                    continue;
                }
                var known = connector.Options.Select(o => o.Key)
                    .Concat(formats.SelectMany(f => f.Format.Options.Select(o => f.Prefix + o.Key)))
                    .Append(connector.Format == FormatUse.None ? "connector" : "format");
                var hint = Suggestions.DidYouMean(option.Key, known)
                    ?? (connector.Prefixes.Length > 0 ? $"'{connector.Name}' also accepts any key under {string.Join(", ", connector.Prefixes.Select(p => $"'{p}*'"))}" : null);
                Report(Codes.UnknownOption, option.KeySpan, $"unknown option '{option.Key}' for connector '{connector.Name}'", hint);
                continue;
            }
            if (OptionValues.IsReference(option.Value)) continue;
            if (!OptionValues.IsValid(descriptor, option.Value))
            {
                Report(Codes.InvalidOptionValue, option.ValueSpan,
                    $"expected {OptionValues.Describe(descriptor)} for '{option.Key}', found '{OptionRedaction.Show(option.Key, option.Value)}'",
                    descriptor.Kind == OptionKind.Enum ? Suggestions.DidYouMean(option.Value, descriptor.Values) : null);
            }
        }

        foreach (var descriptor in connector.Options)
        {
            if (descriptor.Required && !present.Contains(descriptor.Key))
            {
                Report(Codes.MissingOption, connectorOption.KeySpan, $"connector '{connector.Name}' requires option '{descriptor.Key}'",
                    $"add '{descriptor.Key}' = '...' ({descriptor.Description})");
            }
        }
        if (connector.Format == FormatUse.Required && !present.Contains("format"))
        {
            Report(Codes.MissingOption, connectorOption.KeySpan, $"connector '{connector.Name}' requires option 'format'",
                $"add 'format' = 'json' (or {string.Join(", ", ConnectorRegistry.Formats.Keys)})");
        }
        if (connector.Format == FormatUse.KeyValue && !present.Contains("format") && !present.Contains("value.format"))
        {
            Report(Codes.MissingOption, connectorOption.KeySpan, $"connector '{connector.Name}' requires option 'format' (or 'value.format')",
                "add 'format' = 'json'");
        }
        CheckConnectorRules(table, connector, present, Report);
        return diagnostics;
    }

    /// <summary>Checks that <paramref name="table"/>'s connector supports <paramref name="usage"/>; <paramref name="span"/> points at the use.</summary>
    public static Diagnostic? ValidateUsage(CatalogTable table, ConnectorUsage usage, SourceSpan span, SourceText? source)
    {
        var connector = table.Connector is { } name ? ConnectorRegistry.FindConnector(name) : null;
        if (connector is null) return null;
        var (needed, code, verb) = usage switch
        {
            ConnectorUsage.Source => (ConnectorCapabilities.Source, Codes.NotASource, "read from"),
            ConnectorUsage.Sink => (ConnectorCapabilities.Sink, Codes.NotASink, "written to"),
            _ => (ConnectorCapabilities.Lookup, Codes.LookupNotSupported, "looked up"),
        };
        if ((connector.Capabilities & needed) != 0) return null;
        var can = string.Join(" and ", new[]
        {
            (connector.Capabilities & ConnectorCapabilities.Source) != 0 ? "read" : null,
            (connector.Capabilities & ConnectorCapabilities.Sink) != 0 ? "written" : null,
            (connector.Capabilities & ConnectorCapabilities.Lookup) != 0 ? "looked up" : null,
        }.Where(s => s is not null));
        var others = ConnectorRegistry.Connectors.Values.Where(c => (c.Capabilities & needed) != 0).Select(c => c.Name);
        return Diagnostic.Error(code, span,
            $"table '{table.Name}' cannot be {verb}: its connector '{connector.Name}' can only be {can}",
            $"use a connector that supports it: {string.Join(", ", others)}", source);
    }

    private static void CheckPrefixed(CatalogTable table, ConnectorDescriptor connector, CatalogOption option, Action<string, SourceSpan, string, string?> report)
    {
        if (connector.Name != "datagen" || !option.Key.StartsWith("fields.", StringComparison.Ordinal)) return;
        // fields.<column>.<setting>: the column must exist and the setting be one datagen knows.
        var rest = option.Key["fields.".Length..];
        var dot = rest.LastIndexOf('.');
        var column = dot < 0 ? rest : rest[..dot];
        var setting = dot < 0 ? "" : rest[(dot + 1)..];
        if (!table.Columns.Any(c => string.Equals(c.Name, column, StringComparison.OrdinalIgnoreCase)))
        {
            report(Codes.UnknownOption, option.KeySpan, $"option '{option.Key}' names no column of '{table.Name}'",
                Suggestions.DidYouMean(column, table.Columns.Select(c => c.Name)));
            return;
        }
        string[] settings = ["kind", "min", "max", "length", "start", "end", "null-rate", "max-past", "var-len"];
        if (Array.IndexOf(settings, setting) < 0)
        {
            report(Codes.UnknownOption, option.KeySpan, $"unknown datagen field option '{setting}'",
                Suggestions.DidYouMean(setting, settings) ?? "expected one of " + string.Join(", ", settings));
            return;
        }
        if (setting == "kind" && option.Value is not ("random" or "sequence"))
        {
            report(Codes.InvalidOptionValue, option.ValueSpan, $"expected 'random' or 'sequence' for '{option.Key}', found '{option.Value}'", null);
        }
        if (setting is "length" or "max-past" && !long.TryParse(option.Value, out _) && !OptionValues.TryParseDuration(option.Value, out _))
        {
            report(Codes.InvalidOptionValue, option.ValueSpan, $"expected an integer for '{option.Key}', found '{option.Value}'", null);
        }
    }

    private static void CheckConnectorRules(CatalogTable table, ConnectorDescriptor connector, HashSet<string> present, Action<string, SourceSpan, string, string?> report)
    {
        var connectorSpan = table.Options.First(o => o.Key == "connector").KeySpan;
        if (connector.Name == "kafka" && !present.Contains("topic") && !present.Contains("topic-pattern"))
        {
            report(Codes.MissingOption, connectorSpan, "connector 'kafka' requires option 'topic' (or 'topic-pattern')", "add 'topic' = '...'");
        }
        if (connector.Name == "kafka" && table.Option("scan.startup.mode") is "timestamp" && !present.Contains("scan.startup.timestamp-millis"))
        {
            report(Codes.MissingOption, table.Options.First(o => o.Key == "scan.startup.mode").ValueSpan,
                "'scan.startup.mode' = 'timestamp' requires option 'scan.startup.timestamp-millis'", null);
        }
        if (connector.Name == "kafka" && table.Option("key.fields") is { } keyFields)
        {
            foreach (var field in keyFields.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!table.Columns.Any(c => string.Equals(c.Name, field, StringComparison.OrdinalIgnoreCase)))
                {
                    report(Codes.InvalidOptionValue, table.Options.First(o => o.Key == "key.fields").ValueSpan,
                        $"'key.fields' names '{field}', which is not a column of '{table.Name}'", Suggestions.DidYouMean(field, table.Columns.Select(c => c.Name)));
                }
            }
        }
        if (table.Option("format") is "raw" or "RAW")
        {
            var physical = table.Columns.Where(c => !c.IsComputed).ToList();
            if (physical.Count != 1 || !(physical[0].Type!.IsString || physical[0].Type!.Kind == SqlTypeKind.Bytes))
            {
                report(Codes.ConnectorSchema, table.Span, $"format 'raw' needs exactly one physical column of type STRING or BYTES, found {physical.Count}",
                    "declare a single column such as `line STRING`");
            }
        }
    }
}
