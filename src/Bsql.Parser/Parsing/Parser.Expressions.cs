using Bsql.Parser.Diagnostics;
using Bsql.Parser.Lexing;
using Bsql.Parser.Syntax;

namespace Bsql.Parser.Parsing;

/// <summary>Expressions: a precedence-climbing loop over one operator table (<see cref="Precedence"/>).</summary>
internal sealed partial class Parser
{
    private Expr ParseExpression() => ParseExpression(Precedence.Lowest);

    private Expr ParseExpression(int minPrecedence)
    {
        if (!Enter())
        {
            return new ErrorExpr(HereSpan);
        }

        var start = StartOfCurrent;
        var left = ParseInfixLoop(start, ParsePrefix(), minPrecedence);
        Leave();
        return left;
    }

    /// <summary>The precedence-climbing loop: extends <paramref name="left"/> with operators binding at least <paramref name="minPrecedence"/>.</summary>
    private Expr ParseInfixLoop(int start, Expr left, int minPrecedence)
    {
        var chain = 0;
        while (true)
        {
            var token = Current;
            var precedence = InfixPrecedence(token);
            if (precedence < minPrecedence || precedence == 0)
            {
                break;
            }

            // Each link of an operator chain deepens the tree by one: count it so that record equality, the
            // printer and the planner (all recursive) stay within the stack.
            if (!Enter())
            {
                break;
            }

            chain++;
            left = ParseInfix(start, left, token, precedence);
        }

        _depth -= chain;
        return left;
    }

    private int InfixPrecedence(Token token)
    {
        switch (token.Kind)
        {
            case TokenKind.Plus:
            case TokenKind.Minus:
                return Precedence.Additive;
            case TokenKind.Star:
            case TokenKind.Slash:
            case TokenKind.Percent:
                return Precedence.Multiplicative;
            case TokenKind.Concat:
                return Precedence.Concat;
            case TokenKind.Equal:
            case TokenKind.NotEqual:
            case TokenKind.BangEqual:
            case TokenKind.Less:
            case TokenKind.LessEqual:
            case TokenKind.Greater:
            case TokenKind.GreaterEqual:
                return Precedence.Comparison;
            case TokenKind.Identifier:
                return token.Keyword switch
                {
                    Keyword.Or => Precedence.Or,
                    Keyword.And => Precedence.And,
                    Keyword.Is or Keyword.In or Keyword.Between or Keyword.Like => Precedence.Comparison,
                    Keyword.Not when Peek(1).Kind == TokenKind.Identifier && Peek(1).Keyword is Keyword.In or Keyword.Between or Keyword.Like =>
                        Precedence.Comparison,
                    _ => 0,
                };
            default:
                return 0;
        }
    }

