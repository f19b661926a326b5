using Bsql.Parser.Diagnostics;
using Bsql.Parser.Lexing;
using Bsql.Parser.Syntax;

namespace Bsql.Parser.Parsing;

/// <summary>FROM items: tables, subqueries, window TVFs, UNNEST, joins (regular, lookup, delayed window).</summary>
internal sealed partial class Parser
{
    private const string DelayedJoinShape = "a delayed window join is written `a LEFT[(GLOBAL)] 1h WINDOW AND 10m DELAY JOIN b ON a.k = b.k`";

    /// <summary>A table primary followed by any number of joins (left-deep).</summary>
    private TableRef ParseTableRef()
    {
        var start = StartOfCurrent;
        var left = ParseTablePrimary();
        var chain = 0;
        while (true)
        {
            JoinKind kind;
            if (AtKeyword(Keyword.Join))
            {
                kind = JoinKind.Inner;
            }
            else if (AtKeyword(Keyword.Inner))
            {
                kind = JoinKind.Inner;
                Advance();
            }
            else if (AtKeyword(Keyword.Left))
            {
                var next = Peek(1);
                if (next.Kind is TokenKind.LeftParen or TokenKind.ShortDuration or TokenKind.Integer ||
                    (next.Kind == TokenKind.Identifier && next.Keyword == Keyword.Interval))
                {
                    if (!Enter())
                    {
                        break;
                    }

                    chain++;
                    left = ParseDelayedWindowJoin(start, left);
                    continue;
                }

                kind = JoinKind.Left;
                Advance();
                AcceptKeyword(Keyword.Outer);
            }
            else if (AtKeyword(Keyword.Right))
            {
                kind = JoinKind.Right;
                Advance();
                AcceptKeyword(Keyword.Outer);
            }
            else if (AtKeyword(Keyword.Full))
            {
                kind = JoinKind.Full;
                Advance();
                AcceptKeyword(Keyword.Outer);
            }
            else if (AtKeyword(Keyword.Cross))
            {
                kind = JoinKind.Cross;
                Advance();
            }
            else
            {
                break;
            }

            if (!Enter())
            {
                break;
            }

            chain++;
            ExpectKeyword(Keyword.Join);
            var right = ParseTablePrimary();
            Expr? on = null;
            var usingColumns = default(EquatableArray<Identifier>);
            if (AcceptKeyword(Keyword.On))
            {
                on = ParseExpression();
            }
            else if (AcceptKeyword(Keyword.Using))
            {
                usingColumns = ParseIdentifierList();
            }
            else if (kind != JoinKind.Cross)
            {
                ReportExpected("ON or USING", "add `ON <condition>` (use CROSS JOIN for a join without a condition)",
                    DiagnosticCodes.JoinMissingCondition);
            }

            left = new JoinTableRef(kind, left, right, on, usingColumns, SpanFrom(start));
        }

        _depth -= chain;
        return left;
    }

    /// <summary><c>left LEFT[(GLOBAL)] &lt;dur&gt; WINDOW AND &lt;dur&gt; DELAY JOIN right ON cond</c></summary>
    private TableRef ParseDelayedWindowJoin(int start, TableRef left)
    {
        var headStart = StartOfCurrent;
        Advance(); // LEFT
        var global = false;
        if (Accept(TokenKind.LeftParen))
        {
            if (AcceptKeyword(Keyword.Global))
            {
                global = true;
            }
            else
            {
                ReportExpected("GLOBAL", DelayedJoinShape, DiagnosticCodes.InvalidDelayedJoin);
            }

            Expect(TokenKind.RightParen);
        }

        if (!IsDurationStart(Current))
        {
            ReportExpected($"the window duration after {(global ? "LEFT(GLOBAL)" : "LEFT")}", DelayedJoinShape, DiagnosticCodes.InvalidDelayedJoin);
        }

        var window = ParseDuration();
        ExpectKeyword(Keyword.Window, DelayedJoinShape, DiagnosticCodes.InvalidDelayedJoin);
        if (!AcceptKeyword(Keyword.And))
        {
            ReportExpected("AND <delay> DELAY after WINDOW", "write `... 1h WINDOW AND 10m DELAY JOIN ...`; use `0s DELAY` for no grace period",
                DiagnosticCodes.DelayedJoinMissingDelay);
        }

        var delay = ParseDuration();
        ExpectKeyword(Keyword.Delay, "write `... WINDOW AND 10m DELAY JOIN ...`; use `0s DELAY` for no grace period", DiagnosticCodes.DelayedJoinMissingDelay);
        ExpectKeyword(Keyword.Join, DelayedJoinShape);
        if (!_options.AllowExtensions)
        {
            Report(DiagnosticCodes.NotSupported, SourceSpan.FromBounds(headStart, _prevEnd), "the delayed window join is a BSQL extension",
                "enable extensions in ParserOptions");
        }

        var right = ParseTablePrimary();
        Expr on;
        if (AcceptKeyword(Keyword.On))
        {
            on = ParseExpression();
        }
        else
        {
            ReportExpected("ON", "a delayed window join needs `ON <condition>` relating the two inputs", DiagnosticCodes.JoinMissingCondition);
            on = new ErrorExpr(HereSpan);
        }

        return new DelayedWindowJoin(left, right, global, window, delay, on, SpanFrom(start));
    }

