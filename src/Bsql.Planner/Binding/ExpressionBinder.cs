using System.Collections.Immutable;
using System.Globalization;
using Bsql.Parser.Diagnostics;
using Bsql.Planner.Catalog;
using Bsql.Planner.Expressions;
using Bsql.Planner.Functions;
using Bsql.Planner.Types;
using Bsql.Planner.Util;
using Codes = Bsql.Planner.PlannerDiagnosticCodes;
using S = Bsql.Parser.Syntax;

namespace Bsql.Planner.Binding;

/// <summary>
/// Binds syntax expressions over a <see cref="Scope"/> into typed <see cref="BoundExpr"/>s: resolves names, checks
/// and infers types (inserting Flink's implicit casts) and lowers sugar (BETWEEN, NOT IN, simple CASE ...).
/// Errors become diagnostics and a NULL placeholder, so binding always completes.
/// </summary>
internal sealed class ExpressionBinder(BindContext ctx, Scope scope)
{
    private static readonly SqlType NullType = SqlType.Of(SqlTypeKind.Null);

    public Scope Scope { get; } = scope;

    /// <summary>Called on every expression before it is bound; a non-null result replaces it (aggregate mode).</summary>
    public Func<S.Expr, BoundExpr?>? Substitute { get; init; }

    /// <summary>When set, aggregates are an error and this names the clause (e.g. <c>WHERE</c>).</summary>
    public string? AggregatesForbiddenIn { get; init; } = "this clause";

    /// <summary>True in the select list of an aggregation: a plain column reference is an error.</summary>
    public bool GroupedOnly { get; init; }

    public BoundExpr Bind(S.Expr expr)
    {
        if (Substitute?.Invoke(expr) is { } replaced) return replaced;
        return expr switch
        {
            S.ErrorExpr => new Literal(null, NullType),
            S.StringLiteral s => new Literal(s.Value, new SqlType { Kind = SqlTypeKind.Char, Precision = Math.Max(1, s.Value.Length), Nullable = false }),
            S.NumberLiteral n => BindNumber(n),
            S.BooleanLiteral b => new Literal(b.Value, SqlType.Boolean.WithNullable(false)),
            S.NullLiteral => new Literal(null, NullType),
            S.TypedLiteral t => BindTypedLiteral(t),
            S.IntervalLiteral i => BindInterval(i),
            S.NameExpr n => BindName(n),
            S.FieldAccessExpr f => BindField(Bind(f.Target), f.Field, f.Span),
            S.SubscriptExpr s => BindSubscript(s),
            S.UnaryExpr u => BindUnary(u),
            S.BinaryExpr b => BindBinary(b),
            S.IsExpr i => BindIs(i),
            S.BetweenExpr b => BindBetween(b),
            S.InListExpr i => BindInList(i),
            S.LikeExpr l => BindLike(l),
            S.CaseExpr c => BindCase(c),
            S.CastExpr c => BindCast(c),
            S.ExtractExpr e => BindExtract(e),
            S.FunctionCall f => BindCall(f),
            S.ArrayConstructor a => BindArray(a),
            S.TrimExpr t => BindTrim(t),
            S.JsonValueExpr j => BindJsonValue(j),
            S.TimeUnitExpr u => new Literal(u.Unit.ToString().ToUpperInvariant(), SqlType.String.WithNullable(false)),
            S.IsDistinctFromExpr d => BindDistinctFrom(d),
            S.MapConstructor m => BindMap(m),
            S.StarExpr s => Error(Codes.Unsupported, s.Span, "'*' is only allowed in a select list or COUNT(*)"),
            S.InSubqueryExpr => Error(Codes.Unsupported, expr.Span, "IN (SELECT ...) is only supported as a condition of WHERE, joined to the others by AND",
                "move it to the WHERE clause, or write the subquery as a JOIN"),
            S.ExistsExpr => Error(Codes.Unsupported, expr.Span, "EXISTS (SELECT ...) is only supported as a condition of WHERE, joined to the others by AND",
                "move it to the WHERE clause: WHERE [NOT] EXISTS (SELECT ... WHERE inner.k = outer.k) AND ..."),
            S.SubqueryExpr => Error(Codes.Unsupported, expr.Span, "scalar subqueries are not supported yet",
                "write `x IN (SELECT k FROM ...)` or `EXISTS (SELECT ...)` in WHERE, or a JOIN"),
            _ => Error(Codes.Unsupported, expr.Span, $"expression '{expr.GetType().Name}' is not supported here"),
        };
    }

    /// <summary>Binds a condition (WHERE, HAVING, ON, FILTER): it must be BOOLEAN.</summary>
    public BoundExpr BindCondition(S.Expr expr, string clause)
    {
        var bound = Bind(expr);
        if (bound.Type.Kind is not (SqlTypeKind.Boolean or SqlTypeKind.Null))
        {
            ctx.Report(Codes.TypeMismatch, expr.Span, $"expected a BOOLEAN condition in {clause}, found {bound.Type}",
                "compare the value, e.g. `x = 1` or `x IS NOT NULL`");
            return new Literal(null, SqlType.Boolean);
        }
        return bound;
    }

    private BoundExpr Error(string code, SourceSpan span, string message, string? help = null)
    {
        ctx.Report(code, span, message, help);
        return new Literal(null, NullType);
    }