    private Expr ParseInfix(int start, Expr left, Token token, int precedence)
    {
        if (token.Kind != TokenKind.Identifier || token.Keyword is Keyword.And or Keyword.Or)
        {
            Advance();
            var op = token.Kind switch
            {
                TokenKind.Plus => BinaryOperator.Add,
                TokenKind.Minus => BinaryOperator.Subtract,
                TokenKind.Star => BinaryOperator.Multiply,
                TokenKind.Slash => BinaryOperator.Divide,
                TokenKind.Percent => BinaryOperator.Modulo,
                TokenKind.Concat => BinaryOperator.Concat,
                TokenKind.Equal => BinaryOperator.Equal,
                TokenKind.NotEqual or TokenKind.BangEqual => BinaryOperator.NotEqual,
                TokenKind.Less => BinaryOperator.Less,
                TokenKind.LessEqual => BinaryOperator.LessOrEqual,
                TokenKind.Greater => BinaryOperator.Greater,
                TokenKind.GreaterEqual => BinaryOperator.GreaterOrEqual,
                _ => token.Keyword == Keyword.And ? BinaryOperator.And : BinaryOperator.Or,
            };
            var right = ParseExpression(precedence + 1);
            return new BinaryExpr(op, left, right, SpanFrom(start));
        }

        if (token.Keyword == Keyword.Is)
        {
            Advance();
            var negated = AcceptKeyword(Keyword.Not);
            if (AcceptKeyword(Keyword.Distinct))
            {
                ExpectKeyword(Keyword.From, "write a IS [NOT] DISTINCT FROM b");
                var right = ParseExpression(Precedence.Comparison + 1);
                return new IsDistinctFromExpr(left, right, negated, SpanFrom(start));
            }

            IsTest test;
            if (AcceptKeyword(Keyword.Null))
            {
                test = IsTest.Null;
            }
            else if (AcceptKeyword(Keyword.True))
            {
                test = IsTest.True;
            }
            else if (AcceptKeyword(Keyword.False))
            {
                test = IsTest.False;
            }
            else if (AcceptKeyword(Keyword.Unknown))
            {
                test = IsTest.Unknown;
            }
            else
            {
                ReportExpected("NULL, TRUE, FALSE, UNKNOWN or DISTINCT FROM after IS");
                test = IsTest.Null;
            }

            return new IsExpr(left, test, negated, SpanFrom(start));
        }

        var not = AcceptKeyword(Keyword.Not);
        var keyword = Advance().Keyword;
        switch (keyword)
        {
            case Keyword.Between:
            {
                var low = ParseExpression(Precedence.Comparison + 1);
                ExpectKeyword(Keyword.And, "write x BETWEEN low AND high");
                var high = ParseExpression(Precedence.Comparison + 1);
                return new BetweenExpr(left, low, high, not, SpanFrom(start));
            }

            case Keyword.Like:
            {
                var pattern = ParseExpression(Precedence.Comparison + 1);
                Expr? escape = null;
                if (AcceptKeyword(Keyword.Escape))
                {
                    escape = ParseExpression(Precedence.Comparison + 1);
                }

                return new LikeExpr(left, pattern, escape, not, SpanFrom(start));
            }

            default: // IN
            {
                if (!Expect(TokenKind.LeftParen, "write x IN (a, b) or x IN (SELECT ...)"))
                {
                    return new InListExpr(left, default, not, SpanFrom(start));
                }

                if (IsQueryStartAt(_index))
                {
                    var query = ParseQuery();
                    Expect(TokenKind.RightParen);
                    return new InSubqueryExpr(left, query, not, SpanFrom(start));
                }

                var items = new List<Expr>();
                do
                {
                    items.Add(ParseExpression());
                }
                while (Accept(TokenKind.Comma) && !_recovering);

                Expect(TokenKind.RightParen);
                return new InListExpr(left, items.ToEquatableArray(), not, SpanFrom(start));
            }
        }
    }

    /// <summary>Prefix operators, then a primary, then postfix <c>[i]</c> and <c>.field</c>.</summary>
    private Expr ParsePrefix()
    {
        var start = StartOfCurrent;
        var token = Current;
        if (token.Kind == TokenKind.Minus || token.Kind == TokenKind.Plus)
        {
            Advance();
            var operand = ParseExpression(Precedence.Unary);
            return new UnaryExpr(token.Kind == TokenKind.Minus ? UnaryOperator.Negate : UnaryOperator.Plus, operand, SpanFrom(start));
        }

        if (token.Kind == TokenKind.Identifier && token.Keyword == Keyword.Not)
        {
            Advance();
            var operand = ParseExpression(Precedence.Not);
            return new UnaryExpr(UnaryOperator.Not, operand, SpanFrom(start));
        }

        var parenthesized = token.Kind == TokenKind.LeftParen;
        var expr = ParsePrimary();
        while (true)
        {
            if (At(TokenKind.LeftBracket))
            {
                Advance();
                var index = ParseExpression();
                Expect(TokenKind.RightBracket);
                expr = new SubscriptExpr(expr, index, SpanFrom(start));
            }
            else if (At(TokenKind.Dot) && Peek(1).Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier &&
                     (expr is not NameExpr || parenthesized))
            {
                Advance();
                var field = ParseIdentifierAfterDot();
                expr = new FieldAccessExpr(expr, field, SpanFrom(start));
            }
            else
            {
                return expr;
            }
        }
    }