    private static bool IsDurationStart(Token token) =>
        token.Kind is TokenKind.ShortDuration or TokenKind.Integer ||
        (token.Kind == TokenKind.Identifier && token.Keyword == Keyword.Interval);

    /// <summary>A duration: the short form <c>10m</c> or <c>INTERVAL '10' MINUTE</c>.</summary>
    private Duration ParseDuration()
    {
        var start = StartOfCurrent;
        var token = Current;
        if (token.Kind == TokenKind.ShortDuration)
        {
            Advance();
            var text = TextOf(token);
            var span = new NodeSpan(token.Start, token.Length);
            var digits = 0;
            while (digits < text.Length && char.IsAsciiDigit(text[digits]))
            {
                digits++;
            }

            var unit = text[digits..].ToString().ToLowerInvariant();
            long factor = unit switch
            {
                "ms" => 1,
                "s" => 1000,
                "m" => 60_000,
                "h" => 3_600_000,
                "d" => 86_400_000,
                _ => 0,
            };
            if (factor == 0)
            {
                var shown = text[digits..].ToString();
                Report(DiagnosticCodes.InvalidDuration, span,
                    digits < text.Length && !char.IsAsciiLetter(text[digits]) ? $"invalid duration '{text}'" : $"unknown duration unit '{shown}' in '{text}'",
                    "use ms, s, m, h or d (e.g. 500ms, 90s, 10m, 1h, 1d), or an INTERVAL literal");
                return new Duration(0, text.ToString().ToLowerInvariant(), span);
            }

            if (!long.TryParse(text[..digits], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var amount) ||
                amount > long.MaxValue / factor)
            {
                Report(DiagnosticCodes.InvalidDuration, span, $"duration '{text}' is out of range");
                return new Duration(0, text.ToString().ToLowerInvariant(), span);
            }

            return new Duration(amount * factor, text[..digits].ToString() + unit, span);
        }

        if (token.Kind == TokenKind.Integer)
        {
            Advance();
            Report(DiagnosticCodes.InvalidDuration, new SourceSpan(token.Start, token.Length), $"duration '{TextOf(token)}' has no unit",
                $"write {TextOf(token)}s, {TextOf(token)}m, ... (units ms, s, m, h, d), or an INTERVAL literal");
            return new Duration(0, "0s", new NodeSpan(token.Start, token.Length));
        }

        if (AtKeyword(Keyword.Interval))
        {
            var interval = ParseIntervalLiteral();
            long ms = 0;
            if (interval.From is TimeUnit.Year or TimeUnit.Month)
            {
                Report(DiagnosticCodes.InvalidDuration, interval.Span, "a duration cannot be measured in months or years",
                    "use DAY, HOUR, MINUTE or SECOND");
            }
            else if (IntervalMath.TryGetMilliseconds(interval, out var value))
            {
                ms = value;
                if (ms < 0)
                {
                    Report(DiagnosticCodes.InvalidDuration, interval.Span, "a duration cannot be negative", "write a positive INTERVAL, e.g. INTERVAL '10' MINUTE");
                }
            }

            return new Duration(ms, Printing.SqlPrinter.Print(interval), SpanFrom(start));
        }

        ReportExpected("a duration such as 1h, 10m or INTERVAL '1' HOUR", null, DiagnosticCodes.InvalidDuration);
        return new Duration(0, "0s", HereSpan);
    }

