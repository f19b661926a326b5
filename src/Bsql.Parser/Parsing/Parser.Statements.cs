using Bsql.Parser.Diagnostics;
using Bsql.Parser.Lexing;
using Bsql.Parser.Syntax;

namespace Bsql.Parser.Parsing;

/// <summary>Statements: SET, RESET, CREATE TABLE/VIEW/FUNCTION, INSERT, EXPLAIN, DROP, statement sets, queries.</summary>
internal sealed partial class Parser
{
    private Statement? ParseStatement()
    {
        var token = Current;
        if (token.Kind == TokenKind.LeftParen && IsQueryStartAt(_index))
        {
            return ParseQueryStatement();
        }

        switch (token.Kind == TokenKind.Identifier ? token.Keyword : Keyword.None)
        {
            case Keyword.Select:
            case Keyword.With:
            case Keyword.Values:
                return ParseQueryStatement();
            case Keyword.Set:
                return ParseSet();
            case Keyword.Reset:
                return ParseReset();
            case Keyword.Create:
                return ParseCreate();
            case Keyword.Insert:
                return ParseInsert();
            case Keyword.Explain:
                return ParseExplain();
            case Keyword.Drop:
                return ParseDrop();
            case Keyword.Execute:
            case Keyword.Begin:
                return ParseStatementSet();
            default:
                ReportExpected("a statement", "statements start with SELECT, INSERT, CREATE, SET or EXPLAIN", DiagnosticCodes.ExpectedStatement);
                return null;
        }
    }

    private QueryStatement ParseQueryStatement()
    {
        var start = StartOfCurrent;
        var query = ParseQuery();
        return new QueryStatement(query, SpanFrom(start));
    }

    /// <summary><c>SET 'key' = 'value'</c> or <c>SET</c></summary>
    private SetStatement ParseSet()
    {
        var start = StartOfCurrent;
        Advance();
        if (At(TokenKind.Semicolon) || At(TokenKind.EndOfFile))
        {
            return new SetStatement(null, SpanFrom(start));
        }

        const string help = "quote the key and the value: SET 'parallelism.default' = '4'";
        var option = ParseOptionPair(help);
        return new SetStatement(option, SpanFrom(start));
    }

    /// <summary><c>RESET ['key']</c></summary>
    private ResetStatement ParseReset()
    {
        var start = StartOfCurrent;
        Advance();
        string? key = null;
        if (At(TokenKind.String))
        {
            key = ParseStringValue("a key", out _);
        }

        return new ResetStatement(key, SpanFrom(start));
    }

    private Statement? ParseCreate()
    {
        var start = StartOfCurrent;
        Advance();
        var temporary = AcceptKeyword(Keyword.Temporary);
        var system = temporary && AcceptKeyword(Keyword.System);
        if (AtKeyword(Keyword.Table) && !system)
        {
            return ParseCreateTable(start, temporary);
        }

        if (AtKeyword(Keyword.View) && !system)
        {
            return ParseCreateView(start, temporary);
        }

        if (AtKeyword(Keyword.Function))
        {
            return ParseCreateFunction(start, temporary, system);
        }

        ReportExpected(system ? "FUNCTION" : "TABLE, VIEW or FUNCTION");
        return null;
    }

    private bool ParseIfNotExists()
    {
        if (!AtKeyword(Keyword.If))
        {
            return false;
        }

        Advance();
        ExpectKeyword(Keyword.Not);
        ExpectKeyword(Keyword.Exists);
        return true;
    }