    private Expr ParsePrimary()
    {
        var start = StartOfCurrent;
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Integer:
                Advance();
                return new NumberLiteral(TextOf(token).ToString(), NumberKind.Integer, SpanFrom(start));
            case TokenKind.Decimal:
                Advance();
                return new NumberLiteral(TextOf(token).ToString(), NumberKind.Decimal, SpanFrom(start));
            case TokenKind.Double:
                Advance();
                return new NumberLiteral(TextOf(token).ToString(), NumberKind.Double, SpanFrom(start));
            case TokenKind.String:
                Advance();
                return new StringLiteral(UnquoteString(token), SpanFrom(start));
            case TokenKind.ShortDuration:
                return ReportShortDuration();
            case TokenKind.LeftParen:
                return ParseParenthesized();
            case TokenKind.QuotedIdentifier:
                return ParseNameOrCall();
            case TokenKind.Identifier:
                break;
            default:
                ReportExpected("an expression", null, DiagnosticCodes.ExpectedExpression);
                return new ErrorExpr(HereSpan);
        }

        switch (token.Keyword)
        {
            case Keyword.True:
                Advance();
                return new BooleanLiteral(true, SpanFrom(start));
            case Keyword.False:
                Advance();
                return new BooleanLiteral(false, SpanFrom(start));
            case Keyword.Null:
                Advance();
                return new NullLiteral(SpanFrom(start));
            case Keyword.Date:
            case Keyword.Time:
            case Keyword.Timestamp:
                if (Peek(1).Kind == TokenKind.String)
                {
                    return ParseTypedLiteral();
                }

                break;
            case Keyword.Interval:
                return ParseIntervalLiteral();
            case Keyword.Case:
                return ParseCase();
            case Keyword.Cast:
            case Keyword.TryCast:
                return ParseCast();
            case Keyword.Extract:
                return ParseExtract();
            case Keyword.Exists:
                return ParseExists();
            case Keyword.Array when Peek(1).Kind == TokenKind.LeftBracket:
                Advance();
                return new ArrayConstructor(ParseBracketList(), SpanFrom(start));
            case Keyword.Map when Peek(1).Kind == TokenKind.LeftBracket:
                Advance();
                return new MapConstructor(ParseBracketList(), SpanFrom(start));
            case Keyword.CurrentDate:
            case Keyword.CurrentTime:
            case Keyword.CurrentTimestamp:
            case Keyword.Localtime:
            case Keyword.Localtimestamp:
                return ParseNiladicCall();
            case Keyword.Descriptor when Peek(1).Kind == TokenKind.LeftParen:
                return ParseDescriptor();
            case Keyword.Row when Peek(1).Kind == TokenKind.LeftParen:
            case Keyword.Left when Peek(1).Kind == TokenKind.LeftParen:
            case Keyword.Right when Peek(1).Kind == TokenKind.LeftParen:
                return ParseKeywordCall();
        }

        if (Keywords.IsReserved(token.Keyword))
        {
            ReportExpected("an expression", null, DiagnosticCodes.ExpectedExpression);
            return new ErrorExpr(HereSpan);
        }