    private static BoundExpr BindNumber(S.NumberLiteral n)
    {
        var text = n.Text;
        if (n.Kind == S.NumberKind.Integer)
        {
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var i)) return new Literal(i, SqlType.Int.WithNullable(false));
            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var l)) return new Literal(l, SqlType.BigInt.WithNullable(false));
        }
        if (n.Kind != S.NumberKind.Double && decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d))
        {
            // Calcite's exact numeric literal: precision counts every written digit, scale the digits after the point.
            var dot = text.IndexOf('.');
            var scale = dot < 0 ? 0 : text.Length - dot - 1;
            var precision = Math.Max(1, text.Count(char.IsAsciiDigit));
            return new Literal(d, SqlType.Decimal(Math.Min(TypeRules.MaxDecimalPrecision, precision), scale).WithNullable(false));
        }
        return new Literal(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture), SqlType.Double.WithNullable(false));
    }

    private BoundExpr BindTypedLiteral(S.TypedLiteral t)
    {
        if (t.Kind == S.TypedLiteralKind.Binary)
        {
            try
            {
                return new Literal(Convert.FromHexString(t.Value), SqlType.Bytes.WithNullable(false));
            }
            catch (FormatException)
            {
                return Error(Codes.InvalidLiteral, t.Span, $"expected an even number of hexadecimal digits in a binary literal, found '{t.Value}'", "e.g. X'0A1B'");
            }
        }
        var type = t.Kind switch
        {
            S.TypedLiteralKind.Date => SqlType.Date,
            S.TypedLiteralKind.Time => new SqlType { Kind = SqlTypeKind.Time, Precision = FractionDigits(t.Value) },
            _ => SqlType.Timestamp(FractionDigits(t.Value)),
        };
        type = type.WithNullable(false);
        if (!Coercion.TryParseTemporal(t.Value, type, out var value))
        {
            return Error(Codes.InvalidLiteral, t.Span, $"expected a {t.Kind.ToString().ToUpperInvariant()} literal such as '{Example(t.Kind)}', found '{t.Value}'");
        }
        return new Literal(value, type);
    }

    private static int FractionDigits(string text)
    {
        var dot = text.LastIndexOf('.');
        return dot < 0 ? 0 : Math.Min(9, text.Length - dot - 1);
    }

    private static string Example(S.TypedLiteralKind kind) => kind switch
    {
        S.TypedLiteralKind.Binary => "0A1B",
        S.TypedLiteralKind.Date => "2024-01-31",
        S.TypedLiteralKind.Time => "12:00:00",
        _ => "2024-01-31 12:00:00.000",
    };

    private BoundExpr BindInterval(S.IntervalLiteral i)
    {
        if (IntervalValues.Evaluate(i) is not { } value)
        {
            return Error(Codes.InvalidLiteral, i.Span, $"expected an interval value matching {i.From}{(i.To is { } to ? " TO " + to : "")}, found '{i.Value}'");
        }
        return IntervalValues.IsYearMonth(i)
            ? new Literal((int)value, SqlType.Of(SqlTypeKind.IntervalYearMonth, false))
            : new Literal(value, SqlType.Of(SqlTypeKind.IntervalDayTime, false));
    }

    private BoundExpr BindName(S.NameExpr name)
    {
        if (Scope.Poisoned && !ctx.IsMuted)
        {
            // The FROM clause failed (and was reported): resolve what can be resolved, report nothing more.
            return ctx.Muted(() => BindNameCore(name));
        }
        return BindNameCore(name);
    }

    private BoundExpr BindNameCore(S.NameExpr name)
    {
        var parts = name.Parts;
        var index = -1;
        var consumed = 0;
        if (parts.Count >= 2 && Scope.HasQualifier(parts[0].Value))
        {
            var matches = Matches(c => c.Qualifier is not null && Eq(c.Qualifier, parts[0].Value) && Eq(c.Name, parts[1].Value));
            if (matches.Count == 0)
            {
                var candidates = Scope.Columns.Where(c => c.Qualifier is not null && Eq(c.Qualifier, parts[0].Value)).Select(c => c.Name);
                return Error(Codes.UnknownColumn, SpanOf(parts[1]), $"column '{parts[1].Value}' not found in '{parts[0].Value}'",
                    Suggestions.DidYouMean(parts[1].Value, candidates));
            }
            if (matches.Count > 1) return Error(Codes.AmbiguousColumn, name.Span, $"column '{parts[0].Value}.{parts[1].Value}' is ambiguous");
            index = matches[0];
            consumed = 2;
        }
        else
        {
            var matches = Matches(c => !c.Shadowed && Eq(c.Name, parts[0].Value));
            if (matches.Count > 1)
            {
                var tables = string.Join(", ", matches.Select(m => Scope.Columns[m].Qualifier ?? "?").Distinct());
                return Error(Codes.AmbiguousColumn, SpanOf(parts[0]), $"column '{parts[0].Value}' is ambiguous: it exists in {tables}",
                    $"qualify it, e.g. `{Scope.Columns[matches[0]].Qualifier ?? "t"}.{parts[0].Value}`");
            }
            if (matches.Count == 0)
            {
                if (parts.Count >= 2)
                {
                    var aliases = Scope.Columns.Select(c => c.Qualifier).OfType<string>().Distinct();
                    return Error(Codes.UnknownAlias, SpanOf(parts[0]), $"unknown table or column '{parts[0].Value}'",
                        Suggestions.DidYouMean(parts[0].Value, aliases.Concat(Scope.Columns.Select(c => c.Name))));
                }
                return Error(Codes.UnknownColumn, SpanOf(parts[0]), $"unknown column '{parts[0].Value}'",
                    Suggestions.DidYouMean(parts[0].Value, Scope.Columns.Select(c => c.Name)));
            }
            index = matches[0];
            consumed = 1;
        }
        var column = Scope.Columns[index];
        if (GroupedOnly)
        {
            var text = Parser.Printing.SqlPrinter.Print(name);
            return Error(Codes.NotGrouped, name.Span, $"expression '{text}' is neither grouped nor aggregated",
                $"add it to GROUP BY or wrap it in an aggregate such as MAX({text})");
        }
        BoundExpr result = new InputRef(index, column.Type);
        for (var i = consumed; i < parts.Count; i++)
        {
            result = BindField(result, parts[i], SpanOf(parts[i]));
        }
        return result;
    }

    private static SourceSpan SpanOf(S.Identifier id) => id.Span;

    private List<int> Matches(Func<ScopeColumn, bool> predicate)
    {
        var list = new List<int>();
        for (var i = 0; i < Scope.Count; i++)
        {
            if (predicate(Scope.Columns[i])) list.Add(i);
        }
        return list;
    }

    private static bool Eq(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private BoundExpr BindField(BoundExpr target, S.Identifier field, SourceSpan span)
    {
        if (target.Type.Kind == SqlTypeKind.Null) return target;
        if (target.Type.Kind != SqlTypeKind.Row)
        {
            return Error(Codes.TypeMismatch, span, $"expected a ROW value before '.{field.Value}', found {target.Type}");
        }
        var fields = target.Type.Fields;
        for (var i = 0; i < fields.Length; i++)
        {
            if (Eq(fields[i].Name, field.Value))
            {
                return new FieldAccess(target, i, fields[i].Type.WithNullable(fields[i].Type.Nullable || target.Type.Nullable));
            }
        }
        return Error(Codes.UnknownField, span, $"unknown field '{field.Value}' of {target.Type}", Suggestions.DidYouMean(field.Value, fields.Select(f => f.Name)));
    }

    private BoundExpr BindSubscript(S.SubscriptExpr s)
    {
        var target = Bind(s.Target);
        var index = Bind(s.Index);
        switch (target.Type.Kind)
        {
            case SqlTypeKind.Array:
                if (!index.Type.IsInteger && index.Type.Kind != SqlTypeKind.Null)
                {
                    return Error(Codes.TypeMismatch, s.Index.Span, $"expected an integer array index, found {index.Type}");
                }
                return new Call("ITEM", [target, index], target.Type.Element!.WithNullable(true));
            case SqlTypeKind.Map:
                if (!TypeRules.AreComparable(target.Type.Element!, index.Type))
                {
                    return Error(Codes.TypeMismatch, s.Index.Span, $"expected a map key of type {target.Type.Element}, found {index.Type}");
                }
                return new Call("ITEM", [target, Coercion.To(index, target.Type.Element!)], target.Type.Value!.WithNullable(true));
            case SqlTypeKind.Null:
                return target;
            default:
                return Error(Codes.TypeMismatch, s.Target.Span, $"expected an ARRAY or MAP before '[...]', found {target.Type}");
        }
    }

    private BoundExpr BindUnary(S.UnaryExpr u)
    {
        var operand = Bind(u.Operand);
        switch (u.Operator)
        {
            case S.UnaryOperator.Not:
                if (operand.Type.Kind is not (SqlTypeKind.Boolean or SqlTypeKind.Null))
                {
                    return Error(Codes.TypeMismatch, u.Operand.Span, $"expected BOOLEAN after NOT, found {operand.Type}");
                }
                return new Call("NOT", [operand], SqlType.Boolean.WithNullable(operand.Type.Nullable));
            case S.UnaryOperator.Negate:
                if (!operand.Type.IsNumeric && !TypeRules.IsInterval(operand.Type) && operand.Type.Kind != SqlTypeKind.Null)
                {
                    return Error(Codes.TypeMismatch, u.Operand.Span, $"expected a numeric value after '-', found {operand.Type}");
                }
                if (operand is Literal { Value: not null } lit) return NegateLiteral(lit);
                return new Call("NEGATE", [operand], operand.Type.WithoutTimeAttribute());
            default:
                if (!operand.Type.IsNumeric && operand.Type.Kind != SqlTypeKind.Null)
                {
                    return Error(Codes.TypeMismatch, u.Operand.Span, $"expected a numeric value after '+', found {operand.Type}");
                }
                return operand;
        }
    }

    private static Literal NegateLiteral(Literal lit) => lit.Value switch
    {
        int i => new Literal(-i, lit.Type),
        long l => new Literal(-l, lit.Type),
        decimal d => new Literal(-d, lit.Type),
        double d => new Literal(-d, lit.Type),
        float f => new Literal(-f, lit.Type),
        short s => new Literal((short)-s, lit.Type),
        sbyte b => new Literal((sbyte)-b, lit.Type),
        _ => lit,
    };

    private BoundExpr BindBinary(S.BinaryExpr b)
    {
        var left = Bind(b.Left);
        var right = Bind(b.Right);
        switch (b.Operator)
        {
            case S.BinaryOperator.And:
            case S.BinaryOperator.Or:
                var name = b.Operator == S.BinaryOperator.And ? "AND" : "OR";
                foreach (var (e, syntax) in new[] { (left, b.Left), (right, b.Right) })
                {
                    if (e.Type.Kind is not (SqlTypeKind.Boolean or SqlTypeKind.Null))
                    {
                        return Error(Codes.TypeMismatch, syntax.Span, $"expected BOOLEAN operands of {name}, found {e.Type}");
                    }
                }
                return new Call(name, [left, right], SqlType.Boolean.WithNullable(left.Type.Nullable || right.Type.Nullable));
            case S.BinaryOperator.Concat:
                foreach (var (e, syntax) in new[] { (left, b.Left), (right, b.Right) })
                {
                    if (!e.Type.IsString && e.Type.Kind != SqlTypeKind.Null)
                    {
                        return Error(Codes.TypeMismatch, syntax.Span, $"expected STRING operands of '||', found {e.Type}", "CAST the value to STRING first");
                    }
                }
                return new Call("||", [left, right], SqlType.String.WithNullable(left.Type.Nullable || right.Type.Nullable));
            case S.BinaryOperator.Equal:
            case S.BinaryOperator.NotEqual:
            case S.BinaryOperator.Less:
            case S.BinaryOperator.LessOrEqual:
            case S.BinaryOperator.Greater:
            case S.BinaryOperator.GreaterOrEqual:
                return Comparison(OperatorText(b.Operator), left, right, b);
            default:
                return Arithmetic(OperatorText(b.Operator), left, right, b);
        }
    }

    private static string OperatorText(S.BinaryOperator op) => op switch
    {
        S.BinaryOperator.Add => "+",
        S.BinaryOperator.Subtract => "-",
        S.BinaryOperator.Multiply => "*",
        S.BinaryOperator.Divide => "/",
        S.BinaryOperator.Modulo => "%",
        S.BinaryOperator.Equal => "=",
        S.BinaryOperator.NotEqual => "<>",
        S.BinaryOperator.Less => "<",
        S.BinaryOperator.LessOrEqual => "<=",
        S.BinaryOperator.Greater => ">",
        S.BinaryOperator.GreaterOrEqual => ">=",
        _ => op.ToString(),
    };

    /// <summary>Binds <c>left op right</c> for a comparison, with implicit casts (numeric widening, string literals to temporals).</summary>
    public BoundExpr Comparison(string op, BoundExpr left, BoundExpr right, S.Expr syntax)
    {
        var nullable = left.Type.Nullable || right.Type.Nullable;
        var result = SqlType.Boolean.WithNullable(nullable);
        if (left.Type.Kind == SqlTypeKind.Null || right.Type.Kind == SqlTypeKind.Null)
        {
            return new Call(op, [left, right], SqlType.Boolean);
        }
        // A string compared with a temporal value is read as that temporal type (Flink's implicit cast).
        if (TypeRules.IsTemporal(left.Type) && right.Type.IsString) right = CastStringTo(right, left.Type, syntax);
        else if (TypeRules.IsTemporal(right.Type) && left.Type.IsString) left = CastStringTo(left, right.Type, syntax);
        if (!TypeRules.AreComparable(left.Type, right.Type))
        {
            return Error(Codes.TypeMismatch, syntax.Span, $"cannot compare {left.Type.WithoutTimeAttribute()} with {right.Type.WithoutTimeAttribute()}: expected operands of comparable types",
                "CAST one side to the other's type");
        }
        if (TypeRules.CommonType(left.Type, right.Type) is { } common && (left.Type.IsNumeric || TypeRules.IsTemporal(left.Type)))
        {
            left = Coercion.To(left, common);
            right = Coercion.To(right, common);
        }
        return new Call(op, [left, right], result);
    }

    private BoundExpr CastStringTo(BoundExpr value, SqlType temporal, S.Expr syntax)
    {
        var target = temporal.WithoutTimeAttribute();
        if (value is Literal { Value: string text })
        {
            if (!Coercion.TryParseTemporal(text, target, out var parsed))
            {
                ctx.Report(Codes.InvalidLiteral, syntax.Span, $"expected a {target.WithNullable(true)} value such as '2024-01-31 12:00:00', found '{text}'");
                return new Literal(null, target.WithNullable(true));
            }
            return new Literal(parsed, target.WithNullable(false));
        }
        return new CastExpr(value, target.WithNullable(value.Type.Nullable), false);
    }

    private BoundExpr Arithmetic(string op, BoundExpr left, BoundExpr right, S.BinaryExpr syntax)
    {
        var nullable = left.Type.Nullable || right.Type.Nullable;
        var lt = left.Type;
        var rt = right.Type;
        // Temporal arithmetic: TIMESTAMP/DATE +- INTERVAL, INTERVAL + TIMESTAMP, INTERVAL +- INTERVAL, INTERVAL * n.
        if ((op is "+" or "-") && TypeRules.IsTemporal(lt) && TypeRules.IsInterval(rt))
        {
            return new Call(op, [left, right], lt.WithoutTimeAttribute().WithNullable(nullable));
        }
        if (op == "+" && TypeRules.IsInterval(lt) && TypeRules.IsTemporal(rt))
        {
            return new Call(op, [right, left], rt.WithoutTimeAttribute().WithNullable(nullable));
        }
        if ((op is "+" or "-") && TypeRules.IsInterval(lt) && lt.Kind == rt.Kind)
        {
            return new Call(op, [left, right], lt.WithNullable(nullable));
        }
        if ((op is "*" or "/") && TypeRules.IsInterval(lt) && rt.IsNumeric)
        {
            return new Call(op, [left, right], lt.WithNullable(nullable));
        }
        if (op == "*" && lt.IsNumeric && TypeRules.IsInterval(rt))
        {
            return new Call(op, [right, left], rt.WithNullable(nullable));
        }
        if (lt.Kind == SqlTypeKind.Null && rt.Kind == SqlTypeKind.Null) return new Call(op, [left, right], NullType);
        var type = TypeRules.Arithmetic(op, lt, rt);
        if (type is null)
        {
            var bad = !lt.IsNumeric && lt.Kind != SqlTypeKind.Null ? (left, syntax.Left) : (right, syntax.Right);
            var hint = op == "+" && (lt.IsString || rt.IsString) ? "use || or CONCAT to join strings" : null;
            return Error(Codes.TypeMismatch, bad.Item2.Span, $"expected a numeric operand of '{op}', found {bad.Item1.Type.WithoutTimeAttribute()}", hint);
        }
        if (op == "%" && (!lt.IsInteger && lt.Kind != SqlTypeKind.Decimal || !rt.IsInteger && rt.Kind != SqlTypeKind.Decimal))
        {
            return Error(Codes.TypeMismatch, syntax.Span, $"expected exact numeric operands of '%', found {lt} and {rt}");
        }
        // Operands are brought to a common representation so the runtime sees one type per call.
        if (type.Kind == SqlTypeKind.Decimal)
        {
            left = Coercion.To(left, TypeRules.AsDecimal(left.Type.Kind == SqlTypeKind.Null ? type : left.Type));
            right = Coercion.To(right, TypeRules.AsDecimal(right.Type.Kind == SqlTypeKind.Null ? type : right.Type));
        }
        else
        {
            left = Coercion.To(left, type);
            right = Coercion.To(right, type);
        }
        return new Call(op, [left, right], type);
    }

    private BoundExpr BindIs(S.IsExpr i)
    {
        var operand = Bind(i.Operand);
        string name;
        if (i.Test == S.IsTest.Null)
        {
            name = i.Negated ? "IS NOT NULL" : "IS NULL";
        }
        else
        {
            if (operand.Type.Kind is not (SqlTypeKind.Boolean or SqlTypeKind.Null))
            {
                return Error(Codes.TypeMismatch, i.Operand.Span, $"expected BOOLEAN before IS {i.Test.ToString().ToUpperInvariant()}, found {operand.Type}");
            }
            name = i.Test switch
            {
                S.IsTest.True => i.Negated ? "IS NOT TRUE" : "IS TRUE",
                S.IsTest.False => i.Negated ? "IS NOT FALSE" : "IS FALSE",
                _ => i.Negated ? "IS NOT NULL" : "IS NULL",
            };
        }
        return new Call(name, [operand], SqlType.Boolean.WithNullable(false));
    }

    private BoundExpr BindBetween(S.BetweenExpr b)
    {
        var operand = Bind(b.Operand);
        var low = Comparison(">=", operand, Bind(b.Low), b);
        var high = Comparison("<=", operand, Bind(b.High), b);
        BoundExpr both = new Call("AND", [low, high], SqlType.Boolean.WithNullable(low.Type.Nullable || high.Type.Nullable));
        return b.Negated ? new Call("NOT", [both], both.Type) : both;
    }

    private BoundExpr BindInList(S.InListExpr i)
    {
        var probe = Bind(i.Operand);
        var items = i.Items.Select(Bind).ToList();
        var common = probe.Type;
        for (var k = 0; k < items.Count; k++)
        {
            if (TypeRules.IsTemporal(common) && items[k].Type.IsString) items[k] = CastStringTo(items[k], common, i.Items[k]);
            if (!TypeRules.AreComparable(probe.Type, items[k].Type))
            {
                return Error(Codes.TypeMismatch, i.Items[k].Span, $"expected IN list values comparable with {probe.Type.WithoutTimeAttribute()}, found {items[k].Type}");
            }
            common = TypeRules.CommonType(common, items[k].Type) ?? common;
        }
        var args = new List<BoundExpr> { probe.Type.IsNumeric ? Coercion.To(probe, common) : probe };
        args.AddRange(items.Select(e => e.Type.IsNumeric ? Coercion.To(e, common) : e));
        BoundExpr call = new Call("IN", [.. args], SqlType.Boolean.WithNullable(args.Any(a => a.Type.Nullable)));
        return i.Negated ? new Call("NOT", [call], call.Type) : call;
    }

    private BoundExpr BindLike(S.LikeExpr l)
    {
        var operand = Bind(l.Operand);
        var pattern = Bind(l.Pattern);
        foreach (var (e, syntax) in new[] { (operand, l.Operand), (pattern, l.Pattern) })
        {
            if (!e.Type.IsString && e.Type.Kind != SqlTypeKind.Null)
            {
                return Error(Codes.TypeMismatch, syntax.Span, $"expected STRING operands of LIKE, found {e.Type}");
            }
        }
        var args = new List<BoundExpr> { operand, pattern };
        if (l.Escape is not null) args.Add(Bind(l.Escape));
        BoundExpr call = new Call("LIKE", [.. args], SqlType.Boolean.WithNullable(operand.Type.Nullable || pattern.Type.Nullable));
        return l.Negated ? new Call("NOT", [call], call.Type) : call;
    }

    private BoundExpr BindCase(S.CaseExpr c)
    {
        var operand = c.Operand is null ? null : Bind(c.Operand);
        var whens = new List<BoundExpr>();
        var results = new List<BoundExpr>();
        foreach (var when in c.Whens)
        {
            if (operand is not null)
            {
                whens.Add(Comparison("=", operand, Bind(when.Condition), when.Condition));
            }
            else
            {
                whens.Add(BindCondition(when.Condition, "CASE WHEN"));
            }
            results.Add(Bind(when.Result));
        }
        var elseExpr = c.Else is null ? null : Bind(c.Else);
        SqlType? type = null;
        var all = elseExpr is null ? results : results.Append(elseExpr).ToList();
        for (var k = 0; k < all.Count; k++)
        {
            var next = type is null ? all[k].Type.WithoutTimeAttribute() : TypeRules.CommonType(type, all[k].Type);
            if (next is null)
            {
                var span = k < c.Whens.Count ? c.Whens[k].Result.Span : c.Else!.Span;
                return Error(Codes.TypeMismatch, span, $"expected a CASE result compatible with {type}, found {all[k].Type}");
            }
            type = next;
        }
        type ??= NullType;
        if (elseExpr is null) type = type.WithNullable(true);
        var arms = whens.Select((w, k) => new CaseArm(w, Coercion.To(results[k], type))).ToImmutableArray();
        return new CaseExpr(arms, elseExpr is null ? null : Coercion.To(elseExpr, type), type);
    }

    private BoundExpr BindCast(S.CastExpr c)
    {
        var operand = Bind(c.Operand);
        if (TypeConverter.ToSqlType(c.TargetType) is not { } target)
        {
            return Error(Codes.Unsupported, c.TargetType.Span, "MULTISET types are not supported");
        }
        if (!TypeRules.CanCast(operand.Type, target))
        {
            return Error(Codes.InvalidCast, c.Span, $"cannot cast {operand.Type.WithoutTimeAttribute()} to {target}");
        }
        target = target.WithNullable(c.IsTry || operand.Type.Nullable);
        if (!c.IsTry && operand is Literal lit && Coercion.TryConvert(lit.Value, lit.Type, target, out var folded) && (lit.Value is null || folded is not null))
        {
            return new Literal(folded, lit.Value is null ? target.WithNullable(true) : target.WithNullable(false));
        }
        return new CastExpr(operand, target, c.IsTry);
    }

    private BoundExpr BindExtract(S.ExtractExpr e)
    {
        var source = Bind(e.Source);
        if (!TypeRules.IsTemporal(source.Type) && !TypeRules.IsInterval(source.Type) && source.Type.Kind != SqlTypeKind.Null)
        {
            return Error(Codes.TypeMismatch, e.Source.Span, $"expected a DATE, TIME or TIMESTAMP to EXTRACT from, found {source.Type}");
        }
        var unit = e.Unit.ToString().ToUpperInvariant() switch { "DAYOFWEEK" => "DOW", "DAYOFYEAR" => "DOY", var u => u };
        return new Call("EXTRACT", [new Literal(unit, SqlType.String.WithNullable(false)), source], SqlType.BigInt.WithNullable(source.Type.Nullable));
    }

    private BoundExpr BindTrim(S.TrimExpr t)
    {
        var name = t.Mode switch { S.TrimMode.Leading => "LTRIM", S.TrimMode.Trailing => "RTRIM", _ => "TRIM" };
        var args = new List<BoundExpr> { Bind(t.Source) };
        if (t.Characters is not null) args.Add(Bind(t.Characters));
        foreach (var (arg, syntax) in args.Zip(new[] { t.Source, t.Characters ?? t.Source }))
        {
            if (!arg.Type.IsString && arg.Type.Kind != SqlTypeKind.Null)
            {
                return Error(Codes.TypeMismatch, syntax.Span, $"expected STRING for TRIM, found {arg.Type.WithoutTimeAttribute()}");
            }
        }
        return new Call(name, [.. args], SqlType.String.WithNullable(args.Any(a => a.Type.Nullable)));
    }

    /// <summary>
    /// <c>JSON_VALUE(json, path RETURNING type ...)</c>: a <c>JSON_VALUE</c> call of the RETURNING type; with ON EMPTY / ON
    /// ERROR clauses it takes four more arguments: each clause's behaviour (<c>'NULL'</c>, <c>'ERROR'</c>, <c>'DEFAULT'</c>)
    /// and its default value (a NULL literal unless DEFAULT), the defaults cast to the RETURNING type.
    /// </summary>
    private BoundExpr BindJsonValue(S.JsonValueExpr j)
    {
        var json = Bind(j.Json);
        var path = Bind(j.Path);
        foreach (var (arg, syntax) in new[] { (json, j.Json), (path, j.Path) })
        {
            if (!arg.Type.IsString && arg.Type.Kind != SqlTypeKind.Null)
            {
                return Error(Codes.TypeMismatch, syntax.Span, $"expected STRING for JSON_VALUE, found {arg.Type.WithoutTimeAttribute()}");
            }
        }
        var type = SqlType.String;
        if (j.Returning is not null)
        {
            if (TypeConverter.ToSqlType(j.Returning) is not { } returning
                || returning.Kind is SqlTypeKind.Array or SqlTypeKind.Map or SqlTypeKind.Row or SqlTypeKind.Bytes
                || !TypeRules.CanCast(SqlType.String, returning))
            {
                return Error(Codes.TypeMismatch, j.Returning.Span, "JSON_VALUE returns a scalar: RETURNING takes a character, numeric, boolean, date or time type",
                    "use JSON_QUERY for objects and arrays");
            }
            type = returning;
        }
        type = type.WithNullable(true);
        if (j.OnEmpty is null && j.OnError is null) return new Call("JSON_VALUE", [json, path], type);
        var args = new List<BoundExpr> { json, path };
        foreach (var behavior in new[] { j.OnEmpty, j.OnError })
        {
            var kind = behavior?.Kind ?? S.JsonBehaviorKind.Null;
            args.Add(new Literal(kind.ToString().ToUpperInvariant(), SqlType.String.WithNullable(false)));
            if (behavior?.Default is { } d)
            {
                var value = Bind(d);
                if (value.Type.Kind != SqlTypeKind.Null && !TypeRules.IsAssignable(value.Type, type))
                {
                    return Error(Codes.TypeMismatch, d.Span, $"expected a DEFAULT of type {type.WithNullable(true)}, found {value.Type.WithoutTimeAttribute()}");
                }
                args.Add(value.Type.Kind == SqlTypeKind.Null ? new Literal(null, type) : Coercion.To(value, type));
            }
            else
            {
                args.Add(new Literal(null, type));
            }
        }
        return new Call("JSON_VALUE", [.. args], type);
    }

    private BoundExpr BindDistinctFrom(S.IsDistinctFromExpr d)
    {
        var compared = Comparison("=", Bind(d.Left), Bind(d.Right), d);
        if (compared is not Call { Function: "=" } eq) return compared;
        return new Call(d.Negated ? "IS NOT DISTINCT FROM" : "IS DISTINCT FROM", eq.Args, SqlType.Boolean.WithNullable(false));
    }

    private BoundExpr BindArray(S.ArrayConstructor a)
    {
        var items = a.Items.Select(Bind).ToList();
        var type = items.Count == 0 ? NullType : items.Select(i => i.Type).Aggregate((x, y) => TypeRules.CommonType(x, y) ?? x);
        return new Call("ARRAY", [.. items.Select(i => Coercion.To(i, type))], SqlType.Array(type).WithNullable(false));
    }

    private BoundExpr BindMap(S.MapConstructor m)
    {
        var items = m.Items.Select(Bind).ToList();
        if (items.Count % 2 != 0) return Error(Codes.WrongArgumentCount, m.Span, "expected MAP[key, value, ...] with an even number of items");
        var keys = items.Where((_, i) => i % 2 == 0).Select(i => i.Type).DefaultIfEmpty(NullType).Aggregate((x, y) => TypeRules.CommonType(x, y) ?? x);
        var values = items.Where((_, i) => i % 2 == 1).Select(i => i.Type).DefaultIfEmpty(NullType).Aggregate((x, y) => TypeRules.CommonType(x, y) ?? x);
        return new Call("MAP", [.. items.Select((e, i) => Coercion.To(e, i % 2 == 0 ? keys : values))], SqlType.Map(keys, values).WithNullable(false));
    }

    private BoundExpr BindCall(S.FunctionCall f)
    {
        var name = f.Name.ToString().ToUpperInvariant();
        if (f.Over is not null)
        {
            return Error(Codes.Unsupported, f.Span, $"{name}(...) OVER (...) is only supported as ROW_NUMBER() in a select list, filtered by rank <= N",
                "use ROW_NUMBER() OVER (PARTITION BY .. ORDER BY ..) AS rn and then WHERE rn <= N");
        }
        if (name is "TUMBLE" or "HOP" or "SESSION" or "CUMULATE")
        {
            return Error(Codes.Unsupported, f.Span, $"the group window {name}(...) is only allowed in GROUP BY", $"write GROUP BY {name}(ts, ...) or use the window TVF in FROM");
        }
        if (name.StartsWith("TUMBLE_", StringComparison.Ordinal) || name.StartsWith("HOP_", StringComparison.Ordinal) || name.StartsWith("SESSION_", StringComparison.Ordinal))
        {
            return Error(Codes.WindowPropertyWithoutWindow, f.Span, $"{name} needs a matching GROUP BY {name[..name.IndexOf('_', StringComparison.Ordinal)]}(...) with the same arguments");
        }
        if (name == "ROW")
        {
            var values = f.Arguments.Select(Bind).ToList();
            return new Call("ROW", [.. values], SqlType.Row(values.Select((v, i) => new RowField("EXPR$" + i.ToString(CultureInfo.InvariantCulture), v.Type.WithoutTimeAttribute()))).WithNullable(false));
        }
        var definition = BuiltinFunctions.Find(name);
        if (definition is null)
        {
            if (ctx.Catalog.FindFunction(f.Name.ToString()) is { } udf)
            {
                return BindUserFunctionCall(udf, f);
            }
            return Error(Codes.UnknownFunction, f.Name.Span, $"unknown function '{f.Name}'",
                Suggestions.DidYouMean(name, BuiltinFunctions.Names.Concat(ctx.Catalog.Functions.Select(u => u.Name))) ?? "see docs/functions.md for the built-in functions, or declare it with CREATE FUNCTION");
        }
        if (definition.IsAggregate)
        {
            return Error(Codes.AggregateNotAllowed, f.Span, $"aggregate function {name} is not allowed in {AggregatesForbiddenIn}",
                AggregatesForbiddenIn == "WHERE" ? "filter aggregated values in HAVING" : null);
        }
        if (f.Distinct || f.Filter is not null)
        {
            return Error(Codes.TypeMismatch, f.Span, $"DISTINCT and FILTER are only allowed in aggregate functions, found {name}");
        }
        var args = new List<BoundExpr>();
        foreach (var arg in f.Arguments)
        {
            // TIMESTAMPADD(HOUR, n, ts): the unit is written as a bare word.
            if (args.Count == 0 && definition.Name is "TIMESTAMPADD" or "TIMESTAMPDIFF" && arg is S.NameExpr { Parts.Count: 1 } unit
                && Enum.TryParse<S.TimeUnit>(unit.Parts[0].Value, ignoreCase: true, out var parsed))
            {
                args.Add(new Literal(parsed.ToString().ToUpperInvariant(), SqlType.String.WithNullable(false)));
                continue;
            }
            args.Add(Bind(arg));
        }
        return CheckCall(definition, args, f);
    }

    /// <summary>
    /// A call to a user-defined function: the first <c>Eval</c> overload whose parameters take the arguments exactly, else the
    /// first that takes them through implicit casts (inserted here, so the runtime sees the overload's exact types).
    /// </summary>
    private BoundExpr BindUserFunctionCall(CatalogFunction udf, S.FunctionCall f)
    {
        var args = f.Arguments.Select(Bind).ToList();
        // A function that could not be loaded was reported at its CREATE FUNCTION.
        if (udf.Overloads.IsEmpty) return ctx.FunctionResolver is null ? Error(Codes.UserFunctionUnavailable, f.Span, $"function '{udf.Name}' was not loaded") : new Literal(null, NullType);
        var chosen = udf.Overloads.Where(o => o.Parameters.Length == args.Count)
            .Select(o => (Overload: o, Cost: o.Parameters.Select((p, i) => ConversionCost(args[i].Type, p)).Sum()))
            .Where(c => c.Cost < int.MaxValue / 64).OrderBy(c => c.Cost).Select(c => c.Overload).FirstOrDefault();
        if (chosen is null)
        {
            return Error(Codes.UserFunctionNoOverload, f.Span,
                $"no Eval method of '{udf.Name}' takes ({string.Join(", ", args.Select(a => a.Type.WithoutTimeAttribute().WithNullable(true)))})",
                "overloads: " + string.Join("; ", udf.Overloads.Select(o => udf.Name + o.Describe())));
        }
        var converted = args.Select((a, i) => a.Type.Kind == SqlTypeKind.Null ? new Literal(null, chosen.Parameters[i].WithNullable(true)) : Coercion.To(a, chosen.Parameters[i])).ToImmutableArray();
        return new Call(udf.Name.ToUpperInvariant(), converted, chosen.Result);
    }

    /// <summary>How far an implicit conversion goes: 0 for none, the numeric widening distance, or "impossible".</summary>
    private static int ConversionCost(SqlType from, SqlType to)
    {
        const int impossible = int.MaxValue / 64;
        if (from.Kind == SqlTypeKind.Null || Coercion.SameRepresentation(from, to)) return 0;
        if (!TypeRules.IsAssignable(from, to)) return impossible;
        static int Rank(SqlTypeKind k) => k switch
        {
            SqlTypeKind.TinyInt => 1, SqlTypeKind.SmallInt => 2, SqlTypeKind.Int => 3, SqlTypeKind.BigInt => 4,
            SqlTypeKind.Decimal => 5, SqlTypeKind.Float => 6, SqlTypeKind.Double => 7, _ => 0,
        };
        return from.IsNumeric && to.IsNumeric ? Math.Max(1, Rank(to.Kind) - Rank(from.Kind)) : 8;
    }

    /// <summary>Checks arguments against a built-in's signature and builds the call.</summary>
    public BoundExpr CheckCall(FunctionDefinition definition, List<BoundExpr> args, S.FunctionCall f)
    {
        if (args.Count < definition.MinArgs || args.Count > definition.MaxArgs)
        {
            var expected = definition.MinArgs == definition.MaxArgs ? definition.MinArgs.ToString(CultureInfo.InvariantCulture)
                : definition.MaxArgs == int.MaxValue ? $"at least {definition.MinArgs}" : $"{definition.MinArgs} to {definition.MaxArgs}";
            return Error(Codes.WrongArgumentCount, f.Span, $"expected {expected} argument(s) for {definition.Name}, found {args.Count}", "signature: " + definition.Signature);
        }
        for (var i = 0; i < args.Count; i++)
        {
            var family = definition.FamilyAt(i);
            // FLOOR(ts TO unit) / CEIL(ts TO unit): the first argument may be temporal when a unit follows.
            if (definition.Name is "FLOOR" or "CEIL" or "CEILING" && i == 0 && args.Count == 1) family = ArgFamily.Numeric;
            if (!FunctionDefinition.Accepts(family, args[i].Type))
            {
                return Error(Codes.TypeMismatch, f.Arguments[i].Span,
                    $"expected {FunctionDefinition.Describe(family)} for argument {i + 1} of {definition.Name}, found {args[i].Type.WithoutTimeAttribute()}",
                    "signature: " + definition.Signature);
            }
            if (family is ArgFamily.Timestamp or ArgFamily.DateLike && args[i].Type.IsString)
            {
                args[i] = CastStringTo(args[i], SqlType.Timestamp(3), f.Arguments[i]);
            }
        }
        if (definition.Name is "COALESCE" or "IFNULL" or "GREATEST" or "LEAST" or "IF" or "NULLIF")
        {
            var first = definition.Name == "IF" ? 1 : 0;
            SqlType? common = null;
            for (var i = first; i < args.Count; i++)
            {
                var next = common is null ? args[i].Type : TypeRules.CommonType(common, args[i].Type);
                if (next is null)
                {
                    return Error(Codes.TypeMismatch, f.Arguments[i].Span, $"expected an argument compatible with {common}, found {args[i].Type}");
                }
                common = next;
            }
            if (common is not null && definition.Name != "NULLIF")
            {
                for (var i = first; i < args.Count; i++) args[i] = Coercion.To(args[i], common);
            }
        }
        var type = definition.Result(args.Select(a => a.Type).ToList());
        if (definition.Name == "MOD" && type.IsNumeric)
        {
            // Both operands in the result's representation, as for the % operator.
            for (var i = 0; i < args.Count; i++) args[i] = Coercion.To(args[i], type);
        }
        return new Call(definition.Name, [.. args], type);
    }
}