    /// <summary>
    /// <c>CREATE TABLE [IF NOT EXISTS] name ( elements ) [COMMENT '...'] [PARTITIONED BY (cols)] [WITH (options)]</c>
    /// </summary>
    private CreateTableStatement ParseCreateTable(int start, bool temporary)
    {
        Advance(); // TABLE
        var ifNotExists = ParseIfNotExists();
        var name = ParseQualifiedName("a table name");
        var columns = new List<ColumnDefinition>();
        WatermarkDefinition? watermark = null;
        PrimaryKeyDefinition? primaryKey = null;
        const string columnsHelp = "a table definition lists its columns in parentheses: CREATE TABLE t (id BIGINT, ...)";
        Token? columnsMissingAt = null;
        if (!At(TokenKind.LeftParen) && (AtKeyword(Keyword.With) || AtKeyword(Keyword.As) || AtKeyword(Keyword.Like)))
        {
            // Maybe CREATE TABLE ... AS SELECT / LIKE (reported below); otherwise the column list is missing.
            columnsMissingAt = Current;
        }
        else if (Expect(TokenKind.LeftParen, columnsHelp))
        {
            do
            {
                if (At(TokenKind.RightParen))
                {
                    ReportExpected("a column definition", "remove the trailing ','");
                    break;
                }

                ParseTableElement(columns, ref watermark, ref primaryKey);
            }
            while (Accept(TokenKind.Comma) && !_recovering);

            Expect(TokenKind.RightParen, "separate columns with ','");
        }

        string? comment = null;
        if (AcceptKeyword(Keyword.Comment))
        {
            comment = ParseStringValue("a comment string", out _);
        }

        var partitionedBy = default(EquatableArray<Identifier>);
        if (AcceptKeyword(Keyword.Partitioned))
        {
            ExpectKeyword(Keyword.By);
            partitionedBy = ParseIdentifierList();
        }

        var options = default(EquatableArray<OptionPair>);
        if (AcceptKeyword(Keyword.With))
        {
            options = ParseOptionList();
        }

        if (AtKeyword(Keyword.As) || AtKeyword(Keyword.Like))
        {
            var what = AtKeyword(Keyword.As) ? "CREATE TABLE ... AS SELECT" : "CREATE TABLE ... LIKE";
            Report(DiagnosticCodes.NotSupported, new SourceSpan(Current.Start, Current.Length), $"{what} is not supported yet",
                "declare the columns and the WITH options explicitly, then INSERT INTO the table");
            SkipToStatementEnd();
        }
        else if (columnsMissingAt is { } missing && !_recovering)
        {
            _recovering = true;
            Report(DiagnosticCodes.UnexpectedToken, new SourceSpan(missing.Start, missing.Length),
                $"expected '(', found {Describe(missing)}", columnsHelp);
        }

        return new CreateTableStatement(name, temporary, ifNotExists, columns.ToEquatableArray(), watermark, primaryKey, comment,
            partitionedBy, options, SpanFrom(start));
    }

    private void ParseTableElement(List<ColumnDefinition> columns, ref WatermarkDefinition? watermark, ref PrimaryKeyDefinition? primaryKey)
    {
        var start = StartOfCurrent;
        if (AtKeyword(Keyword.Watermark) && PeekKeyword(1, Keyword.For))
        {
            var definition = ParseWatermark();
            if (watermark is not null)
            {
                Report(DiagnosticCodes.DuplicateTableConstraint, definition.Span, "a table can have only one WATERMARK",
                    "keep a single WATERMARK FOR ... AS ... clause");
            }

            watermark ??= definition;
            return;
        }

        if ((AtKeyword(Keyword.Primary) && PeekKeyword(1, Keyword.Key)) || (AtKeyword(Keyword.Constraint) && PeekKeyword(2, Keyword.Primary)))
        {
            Identifier? constraintName = null;
            if (AcceptKeyword(Keyword.Constraint))
            {
                constraintName = ParseIdentifier("a constraint name");
            }

            ExpectKeyword(Keyword.Primary);
            ExpectKeyword(Keyword.Key);
            var keyColumns = ParseIdentifierList();
            ParseNotEnforced(start);
            SetPrimaryKey(ref primaryKey, new PrimaryKeyDefinition(constraintName, keyColumns, SpanFrom(start)));
            return;
        }

        var name = ParseIdentifier("a column name");
        if (AcceptKeyword(Keyword.As))
        {
            var expression = ParseExpression();
            var computedComment = TryParseComment();
            columns.Add(new ComputedColumn(name, expression, computedComment, SpanFrom(start)));
            return;
        }

        var type = ParseDataType();
        if (AcceptKeyword(Keyword.Metadata))
        {
            string? key = null;
            if (AcceptKeyword(Keyword.From))
            {
                key = ParseStringValue("a metadata key string", out _);
            }

            var isVirtual = AcceptKeyword(Keyword.Virtual);
            var metadataComment = TryParseComment();
            columns.Add(new MetadataColumn(name, type, key, isVirtual, metadataComment, SpanFrom(start)));
            return;
        }

        if (AtKeyword(Keyword.Primary))
        {
            var pkStart = StartOfCurrent;
            Advance();
            ExpectKeyword(Keyword.Key);
            ParseNotEnforced(pkStart);
            SetPrimaryKey(ref primaryKey, new PrimaryKeyDefinition(null, [name], SpanFrom(pkStart)));
        }

        var comment = TryParseComment();
        columns.Add(new PhysicalColumn(name, type, comment, SpanFrom(start)));
    }

    private void SetPrimaryKey(ref PrimaryKeyDefinition? primaryKey, PrimaryKeyDefinition definition)
    {
        if (primaryKey is not null)
        {
            Report(DiagnosticCodes.DuplicateTableConstraint, definition.Span, "a table can have only one PRIMARY KEY",
                "list all key columns in one PRIMARY KEY (a, b) NOT ENFORCED");
            return;
        }

        primaryKey = definition;
    }

