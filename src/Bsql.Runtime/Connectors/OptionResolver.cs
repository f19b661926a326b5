using System.Collections.Immutable;
using Bsql.Planner.Physical;
using Bsql.Runtime.Execution;

namespace Bsql.Runtime.Connectors;

/// <summary>
/// Resolves secret references in option values at run time: <c>'${env:NAME}'</c> (an environment
/// variable) and <c>'${file:/path}'</c> (a file's content, trailing newline trimmed).
/// </summary>
public static class OptionResolver
{
    /// <summary><paramref name="spec"/> with every reference replaced by its value; BSQL4005 when one cannot be resolved.</summary>
    public static ConnectorSpec Resolve(ConnectorSpec spec, string table)
    {
        ImmutableSortedDictionary<string, string>.Builder? builder = null;
        foreach (var (key, value) in spec.Options)
        {
            if (!value.Contains("${", StringComparison.Ordinal)) continue;
            builder ??= spec.Options.ToBuilder();
            builder[key] = ResolveValue(value, table, key);
        }
        return builder is null ? spec : spec with { Options = builder.ToImmutable() };
    }

    private static string ResolveValue(string value, string table, string key)
    {
        var result = new System.Text.StringBuilder();
        var i = 0;
        while (i < value.Length)
        {
            var start = value.IndexOf("${", i, StringComparison.Ordinal);
            if (start < 0)
            {
                result.Append(value, i, value.Length - i);
                break;
            }
            result.Append(value, i, start - i);
            var end = value.IndexOf('}', start);
            if (end < 0) throw Error(table, key, "unterminated '${' reference");
            var reference = value[(start + 2)..end];
            if (reference.StartsWith("env:", StringComparison.Ordinal))
            {
                var name = reference[4..];
                result.Append(Environment.GetEnvironmentVariable(name) ?? throw Error(table, key, $"environment variable '{name}' is not set"));
            }
            else if (reference.StartsWith("file:", StringComparison.Ordinal))
            {
                var path = reference[5..];
                if (!File.Exists(path)) throw Error(table, key, $"secret file '{path}' does not exist");
                result.Append(File.ReadAllText(path).TrimEnd('\r', '\n'));
            }
            else
            {
                throw Error(table, key, $"unknown reference '${{{reference}}}' (use ${{env:NAME}} or ${{file:/path}})");
            }
            i = end + 1;
        }
        return result.ToString();
    }

    private static BsqlRuntimeException Error(string table, string key, string message) =>
        new(RuntimeErrors.UnresolvedSecret, $"table '{table}', option '{key}': {message}");
}
