using Bsql.Parser.Diagnostics;
using Bsql.Parser.Lexing;
using Bsql.Parser.Syntax;

namespace Bsql.Parser.Parsing;

/// <summary>Queries: WITH, SELECT, set operations, VALUES, ORDER BY, LIMIT.</summary>
internal sealed partial class Parser
{
    /// <summary>True when the token at <paramref name="index"/> starts a query (looking through opening parentheses).</summary>
    private bool IsQueryStartAt(int index)
    {
        while (index < _tokens.Length && _tokens[index].Kind == TokenKind.LeftParen)
        {
            index++;
        }

        var token = _tokens[Math.Min(index, _tokens.Length - 1)];
        return token.Kind == TokenKind.Identifier && token.Keyword is Keyword.Select or Keyword.With or Keyword.Values;
    }

    /// <summary><c>[WITH ...] body [ORDER BY ...] [LIMIT n] [OFFSET m]</c></summary>
    private Query ParseQuery()
    {
        var start = StartOfCurrent;
        if (!Enter())
        {
            return new Query(default, EmptySelect(), default, null, null, HereSpan);
        }

        try
        {
            var with = default(EquatableArray<CommonTableExpr>);
            if (AcceptKeyword(Keyword.With))
            {
                var ctes = new List<CommonTableExpr>();
                do
                {
                    ctes.Add(ParseCommonTableExpr());
                }
                while (Accept(TokenKind.Comma) && !_recovering);

                with = ctes.ToEquatableArray();
            }

            var body = ParseQueryBody(0);
            var orderBy = default(EquatableArray<OrderItem>);
            if (AtKeyword(Keyword.Order))
            {
                Advance();
                ExpectKeyword(Keyword.By);
                orderBy = ParseOrderItems();
            }

            Expr? limit = null;
            if (AcceptKeyword(Keyword.Limit))
            {
                limit = ParseExpression();
            }

            Expr? offset = null;
            if (AcceptKeyword(Keyword.Offset))
            {
                offset = ParseExpression();
                if (!AcceptKeyword(Keyword.Rows) && TextIs(Current, "ROW"))
                {
                    Advance();
                }
            }

            return new Query(with, body, orderBy, limit, offset, SpanFrom(start));
        }
        finally
        {
            Leave();
        }
    }

    private SelectBody EmptySelect() => new(default, false, default, default, null, default, null, HereSpan);

    private CommonTableExpr ParseCommonTableExpr()
    {
        var start = StartOfCurrent;
        var name = ParseIdentifier("a name for the WITH query");
        var columns = At(TokenKind.LeftParen) ? ParseIdentifierList() : default;
        ExpectKeyword(Keyword.As, "write WITH name AS (SELECT ...)");
        Expect(TokenKind.LeftParen);
        var query = ParseQuery();
        Expect(TokenKind.RightParen);
        return new CommonTableExpr(name, columns, query, SpanFrom(start));
    }

    private EquatableArray<OrderItem> ParseOrderItems()
    {
        var items = new List<OrderItem>();
        do
        {
            var start = StartOfCurrent;
            var expr = ParseExpression();
            var descending = false;
            if (AcceptKeyword(Keyword.Desc))
            {
                descending = true;
            }
            else
            {
                AcceptKeyword(Keyword.Asc);
            }

            bool? nullsFirst = null;
            if (AcceptKeyword(Keyword.Nulls))
            {
                if (AcceptKeyword(Keyword.First))
                {
                    nullsFirst = true;
                }
                else
                {
                    ExpectKeyword(Keyword.Last);
                    nullsFirst = false;
                }
            }

            items.Add(new OrderItem(expr, descending, nullsFirst, SpanFrom(start)));
        }
        while (Accept(TokenKind.Comma) && !_recovering);

        return items.ToEquatableArray();
    }

    private static int SetOperatorPrecedence(Token token) =>
        token.Kind != TokenKind.Identifier ? -1 : token.Keyword switch
        {
            Keyword.Union or Keyword.Except or Keyword.Minus => 1,
            Keyword.Intersect => 2,
            _ => -1,
        };

    /// <summary>Set operations by precedence climbing: INTERSECT binds tighter than UNION/EXCEPT; all left-associative.</summary>
    private QueryBody ParseQueryBody(int minPrecedence)
    {
        var start = StartOfCurrent;
        var left = ParseQueryPrimary();
        var chain = 0;
        while (true)
        {
            var precedence = SetOperatorPrecedence(Current);
            if (precedence < minPrecedence || precedence < 0)
            {
                break;
            }

            if (!Enter())
            {
                break;
            }

            chain++;
            var op = Advance().Keyword switch
            {
                Keyword.Union => SetOperator.Union,
                Keyword.Intersect => SetOperator.Intersect,
                _ => SetOperator.Except,
            };
            var all = AcceptKeyword(Keyword.All);
            if (!all)
            {
                AcceptKeyword(Keyword.Distinct);
            }

            var right = ParseQueryBody(precedence + 1);
            left = new SetOperationBody(op, all, left, right, SpanFrom(start));
        }

        _depth -= chain;
        return left;
    }