        return ParseNameOrCall();
    }

    private ErrorExpr ReportShortDuration()
    {
        var token = Advance();
        Report(DiagnosticCodes.ShortDurationInExpression, new SourceSpan(token.Start, token.Length),
            $"'{TextOf(token)}' is not a valid expression: short durations are only allowed in a delayed window join",
            $"write an INTERVAL literal, e.g. {SuggestInterval(TextOf(token))}");
        return new ErrorExpr(new NodeSpan(token.Start, token.Length));
    }

    private TypedLiteral ParseTypedLiteral()
    {
        var start = StartOfCurrent;
        var keyword = Advance().Keyword;
        var value = UnquoteString(Advance());
        var kind = keyword switch
        {
            Keyword.Date => TypedLiteralKind.Date,
            Keyword.Time => TypedLiteralKind.Time,
            _ => TypedLiteralKind.Timestamp,
        };
        return new TypedLiteral(kind, value, SpanFrom(start));
    }

    /// <summary><c>CURRENT_TIMESTAMP</c> and friends: calls written without parentheses (names kept upper case).</summary>
    private FunctionCall ParseNiladicCall()
    {
        var token = Advance();
        var name = new Identifier(Intern(TextOf(token).ToString().ToUpperInvariant()), new NodeSpan(token.Start, token.Length));
        return new FunctionCall(new QualifiedName([name], name.Span), default, false, null, null, name.Span);
    }

    private DescriptorExpr ParseDescriptor()
    {
        var start = StartOfCurrent;
        Advance();
        var columns = ParseIdentifierList();
        return new DescriptorExpr(columns, SpanFrom(start));
    }

    /// <summary>ROW(a, b) constructs a row; LEFT(s, n) and RIGHT(s, n) are string functions.</summary>
    private Expr ParseKeywordCall()
    {
        var start = StartOfCurrent;
        var token = Advance();
        var name = new Identifier(Intern(TextOf(token)), new NodeSpan(token.Start, token.Length));
        return ParseFunctionCallRest(start, new QualifiedName([name], name.Span));
    }

    private ExistsExpr ParseExists()
    {
        var start = StartOfCurrent;
        Advance();
        Expect(TokenKind.LeftParen, "write EXISTS (SELECT ...)");
        var query = ParseQuery();
        Expect(TokenKind.RightParen);
        return new ExistsExpr(query, SpanFrom(start));
    }

    private static string SuggestInterval(ReadOnlySpan<char> text)
    {
        var digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }

        var amount = text[..digits].ToString();
        return text[digits..].ToString().ToLowerInvariant() switch
        {
            "s" => $"INTERVAL '{amount}' SECOND",
            "m" => $"INTERVAL '{amount}' MINUTE",
            "h" => $"INTERVAL '{amount}' HOUR",
            "d" => $"INTERVAL '{amount}' DAY",
            _ => "INTERVAL '10' MINUTE",
        };
    }

    /// <summary><c>(expr)</c> or a scalar subquery <c>(SELECT ...)</c>.</summary>
    private Expr ParseParenthesized()
    {
        var start = StartOfCurrent;
        if (PeekKeyword(1, Keyword.Select) || PeekKeyword(1, Keyword.With) || PeekKeyword(1, Keyword.Values))
        {
            Advance();
            var query = ParseQuery();
            Expect(TokenKind.RightParen);
            return new SubqueryExpr(query, SpanFrom(start));
        }

        Advance();
        var inner = ParseExpression();
        Expect(TokenKind.RightParen, At(TokenKind.Comma) ? "row values (a, b) are written ROW(a, b)" : null);
        return inner;
    }

    /// <summary>A name chain <c>a.b.c</c>, <c>t.*</c>, or a function call <c>f(...)</c> / <c>db.f(...)</c>.</summary>
    private Expr ParseNameOrCall()
    {
        var start = StartOfCurrent;
        var parts = new List<Identifier>(2) { ParseIdentifier("an expression") };
        while (At(TokenKind.Dot))
        {
            var next = Peek(1);
            if (next.Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier)
            {
                Advance();
                parts.Add(ParseIdentifierAfterDot());
            }
            else if (next.Kind == TokenKind.Star)
            {
                Advance();
                Advance();
                return new StarExpr(parts.ToEquatableArray(), SpanFrom(start));
            }
            else
            {
                break;
            }
        }

        if (At(TokenKind.LeftParen))
        {
            return ParseFunctionCallRest(start, new QualifiedName(parts.ToEquatableArray(), SpanFrom(start)));
        }

        return new NameExpr(parts.ToEquatableArray(), SpanFrom(start));
    }

    /// <summary><c>([DISTINCT] args) [FILTER (WHERE c)] [OVER (...)]</c> after a function name.</summary>
    private Expr ParseFunctionCallRest(int start, QualifiedName name)
    {
        if (!Enter())
        {
            return new FunctionCall(name, default, false, null, null, SpanFrom(start));
        }

        try
        {
            Advance(); // (
            var distinct = false;
            var args = new List<Expr>();
            if (!At(TokenKind.RightParen))
            {
                if (AcceptKeyword(Keyword.Distinct))
                {
                    distinct = true;
                }
                else
                {
                    AcceptKeyword(Keyword.All);
                }

                var special = distinct || name.Parts.Count != 1 ? null : TryParseSpecialCallForm(name, args);
                if (special is not null)
                {
                    Expect(TokenKind.RightParen);
                    return special(SpanFrom(start));
                }

                if (args.Count == 0 || Accept(TokenKind.Comma))
                {
                    do
                    {
                        args.Add(ParseArgument());
                    }
                    while (Accept(TokenKind.Comma) && !_recovering);
                }
            }

            Expect(TokenKind.RightParen);
            Expr? filter = null;
            if (AtKeyword(Keyword.Filter))
            {
                Advance();
                Expect(TokenKind.LeftParen, "write agg(x) FILTER (WHERE condition)");
                ExpectKeyword(Keyword.Where, "write agg(x) FILTER (WHERE condition)");
                filter = ParseExpression();
                Expect(TokenKind.RightParen);
            }

            WindowSpec? over = null;
            if (AtKeyword(Keyword.Over))
            {
                Advance();
                if (At(TokenKind.Identifier))
                {
                    var referenceStart = StartOfCurrent;
                    var reference = ParseIdentifier();
                    over = new WindowSpec(default, default, null, SpanFrom(referenceStart)) { Reference = reference };
                }
                else
                {
                    over = ParseWindowSpec();
                }
            }

            return new FunctionCall(name, args.ToEquatableArray(), distinct, filter, over, SpanFrom(start));
        }
        finally
        {
            Leave();
        }
    }

    /// <summary>
    /// The SQL-standard call syntaxes with keywords inside the parentheses. Returns a factory for the finished node when
    /// the special form was parsed; otherwise null, with any first argument parsed so far added to <paramref name="args"/>
    /// (the caller continues with the remaining arguments).
    /// </summary>
    private Func<NodeSpan, Expr>? TryParseSpecialCallForm(QualifiedName functionName, List<Expr> args)
    {
        switch (functionName.Parts[0].Value.ToUpperInvariant())
        {
            case "TRIM":
            {
                var mode = TrimMode.Both;
                var hasMode = false;
                var next = Peek(1).Kind;
                if (next is not TokenKind.RightParen and not TokenKind.Comma)
                {
                    if (TextIs(Current, "BOTH") || TextIs(Current, "LEADING") || TextIs(Current, "TRAILING"))
                    {
                        mode = TextIs(Current, "LEADING") ? TrimMode.Leading : TextIs(Current, "TRAILING") ? TrimMode.Trailing : TrimMode.Both;
                        hasMode = true;
                        Advance();
                    }
                }

                Expr? characters = null;
                if (!(hasMode && AtKeyword(Keyword.From)))
                {
                    var first = ParseExpression();
                    if (!hasMode && !AtKeyword(Keyword.From))
                    {
                        args.Add(first);
                        return null;
                    }

                    characters = first;
                }

                ExpectKeyword(Keyword.From, "write TRIM([BOTH|LEADING|TRAILING] [characters] FROM s)");
                var source = ParseExpression();
                return span => new TrimExpr(mode, characters, source, span);
            }

            case "SUBSTRING":
            {
                args.Add(ParseExpression());
                if (!AcceptKeyword(Keyword.From))
                {
                    return null;
                }

                args.Add(ParseExpression());
                if (AcceptKeyword(Keyword.For))
                {
                    args.Add(ParseExpression());
                }

                return CallFactory(functionName, args);
            }

            case "POSITION":
            {
                var start = StartOfCurrent;
                var needle = ParseExpression(Precedence.Comparison + 1);
                if (AcceptKeyword(Keyword.In))
                {
                    args.Add(needle);
                    args.Add(ParseExpression());
                    return CallFactory(functionName, args);
                }

                args.Add(ParseInfixLoop(start, needle, Precedence.Lowest));
                return null;
            }

            case "OVERLAY":
            {
                args.Add(ParseExpression());
                if (!TextIs(Current, "PLACING"))
                {
                    return null;
                }

                Advance();
                args.Add(ParseExpression());
                ExpectKeyword(Keyword.From, "write OVERLAY(s PLACING r FROM position [FOR length])");
                args.Add(ParseExpression());
                if (AcceptKeyword(Keyword.For))
                {
                    args.Add(ParseExpression());
                }

                return CallFactory(functionName, args);
            }

            case "FLOOR":
            case "CEIL":
            case "CEILING":
            {
                args.Add(ParseExpression());
                if (!AtKeyword(Keyword.To))
                {
                    return null;
                }

                Advance();
                var unitStart = StartOfCurrent;
                var unit = ParseTimeUnit(extract: true) ?? TimeUnit.Day;
                args.Add(new TimeUnitExpr(unit, SpanFrom(unitStart)));
                return CallFactory(functionName, args);
            }

            case "JSON_VALUE":
            {
                var json = ParseExpression();
                if (!Accept(TokenKind.Comma))
                {
                    args.Add(json);
                    return null;
                }

                var path = ParseExpression();
                DataType? returning = null;
                if (TextIs(Current, "RETURNING"))
                {
                    Advance();
                    returning = ParseDataType();
                }

                JsonBehavior? onEmpty = null, onError = null;
                while (!_recovering && (AtKeyword(Keyword.Null) || TextIs(Current, "ERROR") || TextIs(Current, "DEFAULT")))
                {
                    var behaviorStart = StartOfCurrent;
                    var kind = AtKeyword(Keyword.Null) ? JsonBehaviorKind.Null : TextIs(Current, "ERROR") ? JsonBehaviorKind.Error : JsonBehaviorKind.Default;
                    Advance();
                    var value = kind == JsonBehaviorKind.Default ? ParseExpression() : null;
                    ExpectKeyword(Keyword.On, "write {NULL | ERROR | DEFAULT value} ON {EMPTY | ERROR}");
                    var behavior = new JsonBehavior(kind, value, SpanFrom(behaviorStart));
                    if (TextIs(Current, "EMPTY") && onEmpty is null && onError is null)
                    {
                        Advance();
                        onEmpty = behavior with { Span = SpanFrom(behaviorStart) };
                    }
                    else if (TextIs(Current, "ERROR") && onError is null)
                    {
                        Advance();
                        onError = behavior with { Span = SpanFrom(behaviorStart) };
                    }
                    else
                    {
                        ReportExpected(onError is null ? "EMPTY or ERROR" : "')'", "JSON_VALUE takes at most one ON EMPTY clause, then at most one ON ERROR clause");
                        break;
                    }
                }

                if (returning is null && onEmpty is null && onError is null)
                {
                    args.Add(json);
                    args.Add(path);
                    return CallFactory(functionName, args);
                }

                return span => new JsonValueExpr(json, path, returning, onEmpty, onError, span);
            }

            default:
                return null;
        }
    }

    private static Func<NodeSpan, Expr> CallFactory(QualifiedName functionName, List<Expr> args)
    {
        var arguments = args.ToEquatableArray();
        return span => new FunctionCall(functionName, arguments, false, null, null, span);
    }

    /// <summary>A function argument: <c>*</c>, <c>TABLE t</c>, <c>name =&gt; value</c> or an expression.</summary>
    private Expr ParseArgument()
    {
        var start = StartOfCurrent;
        var token = Current;
        if (token.Kind == TokenKind.Star)
        {
            Advance();
            return new StarExpr(default, SpanFrom(start));
        }

        if (token.Kind == TokenKind.Identifier && token.Keyword == Keyword.Table && Peek(1).Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier)
        {
            Advance();
            var table = ParseQualifiedName("a table name");
            return new TableArgument(table, SpanFrom(start));
        }

        if (token.Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier && Peek(1).Kind == TokenKind.Arrow)
        {
            Advance();
            Advance();
            var name = token.Kind == TokenKind.QuotedIdentifier ? UnquoteIdentifier(token) : Intern(TextOf(token));
            var value = ParseArgument();
            return new NamedArgument(new Identifier(name, new NodeSpan(token.Start, token.Length)), value, SpanFrom(start));
        }

        return ParseExpression();
    }

    private EquatableArray<Expr> ParseBracketList()
    {
        Advance(); // [
        var items = new List<Expr>();
        if (!At(TokenKind.RightBracket))
        {
            do
            {
                items.Add(ParseExpression());
            }
            while (Accept(TokenKind.Comma) && !_recovering);
        }

        Expect(TokenKind.RightBracket);
        return items.ToEquatableArray();
    }

    /// <summary><c>(PARTITION BY ... ORDER BY ... [ROWS|RANGE ...])</c></summary>
    private WindowSpec ParseWindowSpec()
    {
        var start = StartOfCurrent;
        Expect(TokenKind.LeftParen, "write OVER (PARTITION BY k ORDER BY ts)");
        var partitionBy = default(EquatableArray<Expr>);
        if (AcceptKeyword(Keyword.Partition))
        {
            ExpectKeyword(Keyword.By);
            var keys = new List<Expr>();
            do
            {
                keys.Add(ParseExpression());
            }
            while (Accept(TokenKind.Comma) && !_recovering);

            partitionBy = keys.ToEquatableArray();
        }

        var orderBy = default(EquatableArray<OrderItem>);
        if (AcceptKeyword(Keyword.Order))
        {
            ExpectKeyword(Keyword.By);
            orderBy = ParseOrderItems();
        }

        WindowFrame? frame = null;
        if (AtKeyword(Keyword.Rows) || AtKeyword(Keyword.Range))
        {
            var frameStart = StartOfCurrent;
            var unit = Advance().Keyword == Keyword.Rows ? FrameUnit.Rows : FrameUnit.Range;
            FrameBound first;
            FrameBound? second = null;
            if (AcceptKeyword(Keyword.Between))
            {
                first = ParseFrameBound();
                ExpectKeyword(Keyword.And);
                second = ParseFrameBound();
            }
            else
            {
                first = ParseFrameBound();
            }

            frame = new WindowFrame(unit, first, second, SpanFrom(frameStart));
        }

        Expect(TokenKind.RightParen);
        return new WindowSpec(partitionBy, orderBy, frame, SpanFrom(start));
    }

    private FrameBound ParseFrameBound()
    {
        var start = StartOfCurrent;
        if (AcceptKeyword(Keyword.Unbounded))
        {
            if (AcceptKeyword(Keyword.Following))
            {
                return new FrameBound(FrameBoundKind.UnboundedFollowing, null, SpanFrom(start));
            }

            ExpectKeyword(Keyword.Preceding);
            return new FrameBound(FrameBoundKind.UnboundedPreceding, null, SpanFrom(start));
        }

        if (AtKeyword(Keyword.Current) && PeekKeyword(1, Keyword.Row))
        {
            Advance();
            Advance();
            return new FrameBound(FrameBoundKind.CurrentRow, null, SpanFrom(start));
        }

        var offset = ParseExpression(Precedence.Additive);
        if (AcceptKeyword(Keyword.Following))
        {
            return new FrameBound(FrameBoundKind.Following, offset, SpanFrom(start));
        }

        ExpectKeyword(Keyword.Preceding, "a frame bound is UNBOUNDED PRECEDING, n PRECEDING, CURRENT ROW or n FOLLOWING");
        return new FrameBound(FrameBoundKind.Preceding, offset, SpanFrom(start));
    }

    /// <summary><c>CASE [x] WHEN a THEN b ... [ELSE c] END</c></summary>
    private Expr ParseCase()
    {
        var start = StartOfCurrent;
        Advance();
        Expr? operand = null;
        if (!AtKeyword(Keyword.When))
        {
            operand = ParseExpression();
        }

        var whens = new List<WhenClause>();
        while (AtKeyword(Keyword.When))
        {
            var whenStart = StartOfCurrent;
            Advance();
            var condition = ParseExpression();
            ExpectKeyword(Keyword.Then);
            var result = ParseExpression();
            whens.Add(new WhenClause(condition, result, SpanFrom(whenStart)));
            if (_recovering)
            {
                break;
            }
        }

        if (whens.Count == 0)
        {
            ReportExpected("WHEN", "write CASE WHEN condition THEN result [ELSE other] END");
        }

        Expr? elseResult = null;
        if (AcceptKeyword(Keyword.Else))
        {
            elseResult = ParseExpression();
        }

        ExpectKeyword(Keyword.End, "close CASE with END");
        return new CaseExpr(operand, whens.ToEquatableArray(), elseResult, SpanFrom(start));
    }

    /// <summary><c>CAST(x AS T)</c> / <c>TRY_CAST(x AS T)</c></summary>
    private Expr ParseCast()
    {
        var start = StartOfCurrent;
        var isTry = Advance().Keyword == Keyword.TryCast;
        Expect(TokenKind.LeftParen, "write CAST(x AS type)");
        var operand = ParseExpression();
        ExpectKeyword(Keyword.As, "write CAST(x AS type)");
        var type = ParseDataType();
        Expect(TokenKind.RightParen);
        return new CastExpr(operand, type, isTry, SpanFrom(start));
    }

    /// <summary><c>EXTRACT(unit FROM x)</c></summary>
    private Expr ParseExtract()
    {
        var start = StartOfCurrent;
        Advance();
        Expect(TokenKind.LeftParen, "write EXTRACT(HOUR FROM ts)");
        var unit = ParseTimeUnit(extract: true) ?? TimeUnit.Second;
        ExpectKeyword(Keyword.From, "write EXTRACT(HOUR FROM ts)");
        var source = ParseExpression();
        Expect(TokenKind.RightParen);
        return new ExtractExpr(unit, source, SpanFrom(start));
    }

    private TimeUnit? ParseTimeUnit(bool extract)
    {
        var token = Current;
        TimeUnit? unit = null;
        if (token.Kind == TokenKind.Identifier)
        {
            unit = TimeUnits.FromName(TextOf(token));
            if (unit is not null && !extract && !TimeUnits.IsIntervalUnit(unit.Value))
            {
                unit = null;
            }
        }

        if (unit is null)
        {
            ReportExpected(extract ? "a time unit (YEAR, MONTH, DAY, HOUR, MINUTE, SECOND, ...)" : "an interval unit (YEAR, MONTH, DAY, HOUR, MINUTE or SECOND)");
            return null;
        }

        Advance();
        return unit;
    }

    /// <summary><c>INTERVAL [-]'value' unit [TO unit]</c></summary>
    private IntervalLiteral ParseIntervalLiteral()
    {
        var start = StartOfCurrent;
        Advance(); // INTERVAL
        var negative = false;
        if (At(TokenKind.Minus))
        {
            Advance();
            negative = true;
        }
        else
        {
            Accept(TokenKind.Plus);
        }

        string value;
        var valueSpan = new SourceSpan(Current.Start, Current.Length);
        if (At(TokenKind.String))
        {
            value = UnquoteString(Advance());
        }
        else
        {
            var hint = At(TokenKind.Integer) || At(TokenKind.Decimal) ? $"quote the value: INTERVAL '{TextOf(Current)}' SECOND" : "write e.g. INTERVAL '10' SECOND";
            ReportExpected("a quoted interval value", hint, DiagnosticCodes.InvalidInterval);
            if (At(TokenKind.Integer) || At(TokenKind.Decimal))
            {
                Advance();
            }

            value = "0";
        }

        var from = ParseTimeUnit(extract: false) ?? TimeUnit.Second;
        TimeUnit? to = null;
        if (AcceptKeyword(Keyword.To))
        {
            to = ParseTimeUnit(extract: false) ?? TimeUnit.Second;
        }

        var literal = new IntervalLiteral(value, from, to, negative, SpanFrom(start));
        if (!_recovering)
        {
            var error = IntervalMath.Validate(literal);
            if (error is not null)
            {
                Report(DiagnosticCodes.InvalidInterval, error.Value.IsValueError ? valueSpan : literal.Span, error.Value.Message, error.Value.Help);
            }
        }

        return literal;
    }
}
