namespace Bsql.Parser.Diagnostics;

/// <summary>How serious a <see cref="Diagnostic"/> is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>The input is invalid; compilation cannot succeed.</summary>
    Error,

    /// <summary>The input is valid but probably not what the user meant.</summary>
    Warning,

    /// <summary>Extra information, e.g. a note attached to another diagnostic.</summary>
    Info,
}
