using Bsql.Parser.Diagnostics;

namespace Bsql.Planner.Serialization;

/// <summary>Thrown when a compiled plan cannot be read (malformed JSON or an unsupported format version).</summary>
public sealed class PlanFormatException : Exception
{
    /// <summary>Creates the exception with its diagnostic.</summary>
    public PlanFormatException(Diagnostic diagnostic) : base(diagnostic.Message) => Diagnostic = diagnostic;

    /// <summary>Creates the exception (for serializers and tests).</summary>
    public PlanFormatException() : this(Diagnostic.Error(PlannerDiagnosticCodes.UnsupportedPlanVersion, default, "unreadable plan")) { }

    /// <summary>Creates the exception with a message.</summary>
    public PlanFormatException(string message) : this(Diagnostic.Error(PlannerDiagnosticCodes.UnsupportedPlanVersion, default, message)) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public PlanFormatException(string message, Exception inner) : base(message, inner) =>
        Diagnostic = Diagnostic.Error(PlannerDiagnosticCodes.UnsupportedPlanVersion, default, message);

    /// <summary>The problem, as a BSQL2025 diagnostic.</summary>
    public Diagnostic Diagnostic { get; }
}