    private TableRef ParseTablePrimary()
    {
        var start = StartOfCurrent;
        if (!Enter())
        {
            return new NamedTableRef(new QualifiedName([new Identifier(string.Empty, HereSpan)], HereSpan), default, null, null, HereSpan);
        }

        try
        {
            var lateral = AcceptKeyword(Keyword.Lateral);
            if (At(TokenKind.LeftParen))
            {
                if (IsQueryStartAt(_index))
                {
                    Advance();
                    var query = ParseQuery();
                    Expect(TokenKind.RightParen);
                    var alias = TryParseTableAlias();
                    return new DerivedTableRef(query, lateral, alias, SpanFrom(start));
                }

                // A parenthesized join: the parentheses only group.
                Advance();
                var inner = ParseTableRef();
                Expect(TokenKind.RightParen);
                return inner;
            }

            if (AtKeyword(Keyword.Table) && Peek(1).Kind == TokenKind.LeftParen)
            {
                Advance();
                Advance();
                var callStart = StartOfCurrent;
                var name = ParseQualifiedName("a table function name");
                FunctionCall call;
                if (At(TokenKind.LeftParen))
                {
                    var parsed = ParseFunctionCallRest(callStart, name);
                    if (parsed is FunctionCall functionCall)
                    {
                        call = functionCall;
                    }
                    else
                    {
                        Report(DiagnosticCodes.NotSupported, parsed.Span, $"{name} is not a table function");
                        call = new FunctionCall(name, [parsed], false, null, null, parsed.Span);
                    }
                }
                else
                {
                    ReportExpected("'(' after the table function name",
                        "window TVFs are written TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '10' SECOND))");
                    call = new FunctionCall(name, default, false, null, null, SpanFrom(callStart));
                }

                Expect(TokenKind.RightParen);
                var alias = TryParseTableAlias();
                return new TableFunctionRef(call, lateral, alias, SpanFrom(start));
            }

            if (AtKeyword(Keyword.Unnest))
            {
                Advance();
                var args = new List<Expr>();
                Expect(TokenKind.LeftParen);
                do
                {
                    args.Add(ParseExpression());
                }
                while (Accept(TokenKind.Comma) && !_recovering);

                Expect(TokenKind.RightParen);
                var withOrdinality = false;
                if (AtKeyword(Keyword.With) && PeekKeyword(1, Keyword.Ordinality))
                {
                    Advance();
                    Advance();
                    withOrdinality = true;
                }

                var alias = TryParseTableAlias();
                return new UnnestTableRef(args.ToEquatableArray(), withOrdinality, alias, SpanFrom(start));
            }

            if (lateral)
            {
                ReportExpected("TABLE(...) or a subquery after LATERAL");
            }

            var tableName = ParseQualifiedName("a table name");
            var hints = TryParseHints();
            ReportUnsupportedTableClause();
            Expr? asOf = null;
            if (AtKeyword(Keyword.For))
            {
                Advance();
                if (!AcceptKeyword(Keyword.SystemTime))
                {
                    ReportExpected("SYSTEM_TIME", "a lookup join is written `JOIN d FOR SYSTEM_TIME AS OF a.proc AS d ON ...`");
                }

                ExpectKeyword(Keyword.As);
                ExpectKeyword(Keyword.Of);
                asOf = ParseExpression();
            }

            var tableAlias = TryParseTableAlias();
            return new NamedTableRef(tableName, hints, asOf, tableAlias, SpanFrom(start));
        }
        finally
        {
            Leave();
        }
    }

    /// <summary>Flink clauses after a table that BSQL does not support yet (they would otherwise read as an alias).</summary>
    private void ReportUnsupportedTableClause()
    {
        var token = Current;
        foreach (var clause in (string[])["MATCH_RECOGNIZE", "TABLESAMPLE", "NATURAL"])
        {
            if (TextIs(token, clause))
            {
                Report(DiagnosticCodes.NotSupported, new SourceSpan(token.Start, token.Length),
                    clause == "NATURAL" ? "NATURAL JOIN is not supported" : $"{clause} is not supported yet",
                    clause == "NATURAL" ? "write the join condition: JOIN b ON a.k = b.k (or USING (k))" : null);
                SkipToStatementEnd();
                return;
            }
        }
    }

    /// <summary><c>[AS] alias [(c1, c2)]</c>, or null.</summary>
    private TableAlias? TryParseTableAlias()
    {
        var start = StartOfCurrent;
        Identifier name;
        if (AcceptKeyword(Keyword.As))
        {
            name = ParseIdentifier("an alias");
        }
        else if (IsIdentifierToken(Current))
        {
            name = ParseIdentifier("an alias");
        }
        else
        {
            return null;
        }

        var columns = At(TokenKind.LeftParen) ? ParseIdentifierList() : default;
        return new TableAlias(name, columns, SpanFrom(start));
    }
}
