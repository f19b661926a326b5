namespace Bsql.Planner;

/// <summary>
/// The stable diagnostic codes of the binder and planner (<c>BSQL2xxx</c>) and of connector option checks
/// (<c>BSQL3xxx</c>). A retired code is never reused.
/// </summary>
public static class PlannerDiagnosticCodes
{
    /// <summary>A table or view name that is not in the catalog.</summary>
    public const string UnknownTable = "BSQL2001";
    /// <summary>A column name that no input provides.</summary>
    public const string UnknownColumn = "BSQL2002";
    /// <summary>A column name that several inputs provide.</summary>
    public const string AmbiguousColumn = "BSQL2003";
    /// <summary>An operand or argument of the wrong type.</summary>
    public const string TypeMismatch = "BSQL2004";
    /// <summary>A function that is neither built in nor declared.</summary>
    public const string UnknownFunction = "BSQL2005";
    /// <summary>A call with the wrong number of arguments.</summary>
    public const string WrongArgumentCount = "BSQL2006";
    /// <summary>A column in the select list or HAVING that is neither grouped nor aggregated.</summary>
    public const string NotGrouped = "BSQL2007";
    /// <summary>An aggregate in WHERE, GROUP BY, ON or another place where aggregates are not allowed.</summary>
    public const string AggregateNotAllowed = "BSQL2008";
    /// <summary>An aggregate inside an aggregate's argument.</summary>
    public const string NestedAggregate = "BSQL2009";
    /// <summary>INSERT with a different number of columns than the sink.</summary>
    public const string InsertColumnCount = "BSQL2010";
    /// <summary>INSERT of a column whose type cannot be assigned to the sink column.</summary>
    public const string InsertTypeMismatch = "BSQL2011";
    /// <summary>A window over a column that is not a time attribute.</summary>
    public const string NotATimeAttribute = "BSQL2012";
    /// <summary><c>FOR SYSTEM_TIME AS OF</c> over something that is not a processing-time attribute.</summary>
    public const string LookupNeedsProcTime = "BSQL2013";
    /// <summary><c>FOR SYSTEM_TIME AS OF</c> on a table whose connector cannot look up.</summary>
    public const string LookupNotSupported = "BSQL2014";
    /// <summary>A delayed window join input without an event-time attribute.</summary>
    public const string DelayedJoinNeedsEventTime = "BSQL2015";
    /// <summary>A special join (delayed window, lookup, interval) whose ON has no key equality.</summary>
    public const string JoinNeedsKeyEquality = "BSQL2016";
    /// <summary>A window size, slide, gap, delay or join window that is not positive.</summary>
    public const string NonPositiveDuration = "BSQL2017";
    /// <summary>A table, view or function defined twice.</summary>
    public const string DuplicateObject = "BSQL2018";
    /// <summary>A column defined twice in one table.</summary>
    public const string DuplicateColumn = "BSQL2019";
    /// <summary>An invalid WATERMARK definition (unknown column, wrong type).</summary>
    public const string InvalidWatermark = "BSQL2020";
    /// <summary>Valid SQL that BSQL does not support yet.</summary>
    public const string Unsupported = "BSQL2021";
    /// <summary>A literal whose text is not a valid value of its type (e.g. <c>DATE '2024-13-01'</c>).</summary>
    public const string InvalidLiteral = "BSQL2022";
    /// <summary>An unknown or ill-typed job option in SET or a descriptor's config.</summary>
    public const string InvalidJobOption = "BSQL2023";
    /// <summary>An updating query written into a sink that only accepts appends.</summary>
    public const string UpdatingSink = "BSQL2024";
    /// <summary>A compiled plan written by an unsupported format version.</summary>
    public const string UnsupportedPlanVersion = "BSQL2025";
    /// <summary>A malformed catalog file.</summary>
    public const string InvalidCatalog = "BSQL2026";
    /// <summary>An unknown table alias in <c>t.*</c> or <c>t.col</c>.</summary>
    public const string UnknownAlias = "BSQL2027";
    /// <summary>A view that refers to itself.</summary>
    public const string ViewCycle = "BSQL2028";
    /// <summary>An interval join whose time bounds are not constant or are empty.</summary>
    public const string InvalidIntervalBounds = "BSQL2029";
    /// <summary><c>ROW_NUMBER()</c> not followed by a filter <c>rn &lt;= N</c>.</summary>
    public const string RowNumberWithoutLimit = "BSQL2030";
    /// <summary>A job with no INSERT and no query.</summary>
    public const string EmptyJob = "BSQL2031";
    /// <summary>An unknown field of a ROW value.</summary>
    public const string UnknownField = "BSQL2033";
    /// <summary>A CAST between types that cannot be converted.</summary>
    public const string InvalidCast = "BSQL2034";
    /// <summary>A PRIMARY KEY naming a column the table does not have.</summary>
    public const string InvalidPrimaryKey = "BSQL2036";
    /// <summary>A malformed JSON job descriptor.</summary>
    public const string InvalidDescriptor = "BSQL2037";
    /// <summary>A group window auxiliary function (<c>TUMBLE_START</c>...) without the matching <c>GROUP BY</c> window.</summary>
    public const string WindowPropertyWithoutWindow = "BSQL2038";
    /// <summary>UNION ALL inputs of different column counts or incompatible types.</summary>
    public const string UnionMismatch = "BSQL2040";
    /// <summary>A malformed hint.</summary>
    public const string InvalidHint = "BSQL2041";
    /// <summary>A bug in the planner (an internal error, never the user's mistake).</summary>
    public const string InternalError = "BSQL2099";

    /// <summary>A <c>CREATE FUNCTION</c> whose assembly, type or <c>Eval</c> methods cannot be used.</summary>
    public const string UserFunctionUnavailable = "BSQL2050";

    /// <summary>A call to a user-defined function that matches none of its <c>Eval</c> overloads.</summary>
    public const string UserFunctionNoOverload = "BSQL2051";

    /// <summary><c>'connector'</c> names no known connector.</summary>
    public const string UnknownConnector = "BSQL3001";
    /// <summary>A required option is missing.</summary>
    public const string MissingOption = "BSQL3002";
    /// <summary>An option the connector or format does not know.</summary>
    public const string UnknownOption = "BSQL3003";
    /// <summary>An option value of the wrong type or outside the allowed values.</summary>
    public const string InvalidOptionValue = "BSQL3004";
    /// <summary>A table used as a source whose connector can only be written.</summary>
    public const string NotASource = "BSQL3005";
    /// <summary>A table written by INSERT whose connector can only be read.</summary>
    public const string NotASink = "BSQL3006";
    /// <summary><c>'format'</c> names no known format.</summary>
    public const string UnknownFormat = "BSQL3008";
    /// <summary>A table without a <c>'connector'</c> option.</summary>
    public const string MissingConnector = "BSQL3009";
    /// <summary>A connector requirement on the schema (e.g. a lookup table needs a PRIMARY KEY).</summary>
    public const string ConnectorSchema = "BSQL3010";
}
