using System.Globalization;
using Bsql.Parser.Diagnostics;
using Bsql.Parser.Lexing;
using Bsql.Parser.Syntax;

namespace Bsql.Parser.Parsing;

/// <summary>Data types: scalar types with parameters, ARRAY/MULTISET/MAP/ROW, NOT NULL.</summary>
internal sealed partial class Parser
{
    private const string SupportedTypes =
        "supported types: BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, DECIMAL(p, s), STRING, VARCHAR(n), CHAR(n), " +
        "BYTES, BINARY(n), VARBINARY(n), DATE, TIME(p), TIMESTAMP(p), TIMESTAMP_LTZ(p), ARRAY<T>, MULTISET<T>, MAP<K, V>, ROW<name T, ...>";

    private DataType ParseDataType()
    {
        var start = StartOfCurrent;
        if (!Enter())
        {
            return new ScalarType(ScalarTypeKind.String, null, null, false, HereSpan);
        }

        try
        {
            var type = ParseBaseType(start);
            type = ApplyNullability(type);

            // Postfix collection syntax: INT ARRAY, STRING MULTISET.
            while ((AtKeyword(Keyword.Array) || AtKeyword(Keyword.Multiset)) && Peek(1).Kind != TokenKind.Less)
            {
                var multiset = Advance().Keyword == Keyword.Multiset;
                type = multiset ? new MultisetType(type, false, SpanFrom(start)) : new ArrayType(type, false, SpanFrom(start));
                type = ApplyNullability(type);
            }

            return type;
        }
        finally
        {
            Leave();
        }
    }

    private DataType ApplyNullability(DataType type)
    {
        if (AtKeyword(Keyword.Not) && PeekKeyword(1, Keyword.Null))
        {
            Advance();
            Advance();
            return type with { NotNull = true, Span = SpanFrom(type.Span.Start) };
        }

        // `NULL ON ...` after a type is JSON_VALUE's `RETURNING type NULL ON EMPTY`, not a nullability.
        if (AtKeyword(Keyword.Null) && !PeekKeyword(1, Keyword.On))
        {
            Advance();
        }

        return type;
    }

    private DataType ParseBaseType(int start)
    {
        var token = Current;
        if (token.Kind != TokenKind.Identifier)
        {
            ReportExpected("a data type", SupportedTypes);
            return new ScalarType(ScalarTypeKind.String, null, null, false, HereSpan);
        }

        Span<char> buffer = stackalloc char[16];
        var text = TextOf(token);
        var name = text.Length <= buffer.Length ? buffer[..text.ToUpperInvariant(buffer)] : [];
        switch (name)
        {
            case "BOOLEAN":
                return Scalar(ScalarTypeKind.Boolean, start);
            case "TINYINT":
                return Scalar(ScalarTypeKind.TinyInt, start);
            case "SMALLINT":
                return Scalar(ScalarTypeKind.SmallInt, start);
            case "INT":
            case "INTEGER":
                return Scalar(ScalarTypeKind.Int, start);
            case "BIGINT":
                return Scalar(ScalarTypeKind.BigInt, start);
            case "FLOAT":
            case "REAL":
                return Scalar(ScalarTypeKind.Float, start);
            case "DOUBLE":
                Advance();
                if (TextIs(Current, "PRECISION"))
                {
                    Advance();
                }

                return new ScalarType(ScalarTypeKind.Double, null, null, false, SpanFrom(start));
            case "DECIMAL":
            case "DEC":
            case "NUMERIC":
            {
                Advance();
                int? precision = null, scale = null;
                if (Accept(TokenKind.LeftParen))
                {
                    precision = ParseTypeParameter(1, 38, "DECIMAL precision");
                    if (Accept(TokenKind.Comma))
                    {
                        scale = ParseTypeParameter(0, precision ?? 38, "DECIMAL scale");
                    }

                    Expect(TokenKind.RightParen);
                }

                return new ScalarType(ScalarTypeKind.Decimal, precision, scale, false, SpanFrom(start));
            }

            case "CHAR":
            case "CHARACTER":
            {
                Advance();
                var kind = ScalarTypeKind.Char;
                if (TextIs(Current, "VARYING"))
                {
                    Advance();
                    kind = ScalarTypeKind.VarChar;
                }

                return new ScalarType(kind, TryParseLength(), null, false, SpanFrom(start));
            }

            case "VARCHAR":
                Advance();
                return new ScalarType(ScalarTypeKind.VarChar, TryParseLength(), null, false, SpanFrom(start));
            case "STRING":
                return Scalar(ScalarTypeKind.String, start);
            case "BINARY":
                Advance();
                return new ScalarType(ScalarTypeKind.Binary, TryParseLength(), null, false, SpanFrom(start));
            case "VARBINARY":
                Advance();
                return new ScalarType(ScalarTypeKind.VarBinary, TryParseLength(), null, false, SpanFrom(start));
            case "BYTES":
                return Scalar(ScalarTypeKind.Bytes, start);
            case "DATE":
                return Scalar(ScalarTypeKind.Date, start);
            case "TIME":
            {
                Advance();
                var precision = TryParsePrecision(0, 9, "TIME precision");
                if (AtKeyword(Keyword.Without))
                {
                    Advance();
                    ExpectKeyword(Keyword.Time);
                    ExpectKeyword(Keyword.Zone);
                }

                return new ScalarType(ScalarTypeKind.Time, precision, null, false, SpanFrom(start));
            }

            case "TIMESTAMP":
            {
                Advance();
                var precision = TryParsePrecision(0, 9, "TIMESTAMP precision");
                var kind = ScalarTypeKind.Timestamp;
                if (AtKeyword(Keyword.Without))
                {
                    Advance();
                    ExpectKeyword(Keyword.Time);
                    ExpectKeyword(Keyword.Zone);
                }
                else if (AtKeyword(Keyword.With))
                {
                    Advance();
                    if (!AcceptKeyword(Keyword.Local))
                    {
                        Report(DiagnosticCodes.NotSupported, new SourceSpan(Current.Start, Current.Length), "TIMESTAMP WITH TIME ZONE is not supported",
                            "use TIMESTAMP_LTZ(p) (TIMESTAMP(p) WITH LOCAL TIME ZONE)");
                    }

                    ExpectKeyword(Keyword.Time);
                    ExpectKeyword(Keyword.Zone);
                    kind = ScalarTypeKind.TimestampLtz;
                }

                return new ScalarType(kind, precision, null, false, SpanFrom(start));
            }

            case "TIMESTAMP_LTZ":
            {
                Advance();
                var precision = TryParsePrecision(0, 9, "TIMESTAMP_LTZ precision");
                return new ScalarType(ScalarTypeKind.TimestampLtz, precision, null, false, SpanFrom(start));
            }

            case "ARRAY":
            case "MULTISET":
            {
                var multiset = name[0] == 'M';
                Advance();
                Expect(TokenKind.Less, $"write {(multiset ? "MULTISET" : "ARRAY")}<element type>");
                var element = ParseDataType();
                Expect(TokenKind.Greater);
                return multiset ? new MultisetType(element, false, SpanFrom(start)) : new ArrayType(element, false, SpanFrom(start));
            }

            case "MAP":
            {
                Advance();
                Expect(TokenKind.Less, "write MAP<key type, value type>");
                var key = ParseDataType();
                Expect(TokenKind.Comma, "write MAP<key type, value type>");
                var value = ParseDataType();
                Expect(TokenKind.Greater);
                return new MapType(key, value, false, SpanFrom(start));
            }

            case "ROW":
                return ParseRowType(start);
            default:
                Advance();
                Report(DiagnosticCodes.UnknownDataType, new SourceSpan(token.Start, token.Length), $"unknown data type '{text}'", SupportedTypes);
                if (At(TokenKind.LeftParen))
                {
                    // Skip the parameters of the unknown type so the rest of the statement still parses.
                    while (!At(TokenKind.RightParen) && !At(TokenKind.EndOfFile) && !At(TokenKind.Semicolon))
                    {
                        Advance();
                    }

                    Accept(TokenKind.RightParen);
                }

                return new ScalarType(ScalarTypeKind.String, null, null, false, SpanFrom(start));
        }
    }