    private void ParseNotEnforced(int start)
    {
        if (AtKeyword(Keyword.Not) && PeekKeyword(1, Keyword.Enforced))
        {
            Advance();
            Advance();
            return;
        }

        var span = AtKeyword(Keyword.Enforced) ? new SourceSpan(Current.Start, Current.Length) : new SourceSpan(start, Math.Max(0, _prevEnd - start));
        AcceptKeyword(Keyword.Enforced);
        Report(DiagnosticCodes.PrimaryKeyNotEnforced, span, "a PRIMARY KEY must be declared NOT ENFORCED",
            "BSQL, like Flink, does not check keys: write `PRIMARY KEY (k) NOT ENFORCED`");
    }

    private string? TryParseComment() => AcceptKeyword(Keyword.Comment) ? ParseStringValue("a comment string", out _) : null;

    /// <summary><c>WATERMARK FOR ts AS expr</c></summary>
    private WatermarkDefinition ParseWatermark()
    {
        var start = StartOfCurrent;
        Advance(); // WATERMARK
        Advance(); // FOR
        var column = ParseIdentifier("the event-time column");
        if (!AcceptKeyword(Keyword.As))
        {
            ReportExpected("AS", $"write `WATERMARK FOR {(column.Value.Length > 0 ? column.Value : "ts")} AS {(column.Value.Length > 0 ? column.Value : "ts")} - INTERVAL '5' SECOND`",
                DiagnosticCodes.WatermarkMissingAs);
        }

        var strategy = ParseExpression();
        return new WatermarkDefinition(column, strategy, SpanFrom(start));
    }

    /// <summary><c>CREATE [TEMPORARY] VIEW [IF NOT EXISTS] name [(cols)] [COMMENT '...'] AS query</c></summary>
    private CreateViewStatement ParseCreateView(int start, bool temporary)
    {
        Advance(); // VIEW
        var ifNotExists = ParseIfNotExists();
        var name = ParseQualifiedName("a view name");
        var columns = At(TokenKind.LeftParen) ? ParseIdentifierList() : default;
        var comment = TryParseComment();
        ExpectKeyword(Keyword.As, "a view is defined as CREATE VIEW name AS SELECT ...");
        var query = ParseQuery();
        return new CreateViewStatement(name, temporary, ifNotExists, columns, comment, query, SpanFrom(start));
    }

    /// <summary><c>CREATE FUNCTION name AS 'class' [LANGUAGE x] [USING ASSEMBLY 'path']</c></summary>
    private CreateFunctionStatement ParseCreateFunction(int start, bool temporary, bool system)
    {
        Advance(); // FUNCTION
        var ifNotExists = ParseIfNotExists();
        var name = ParseQualifiedName("a function name");
        ExpectKeyword(Keyword.As, "write CREATE FUNCTION name AS 'Namespace.Type'");
        var className = ParseStringValue("the implementing class name as a string", out _, "write CREATE FUNCTION name AS 'Namespace.Type'");
        string? language = null;
        if (AcceptKeyword(Keyword.Language))
        {
            language = ParseIdentifier("a language name").Value;
        }

        string? assembly = null;
        if (AcceptKeyword(Keyword.Using))
        {
            if (TextIs(Current, "JAR"))
            {
                Report(DiagnosticCodes.NotSupported, new SourceSpan(Current.Start, Current.Length), "USING JAR is not supported",
                    "BSQL loads .NET assemblies: write USING ASSEMBLY 'path/to/udfs.dll'");
                Advance();
            }
            else
            {
                ExpectKeyword(Keyword.Assembly, "write USING ASSEMBLY 'path/to/udfs.dll'");
            }

            assembly = ParseStringValue("the assembly path as a string", out _);
        }

        return new CreateFunctionStatement(name, temporary, system, ifNotExists, className, language, assembly, SpanFrom(start));
    }

    /// <summary><c>INSERT {INTO|OVERWRITE} name [hints] [(cols)] query</c></summary>
    private InsertStatement ParseInsert()
    {
        var start = StartOfCurrent;
        Advance(); // INSERT
        var overwrite = false;
        if (AcceptKeyword(Keyword.Overwrite))
        {
            overwrite = true;
        }
        else
        {
            ExpectKeyword(Keyword.Into, "write INSERT INTO table SELECT ...");
        }

        var table = ParseQualifiedName("a table name");
        var hints = TryParseHints();
        var columns = default(EquatableArray<Identifier>);
        if (At(TokenKind.LeftParen) && !IsQueryStartAt(_index))
        {
            columns = ParseIdentifierList();
        }

        var query = ParseQuery();
        return new InsertStatement(table, overwrite, hints, columns, query, SpanFrom(start));
    }

