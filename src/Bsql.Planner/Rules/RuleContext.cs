using Bsql.Parser.Diagnostics;

namespace Bsql.Planner.Rules;

/// <summary>What rules may consult (the job configuration) and report (diagnostics found while rewriting).</summary>
public sealed class RuleContext
{
    /// <summary>Creates a context over a job configuration.</summary>
    public RuleContext(IReadOnlyDictionary<string, string>? config = null, SourceText? source = null)
    {
        Config = config ?? new Dictionary<string, string>();
        Source = source;
    }

    /// <summary>The job configuration (SET options).</summary>
    public IReadOnlyDictionary<string, string> Config { get; }

    /// <summary>The job text, for diagnostics.</summary>
    public SourceText? Source { get; }

    /// <summary>Diagnostics reported by rules.</summary>
    public List<Diagnostic> Diagnostics { get; } = [];

    /// <summary>The configuration value, or null.</summary>
    public string? Get(string key) => Config.TryGetValue(key, out var v) ? v.Trim() : null;

    /// <summary>True when a boolean option is set to true.</summary>
    public bool IsTrue(string key) => string.Equals(Get(key), "true", StringComparison.OrdinalIgnoreCase);
}