    private ScalarType Scalar(ScalarTypeKind kind, int start)
    {
        Advance();
        if (At(TokenKind.LeftParen))
        {
            Report(DiagnosticCodes.InvalidTypeParameter, new SourceSpan(Current.Start, Current.Length),
                $"{kind.ToString().ToUpperInvariant()} takes no parameters", "remove the parenthesized parameters");
            while (!At(TokenKind.RightParen) && !At(TokenKind.EndOfFile) && !At(TokenKind.Semicolon))
            {
                Advance();
            }

            Accept(TokenKind.RightParen);
        }

        return new ScalarType(kind, null, null, false, SpanFrom(start));
    }

    private int? TryParseLength()
    {
        if (!Accept(TokenKind.LeftParen))
        {
            return null;
        }

        var length = ParseTypeParameter(1, int.MaxValue, "length");
        Expect(TokenKind.RightParen);
        return length;
    }

    private int? TryParsePrecision(int min, int max, string what)
    {
        if (!Accept(TokenKind.LeftParen))
        {
            return null;
        }

        var precision = ParseTypeParameter(min, max, what);
        Expect(TokenKind.RightParen);
        return precision;
    }

    private int? ParseTypeParameter(int min, int max, string what)
    {
        var token = Current;
        if (token.Kind != TokenKind.Integer)
        {
            ReportExpected($"an integer {what}", null, DiagnosticCodes.InvalidTypeParameter);
            return null;
        }

        Advance();
        if (!int.TryParse(TextOf(token), NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            Report(DiagnosticCodes.InvalidTypeParameter, new SourceSpan(token.Start, token.Length),
                $"{what} {TextOf(token)} is out of range", $"{what} must be between {min} and {max}");
            return Math.Clamp(value, min, max);
        }

        return value;
    }

    /// <summary><c>ROW&lt;name T ['description'], ...&gt;</c> or <c>ROW(name T, ...)</c></summary>
    private RowType ParseRowType(int start)
    {
        Advance(); // ROW
        TokenKind close;
        if (Accept(TokenKind.Less))
        {
            close = TokenKind.Greater;
        }
        else if (Accept(TokenKind.LeftParen))
        {
            close = TokenKind.RightParen;
        }
        else
        {
            ReportExpected("'<' after ROW", "write ROW<name TYPE, ...>");
            return new RowType(default, false, SpanFrom(start));
        }

        var fields = new List<RowField>();
        if (!At(close))
        {
            do
            {
                var fieldStart = StartOfCurrent;
                var name = ParseIdentifier("a field name");
                var type = ParseDataType();
                string? description = null;
                if (At(TokenKind.String))
                {
                    description = UnquoteString(Advance());
                }

                fields.Add(new RowField(name, type, description, SpanFrom(fieldStart)));
            }
            while (Accept(TokenKind.Comma) && !_recovering);
        }

        Expect(close, "separate ROW fields with ','");
        return new RowType(fields.ToEquatableArray(), false, SpanFrom(start));
    }
}