    /// <summary><c>EXPLAIN [PLAN FOR] statement</c></summary>
    private Statement? ParseExplain()
    {
        var start = StartOfCurrent;
        Advance();
        var planFor = false;
        var details = new List<string>();
        if (AcceptKeyword(Keyword.Plan))
        {
            ExpectKeyword(Keyword.For);
            planFor = true;
        }
        else
        {
            while (Current.Kind == TokenKind.Identifier && Current.Keyword == Keyword.None &&
                   (Peek(1).Kind == TokenKind.Comma || IsStatementStart(Peek(1)) || Peek(1).Kind == TokenKind.LeftParen))
            {
                var detail = Advance();
                var name = TextOf(detail).ToString().ToUpperInvariant();
                if (name is not ("ESTIMATED_COST" or "CHANGELOG_MODE" or "PLAN_ADVICE" or "JSON_EXECUTION_PLAN"))
                {
                    Report(DiagnosticCodes.UnexpectedToken, new SourceSpan(detail.Start, detail.Length), $"unknown EXPLAIN detail '{TextOf(detail)}'",
                        "EXPLAIN details are ESTIMATED_COST, CHANGELOG_MODE, PLAN_ADVICE and JSON_EXECUTION_PLAN");
                }

                details.Add(name);
                if (!Accept(TokenKind.Comma))
                {
                    break;
                }
            }
        }

        if (AtKeyword(Keyword.Explain))
        {
            ReportExpected("a statement to explain");
            return null;
        }

        var inner = ParseStatement();
        return inner is null ? null : new ExplainStatement(inner, planFor, SpanFrom(start)) { Details = details.ToEquatableArray() };
    }

    /// <summary><c>DROP [TEMPORARY] {TABLE|VIEW|FUNCTION} [IF EXISTS] name</c></summary>
    private DropStatement? ParseDrop()
    {
        var start = StartOfCurrent;
        Advance();
        var temporary = AcceptKeyword(Keyword.Temporary);
        DropKind kind;
        if (AcceptKeyword(Keyword.Table))
        {
            kind = DropKind.Table;
        }
        else if (AcceptKeyword(Keyword.View))
        {
            kind = DropKind.View;
        }
        else if (AcceptKeyword(Keyword.Function))
        {
            kind = DropKind.Function;
        }
        else
        {
            ReportExpected("TABLE, VIEW or FUNCTION");
            return null;
        }

        var ifExists = false;
        if (AcceptKeyword(Keyword.If))
        {
            ExpectKeyword(Keyword.Exists);
            ifExists = true;
        }

        var name = ParseQualifiedName();
        return new DropStatement(kind, name, temporary, ifExists, SpanFrom(start));
    }

    /// <summary>
    /// <c>EXECUTE STATEMENT SET BEGIN INSERT ...; ... END</c>, or the SQL client form
    /// <c>BEGIN STATEMENT SET; INSERT ...; ... END</c> (same node).
    /// </summary>
    private StatementSetStatement? ParseStatementSet()
    {
        var start = StartOfCurrent;
        if (Advance().Keyword == Keyword.Begin)
        {
            if (!ExpectKeyword(Keyword.Statement) || !ExpectKeyword(Keyword.Set))
            {
                return null;
            }

            Expect(TokenKind.Semicolon, "write BEGIN STATEMENT SET; INSERT ...; INSERT ...; END;");
        }
        else if (!ExpectKeyword(Keyword.Statement) || !ExpectKeyword(Keyword.Set) || !ExpectKeyword(Keyword.Begin))
        {
            return null;
        }

        var inserts = new List<InsertStatement>();
        while (!AtKeyword(Keyword.End) && !At(TokenKind.EndOfFile))
        {
            if (Accept(TokenKind.Semicolon))
            {
                continue;
            }

            if (!AtKeyword(Keyword.Insert))
            {
                ReportExpected("INSERT or END", "a statement set holds INSERT statements, each ending with ';'");
                SkipToStatementEnd();
                continue;
            }

            inserts.Add(ParseInsert());
            if (!At(TokenKind.Semicolon))
            {
                ReportExpected("';' after the INSERT", "end each INSERT of a statement set with ';'");
                SkipToStatementEnd();
            }
        }

        ExpectKeyword(Keyword.End, "close the statement set with END");
        return new StatementSetStatement(inserts.ToEquatableArray(), SpanFrom(start));
    }
}