    private QueryBody ParseQueryPrimary()
    {
        var start = StartOfCurrent;
        if (AtKeyword(Keyword.Select))
        {
            return ParseSelect();
        }

        if (AtKeyword(Keyword.Values))
        {
            return ParseValues();
        }

        if (At(TokenKind.LeftParen))
        {
            Advance();
            var query = ParseQuery();
            Expect(TokenKind.RightParen);

            // Parentheses that only group set operations are not kept (like parentheses in expressions); a nested
            // query with its own WITH, ORDER BY, LIMIT or OFFSET stays a NestedQueryBody.
            return query.With.IsEmpty && query.OrderBy.IsEmpty && query.Limit is null && query.Offset is null
                ? query.Body
                : new NestedQueryBody(query, SpanFrom(start));
        }

        ReportExpected("SELECT", "a query starts with SELECT, WITH or VALUES");
        return EmptySelect();
    }

    /// <summary><c>VALUES (a, b), (c, d)</c></summary>
    private ValuesBody ParseValues()
    {
        var start = StartOfCurrent;
        Advance();
        var rows = new List<ValuesRow>();
        do
        {
            var rowStart = StartOfCurrent;
            var values = new List<Expr>();
            if (Expect(TokenKind.LeftParen, "each VALUES row is written in parentheses: VALUES (1, 'a'), (2, 'b')"))
            {
                do
                {
                    values.Add(ParseExpression());
                }
                while (Accept(TokenKind.Comma) && !_recovering);

                Expect(TokenKind.RightParen);
            }

            rows.Add(new ValuesRow(values.ToEquatableArray(), SpanFrom(rowStart)));
        }
        while (Accept(TokenKind.Comma) && !_recovering);

        return new ValuesBody(rows.ToEquatableArray(), SpanFrom(start));
    }

    /// <summary><c>SELECT [hints] [DISTINCT|ALL] items [FROM ...] [WHERE ...] [GROUP BY ...] [HAVING ...]</c></summary>
    private SelectBody ParseSelect()
    {
        var start = StartOfCurrent;
        Advance(); // SELECT
        var hints = TryParseHints();
        var distinct = false;
        if (AcceptKeyword(Keyword.Distinct))
        {
            distinct = true;
        }
        else
        {
            AcceptKeyword(Keyword.All);
        }

        var items = new List<SelectItem>();
        do
        {
            items.Add(ParseSelectItem());
        }
        while (Accept(TokenKind.Comma) && !_recovering);

        var from = default(EquatableArray<TableRef>);
        if (AcceptKeyword(Keyword.From))
        {
            var refs = new List<TableRef>();
            do
            {
                refs.Add(ParseTableRef());
            }
            while (Accept(TokenKind.Comma) && !_recovering);

            from = refs.ToEquatableArray();
        }

        Expr? where = null;
        if (AcceptKeyword(Keyword.Where))
        {
            where = ParseExpression();
        }

        var groupBy = default(EquatableArray<Expr>);
        if (AtKeyword(Keyword.Group))
        {
            Advance();
            ExpectKeyword(Keyword.By);
            var multiLevel = TextIs(Current, "GROUPING") && TextIs(Peek(1), "SETS") ? "GROUPING SETS"
                : (TextIs(Current, "ROLLUP") || TextIs(Current, "CUBE")) && Peek(1).Kind == TokenKind.LeftParen ? TextOf(Current).ToString().ToUpperInvariant()
                : null;
            if (multiLevel is not null)
            {
                var end = multiLevel == "GROUPING SETS" ? Peek(1).End : Current.End;
                Report(DiagnosticCodes.NotSupported, SourceSpan.FromBounds(Current.Start, end), $"{multiLevel} is not supported yet",
                    "write one query per grouping and combine them with UNION ALL");
                // The rest of the statement is skipped: no second diagnostic about what follows.
                SkipToStatementEnd();
            }
            else
            {
                var keys = new List<Expr>();
                do
                {
                    keys.Add(ParseExpression());
                }
                while (Accept(TokenKind.Comma) && !_recovering);

                groupBy = keys.ToEquatableArray();
            }
        }

        Expr? having = null;
        if (AcceptKeyword(Keyword.Having))
        {
            having = ParseExpression();
        }

        var windows = default(EquatableArray<NamedWindow>);
        if (AtKeyword(Keyword.Window))
        {
            Advance();
            var named = new List<NamedWindow>();
            do
            {
                var windowStart = StartOfCurrent;
                var name = ParseIdentifier();
                ExpectKeyword(Keyword.As, "write WINDOW w AS (PARTITION BY k ORDER BY ts ...)");
                named.Add(new NamedWindow(name, ParseWindowSpec(), SpanFrom(windowStart)));
            }
            while (Accept(TokenKind.Comma) && !_recovering);

            windows = named.ToEquatableArray();
        }

        return new SelectBody(hints, distinct, items.ToEquatableArray(), from, where, groupBy, having, SpanFrom(start)) { Windows = windows };
    }

    private SelectItem ParseSelectItem()
    {
        var start = StartOfCurrent;
        if (At(TokenKind.Star))
        {
            Advance();
            return new SelectItem(new StarExpr(default, SpanFrom(start)), null, SpanFrom(start));
        }

        if (AtKeyword(Keyword.From))
        {
            ReportExpected("a select item", "the select list is empty: write SELECT * or list the columns");
            return new SelectItem(new ErrorExpr(HereSpan), null, HereSpan);
        }

        var expr = ParseExpression();
        Identifier? alias = null;
        if (AcceptKeyword(Keyword.As))
        {
            alias = ParseIdentifier("an alias");
        }
        else if (IsIdentifierToken(Current))
        {
            alias = ParseIdentifier("an alias");
        }

        return new SelectItem(expr, alias, SpanFrom(start));
    }
}
