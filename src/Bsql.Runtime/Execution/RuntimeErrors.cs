namespace Bsql.Runtime.Execution;

/// <summary>The runtime's diagnostic codes (BSQL4xxx). A retired code is never reused.</summary>
public static class RuntimeErrors
{
    /// <summary>A connector option has a value the connector cannot use.</summary>
    public const string BadOptionValue = "BSQL4001";
    /// <summary>No connector of that name is registered (or it cannot read / write).</summary>
    public const string UnknownConnector = "BSQL4002";
    /// <summary>A file or directory does not exist or cannot be read.</summary>
    public const string FileNotFound = "BSQL4003";
    /// <summary>No format of that name is registered.</summary>
    public const string UnknownFormat = "BSQL4004";
    /// <summary>A <c>${env:NAME}</c> or <c>${file:path}</c> reference cannot be resolved.</summary>
    public const string UnresolvedSecret = "BSQL4005";
    /// <summary>The plan cannot be executed (unsupported operator, bad edge).</summary>
    public const string InvalidPlan = "BSQL4006";

    /// <summary>A user-defined function's assembly, type or Eval method cannot be loaded at job start.</summary>
    public const string UserFunctionUnavailable = "BSQL4007";
    /// <summary>A job with <c>scale-out.enabled</c> whose plan cannot be split into slots.</summary>
    public const string ScaleOutUnsupported = "BSQL4008";
    /// <summary>A record cannot be decoded and neither ignore-parse-errors nor dead-letter is set.</summary>
    public const string ParseError = "BSQL4101";
    /// <summary>The dead-letter table is not part of the job.</summary>
    public const string UnknownDeadLetterTable = "BSQL4102";
    /// <summary>An expression failed on a row (division by zero, a failed CAST...).</summary>
    public const string ExpressionFailed = "BSQL4103";
    /// <summary>A checkpoint cannot be written or read.</summary>
    public const string CheckpointFailed = "BSQL4201";
    /// <summary>A sink failed to write.</summary>
    public const string SinkFailed = "BSQL4301";
    /// <summary>An external system (a Kafka cluster) cannot be reached within its timeout, or refused a request.</summary>
    public const string ConnectorUnavailable = "BSQL4401";
}
