using System.Text;
using Bsql.Parser.Lexing;
using Bsql.Parser.Parsing;
using Bsql.Parser.Syntax;

namespace Bsql.Parser.Printing;

/// <summary>
/// Prints syntax trees as canonical BSQL: keywords upper case, one clause per line, two-space indentation,
/// WITH options one per line, identifiers back-quoted only when needed, parentheses only where precedence
/// requires them. For every parsed tree <c>t</c>, <c>Parse(Print(t)) == t</c>, and printing is idempotent.
/// </summary>
public static class SqlPrinter
{
    /// <summary>Prints any node as canonical BSQL (a script ends with a newline; other nodes do not).</summary>
    public static string Print(SyntaxNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var writer = new Writer();
        writer.Node(node);
        return writer.ToString();
    }

    /// <summary>Prints an identifier, back-quoting it when it is not a plain word or is reserved.</summary>
    public static string QuoteIdentifier(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return NeedsQuotes(name) ? "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`" : name;
    }

    /// <summary>Prints a string literal with single quotes (inner quotes doubled).</summary>
    public static string QuoteString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    private static bool IsPlainWord(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_' || c == '$'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool NeedsQuotes(string name) => !IsPlainWord(name) || Keywords.IsReserved(name);

    private sealed class Writer
    {
        /// <summary>A select list longer than this is printed one item per line.</summary>
        private const int MaxSelectLineLength = 100;

        private readonly StringBuilder _sb = new();
        private int _indent;

        public override string ToString() => _sb.ToString();

        private Writer W(string text)
        {
            _sb.Append(text);
            return this;
        }

        private void NewLine() => _sb.Append('\n').Append(' ', _indent * 2);

        private int LineStart()
        {
            for (var i = _sb.Length - 1; i >= 0; i--)
            {
                if (_sb[i] == '\n')
                {
                    return i + 1;
                }
            }

            return 0;
        }

        public void Node(SyntaxNode node)
        {
            switch (node)
            {
                case Script script:
                    foreach (var statement in script.Statements)
                    {
                        if (_sb.Length > 0)
                        {
                            _sb.Append('\n');
                        }

                        Statement(statement);
                        _sb.Append(";\n");
                    }

                    break;
                case Statement statement:
                    Statement(statement);
                    break;
                case Query query:
                    Query(query);
                    break;
                case QueryBody body:
                    Body(body);
                    break;
                case TableRef tableRef:
                    TableRef(tableRef);
                    break;
                case Expr expr:
                    Expr(expr, Precedence.Lowest);
                    break;
                case DataType type:
                    Type(type);
                    break;
                case Identifier identifier:
                    W(QuoteIdentifier(identifier.Value));
                    break;
                case QualifiedName name:
                    Name(name);
                    break;
                case OptionPair option:
                    Option(option);
                    break;
                case Hint:
                    Hints([(Hint)node]);
                    break;
                case Duration duration:
                    W(duration.Text);
                    break;
                case SelectItem item:
                    SelectItem(item);
                    break;
                case OrderItem item:
                    OrderItems([item]);
                    break;
                case ColumnDefinition column:
                    Column(column);
                    break;
                case WatermarkDefinition watermark:
                    Watermark(watermark);
                    break;
                case PrimaryKeyDefinition key:
                    PrimaryKey(key);
                    break;
                case WindowSpec spec:
                    WindowSpec(spec);
                    break;
                case TableAlias alias:
                    Alias(alias);
                    break;
                default:
                    W(node.ToString());
                    break;
            }
        }

        // ------------------------------------------------------------ statements

        private void Statement(Statement statement)
        {
            switch (statement)
            {
                case SetStatement set:
                    W("SET");
                    if (set.Option is not null)
                    {
                        W(" ");
                        Option(set.Option);
                    }

                    break;
                case ResetStatement reset:
                    W("RESET");
                    if (reset.Key is not null)
                    {
                        W(" ").W(QuoteString(reset.Key));
                    }

                    break;
                case CreateTableStatement table:
                    CreateTable(table);
                    break;
                case CreateViewStatement view:
                    W("CREATE ").W(view.Temporary ? "TEMPORARY " : string.Empty).W("VIEW ").W(view.IfNotExists ? "IF NOT EXISTS " : string.Empty);
                    Name(view.Name);
                    if (!view.Columns.IsEmpty)
                    {
                        W(" ");
                        IdentifierList(view.Columns);
                    }

                    if (view.Comment is not null)
                    {
                        W(" COMMENT ").W(QuoteString(view.Comment));
                    }

                    W(" AS");
                    NewLine();
                    Query(view.Query);
                    break;
                case CreateFunctionStatement function:
                    W("CREATE ").W(function.Temporary ? "TEMPORARY " : string.Empty).W(function.System ? "SYSTEM " : string.Empty).W("FUNCTION ")
                        .W(function.IfNotExists ? "IF NOT EXISTS " : string.Empty);
                    Name(function.Name);
                    W(" AS ").W(QuoteString(function.ClassName));
                    if (function.Language is not null)
                    {
                        W(" LANGUAGE ").W(QuoteIdentifier(function.Language));
                    }

                    if (function.AssemblyPath is not null)
                    {
                        W(" USING ASSEMBLY ").W(QuoteString(function.AssemblyPath));
                    }

                    break;
                case InsertStatement insert:
                    Insert(insert);
                    break;
                case QueryStatement query:
                    Query(query.Query);
                    break;
                case ExplainStatement explain:
                    W(explain.PlanFor ? "EXPLAIN PLAN FOR " : "EXPLAIN ");
                    if (!explain.Details.IsEmpty)
                    {
                        W(string.Join(", ", explain.Details.AsSpan().ToArray())).W(" ");
                    }

                    Statement(explain.Statement);
                    break;
                case DropStatement drop:
                    W("DROP ").W(drop.Temporary ? "TEMPORARY " : string.Empty).W(drop.Kind switch
                    {
                        DropKind.Table => "TABLE ",
                        DropKind.View => "VIEW ",
                        _ => "FUNCTION ",
                    }).W(drop.IfExists ? "IF EXISTS " : string.Empty);
                    Name(drop.Name);
                    break;
                case StatementSetStatement set:
                    W("EXECUTE STATEMENT SET");
                    NewLine();
                    W("BEGIN");
                    _indent++;
                    foreach (var insert in set.Inserts)
                    {
                        NewLine();
                        Insert(insert);
                        W(";");
                    }

                    _indent--;
                    NewLine();
                    W("END");
                    break;
                default:
                    W(statement.ToString());
                    break;
            }
        }

        private void Insert(InsertStatement insert)
        {
            W(insert.Overwrite ? "INSERT OVERWRITE " : "INSERT INTO ");
            Name(insert.Table);
            if (!insert.Hints.IsEmpty)
            {
                W(" ");
                Hints(insert.Hints);
            }

            if (!insert.Columns.IsEmpty)
            {
                W(" ");
                IdentifierList(insert.Columns);
            }

            NewLine();
            Query(insert.Query);
        }

        private void CreateTable(CreateTableStatement table)
        {
            W("CREATE ").W(table.Temporary ? "TEMPORARY " : string.Empty).W("TABLE ").W(table.IfNotExists ? "IF NOT EXISTS " : string.Empty);
            Name(table.Name);
            W(" (");
            _indent++;
            var first = true;
            void Separator()
            {
                if (!first)
                {
                    W(",");
                }

                first = false;
                NewLine();
            }

            // Column names are padded so that types (and AS) line up, as hand-written DDL usually does.
            var width = 0;
            foreach (var column in table.Columns)
            {
                width = Math.Max(width, QuoteIdentifier(column.Name.Value).Length);
            }

            foreach (var column in table.Columns)
            {
                Separator();
                Column(column, width);
            }

            if (table.Watermark is not null)
            {
                Separator();
                Watermark(table.Watermark);
            }

            if (table.PrimaryKey is not null)
            {
                Separator();
                PrimaryKey(table.PrimaryKey);
            }

            _indent--;
            NewLine();
            W(")");
            if (table.Comment is not null)
            {
                W(" COMMENT ").W(QuoteString(table.Comment));
            }

            if (!table.PartitionedBy.IsEmpty)
            {
                NewLine();
                W("PARTITIONED BY ");
                IdentifierList(table.PartitionedBy);
            }

            if (!table.Options.IsEmpty)
            {
                W(" WITH (");
                _indent++;
                for (var i = 0; i < table.Options.Count; i++)
                {
                    NewLine();
                    Option(table.Options[i]);
                    if (i < table.Options.Count - 1)
                    {
                        W(",");
                    }
                }

                _indent--;
                NewLine();
                W(")");
            }
        }

        private void Column(ColumnDefinition column, int width = 0)
        {
            var name = QuoteIdentifier(column.Name.Value);
            W(name).W(new string(' ', Math.Max(0, width - name.Length)));
            switch (column)
            {
                case PhysicalColumn physical:
                    W(" ");
                    Type(physical.Type);
                    break;
                case ComputedColumn computed:
                    W(" AS ");
                    Expr(computed.Expression, Precedence.Lowest);
                    break;
                case MetadataColumn metadata:
                    W(" ");
                    Type(metadata.Type);
                    W(" METADATA");
                    if (metadata.Key is not null)
                    {
                        W(" FROM ").W(QuoteString(metadata.Key));
                    }

                    if (metadata.Virtual)
                    {
                        W(" VIRTUAL");
                    }

                    break;
            }

            if (column.Comment is not null)
            {
                W(" COMMENT ").W(QuoteString(column.Comment));
            }
        }

        private void Watermark(WatermarkDefinition watermark)
        {
            W("WATERMARK FOR ").W(QuoteIdentifier(watermark.Column.Value)).W(" AS ");
            Expr(watermark.Strategy, Precedence.Lowest);
        }

        private void PrimaryKey(PrimaryKeyDefinition key)
        {
            if (key.ConstraintName is not null)
            {
                W("CONSTRAINT ").W(QuoteIdentifier(key.ConstraintName.Value)).W(" ");
            }

            W("PRIMARY KEY ");
            IdentifierList(key.Columns);
            W(" NOT ENFORCED");
        }

        private void Option(OptionPair option) => W(QuoteString(option.Key)).W(" = ").W(QuoteString(option.Value));

        private void Hints(EquatableArray<Hint> hints)
        {
            W("/*+ ");
            for (var i = 0; i < hints.Count; i++)
            {
                if (i > 0)
                {
                    W(", ");
                }

                var hint = hints[i];
                W(IsPlainWord(hint.Name.Value) ? hint.Name.Value : QuoteIdentifier(hint.Name.Value));
                if (!hint.Options.IsEmpty || !hint.Names.IsEmpty)
                {
                    W("(");
                    var first = true;
                    foreach (var option in hint.Options)
                    {
                        W(first ? string.Empty : ", ");
                        Option(option);
                        first = false;
                    }

                    foreach (var name in hint.Names)
                    {
                        W(first ? string.Empty : ", ").W(QuoteIdentifier(name.Value));
                        first = false;
                    }

                    W(")");
                }
            }

            W(" */");
        }

        private void Name(QualifiedName name)
        {
            for (var i = 0; i < name.Parts.Count; i++)
            {
                if (i > 0)
                {
                    W(".");
                }

                W(QuoteIdentifier(name.Parts[i].Value));
            }
        }

        private void IdentifierList(EquatableArray<Identifier> identifiers)
        {
            W("(");
            for (var i = 0; i < identifiers.Count; i++)
            {
                if (i > 0)
                {
                    W(", ");
                }

                W(QuoteIdentifier(identifiers[i].Value));
            }

            W(")");
        }

        // ------------------------------------------------------------ queries

        private void Query(Query query)
        {
            if (!query.With.IsEmpty)
            {
                W("WITH ");
                for (var i = 0; i < query.With.Count; i++)
                {
                    var cte = query.With[i];
                    if (i > 0)
                    {
                        W(", ");
                    }

                    W(QuoteIdentifier(cte.Name.Value));
                    if (!cte.Columns.IsEmpty)
                    {
                        W(" ");
                        IdentifierList(cte.Columns);
                    }

                    W(" AS ");
                    Parenthesized(cte.Query);
                }

                NewLine();
            }

            Body(query.Body);
            if (!query.OrderBy.IsEmpty)
            {
                NewLine();
                W("ORDER BY ");
                OrderItems(query.OrderBy);
            }

            if (query.Limit is not null)
            {
                NewLine();
                W("LIMIT ");
                Expr(query.Limit, Precedence.Lowest);
            }

            if (query.Offset is not null)
            {
                NewLine();
                W("OFFSET ");
                Expr(query.Offset, Precedence.Lowest);
            }
        }

        /// <summary><c>(</c>, the query indented on its own lines, <c>)</c>.</summary>
        private void Parenthesized(Query query)
        {
            W("(");
            _indent++;
            NewLine();
            Query(query);
            _indent--;
            NewLine();
            W(")");
        }

        private void Body(QueryBody body)
        {
            switch (body)
            {
                case SelectBody select:
                    Select(select);
                    break;
                case SetOperationBody set:
                    SetOperand(set.Left, SetPrecedence(set.Operator));
                    NewLine();
                    W(set.Operator switch
                    {
                        SetOperator.Union => "UNION",
                        SetOperator.Intersect => "INTERSECT",
                        _ => "EXCEPT",
                    });
                    if (set.All)
                    {
                        W(" ALL");
                    }

                    NewLine();
                    SetOperand(set.Right, SetPrecedence(set.Operator) + 1);
                    break;
                case NestedQueryBody nested:
                    Parenthesized(nested.Query);
                    break;
                case ValuesBody values:
                    W("VALUES ");
                    for (var i = 0; i < values.Rows.Count; i++)
                    {
                        if (i > 0)
                        {
                            W(", ");
                        }

                        W("(");
                        ExprList(values.Rows[i].Values);
                        W(")");
                    }

                    break;
            }
        }

        private static int SetPrecedence(SetOperator op) => op == SetOperator.Intersect ? 2 : 1;

        /// <summary>An operand of a set operation, parenthesized when it binds looser than required (left-associative).</summary>
        private void SetOperand(QueryBody body, int minPrecedence)
        {
            if (body is SetOperationBody inner && SetPrecedence(inner.Operator) < minPrecedence)
            {
                W("(");
                _indent++;
                NewLine();
                Body(body);
                _indent--;
                NewLine();
                W(")");
            }
            else
            {
                Body(body);
            }
        }

        private void Select(SelectBody select)
        {
            W("SELECT ");
            if (!select.Hints.IsEmpty)
            {
                Hints(select.Hints);
                W(" ");
            }

            if (select.Distinct)
            {
                W("DISTINCT ");
            }

            var items = new string[select.Items.Count];
            var oneLine = _sb.Length - LineStart();
            var multiLine = false;
            for (var i = 0; i < items.Length; i++)
            {
                var item = new Writer { _indent = _indent + 1 };
                item.SelectItem(select.Items[i]);
                items[i] = item.ToString();
                oneLine += items[i].Length + 2;
                multiLine |= items[i].Contains('\n', StringComparison.Ordinal);
            }

            if (items.Length > 1 && (multiLine || oneLine > MaxSelectLineLength))
            {
                // One item per line, indented under SELECT.
                _sb.Length -= 1; // the space after SELECT (and hints/DISTINCT)
                _indent++;
                for (var i = 0; i < items.Length; i++)
                {
                    NewLine();
                    W(items[i]).W(i < items.Length - 1 ? "," : string.Empty);
                }

                _indent--;
            }
            else
            {
                W(string.Join(", ", items));
            }

            if (!select.From.IsEmpty)
            {
                NewLine();
                W("FROM ");
                for (var i = 0; i < select.From.Count; i++)
                {
                    if (i > 0)
                    {
                        W(", ");
                    }

                    TableRef(select.From[i]);
                }
            }

            if (select.Where is not null)
            {
                NewLine();
                W("WHERE ");
                Expr(select.Where, Precedence.Lowest);
            }

            if (!select.GroupBy.IsEmpty)
            {
                NewLine();
                W("GROUP BY ");
                ExprList(select.GroupBy);
            }

            if (select.Having is not null)
            {
                NewLine();
                W("HAVING ");
                Expr(select.Having, Precedence.Lowest);
            }

            if (!select.Windows.IsEmpty)
            {
                NewLine();
                W("WINDOW ");
                for (var i = 0; i < select.Windows.Count; i++)
                {
                    if (i > 0)
                    {
                        W(", ");
                    }

                    W(QuoteIdentifier(select.Windows[i].Name.Value)).W(" AS ");
                    WindowSpec(select.Windows[i].Spec);
                }
            }
        }

        private void SelectItem(SelectItem item)
        {
            Expr(item.Expr, Precedence.Lowest);
            if (item.Alias is not null)
            {
                W(" AS ").W(QuoteIdentifier(item.Alias.Value));
            }
        }

        private void OrderItems(EquatableArray<OrderItem> items)
        {
            for (var i = 0; i < items.Count; i++)
            {
                if (i > 0)
                {
                    W(", ");
                }

                var item = items[i];
                Expr(item.Expr, Precedence.Lowest);
                if (item.Descending)
                {
                    W(" DESC");
                }

                if (item.NullsFirst is { } nullsFirst)
                {
                    W(nullsFirst ? " NULLS FIRST" : " NULLS LAST");
                }
            }
        }

        // ------------------------------------------------------------ table references

        private void TableRef(TableRef tableRef)
        {
            switch (tableRef)
            {
                case NamedTableRef named:
                    Name(named.Name);
                    if (!named.Hints.IsEmpty)
                    {
                        W(" ");
                        Hints(named.Hints);
                    }

                    if (named.SystemTimeAsOf is not null)
                    {
                        W(" FOR SYSTEM_TIME AS OF ");
                        Expr(named.SystemTimeAsOf, Precedence.Lowest);
                    }

                    Alias(named.Alias);
                    break;
                case DerivedTableRef derived:
                    W(derived.Lateral ? "LATERAL " : string.Empty);
                    Parenthesized(derived.Query);
                    Alias(derived.Alias);
                    break;
                case TableFunctionRef function:
                    W(function.Lateral ? "LATERAL TABLE(" : "TABLE(");
                    Expr(function.Call, Precedence.Lowest);
                    W(")");
                    Alias(function.Alias);
                    break;
                case UnnestTableRef unnest:
                    W("UNNEST(");
                    ExprList(unnest.Arguments);
                    W(")");
                    if (unnest.WithOrdinality)
                    {
                        W(" WITH ORDINALITY");
                    }

                    Alias(unnest.Alias);
                    break;
                case JoinTableRef join:
                    TableRef(join.Left);
                    NewLine();
                    W(join.Kind switch
                    {
                        JoinKind.Inner => "JOIN ",
                        JoinKind.Left => "LEFT JOIN ",
                        JoinKind.Right => "RIGHT JOIN ",
                        JoinKind.Full => "FULL JOIN ",
                        _ => "CROSS JOIN ",
                    });
                    JoinRight(join.Right);
                    if (join.On is not null)
                    {
                        W(" ON ");
                        Expr(join.On, Precedence.Lowest);
                    }
                    else if (!join.Using.IsEmpty)
                    {
                        W(" USING ");
                        IdentifierList(join.Using);
                    }

                    break;
                case DelayedWindowJoin delayed:
                    TableRef(delayed.Left);
                    NewLine();
                    W(delayed.Global ? "LEFT(GLOBAL) " : "LEFT ").W(delayed.Window.Text).W(" WINDOW AND ").W(delayed.Delay.Text).W(" DELAY JOIN ");
                    JoinRight(delayed.Right);
                    W(" ON ");
                    Expr(delayed.On, Precedence.Lowest);
                    break;
            }
        }

        private void JoinRight(TableRef right)
        {
            if (right is JoinTableRef or DelayedWindowJoin)
            {
                W("(");
                _indent++;
                NewLine();
                TableRef(right);
                _indent--;
                NewLine();
                W(")");
            }
            else
            {
                TableRef(right);
            }
        }

        private void Alias(TableAlias? alias)
        {
            if (alias is null)
            {
                return;
            }

            W(" AS ").W(QuoteIdentifier(alias.Name.Value));
            if (!alias.Columns.IsEmpty)
            {
                IdentifierList(alias.Columns);
            }
        }

        // ------------------------------------------------------------ expressions

        private static int PrecedenceOf(Expr expr) => expr switch
        {
            BinaryExpr binary => BinaryPrecedence(binary.Operator),
            UnaryExpr { Operator: UnaryOperator.Not } => Precedence.Not,
            UnaryExpr => Precedence.Unary,
            IsExpr or BetweenExpr or InListExpr or InSubqueryExpr or LikeExpr or IsDistinctFromExpr => Precedence.Comparison,
            NamedArgument => Precedence.Lowest,
            SubscriptExpr or FieldAccessExpr => Precedence.Postfix,
            _ => Precedence.Primary,
        };

        private static int BinaryPrecedence(BinaryOperator op) => op switch
        {
            BinaryOperator.Or => Precedence.Or,
            BinaryOperator.And => Precedence.And,
            BinaryOperator.Concat => Precedence.Concat,
            BinaryOperator.Add or BinaryOperator.Subtract => Precedence.Additive,
            BinaryOperator.Multiply or BinaryOperator.Divide or BinaryOperator.Modulo => Precedence.Multiplicative,
            _ => Precedence.Comparison,
        };

        private static string BinaryText(BinaryOperator op) => op switch
        {
            BinaryOperator.Add => "+",
            BinaryOperator.Subtract => "-",
            BinaryOperator.Multiply => "*",
            BinaryOperator.Divide => "/",
            BinaryOperator.Modulo => "%",
            BinaryOperator.Concat => "||",
            BinaryOperator.Equal => "=",
            BinaryOperator.NotEqual => "<>",
            BinaryOperator.Less => "<",
            BinaryOperator.LessOrEqual => "<=",
            BinaryOperator.Greater => ">",
            BinaryOperator.GreaterOrEqual => ">=",
            BinaryOperator.And => "AND",
            _ => "OR",
        };

        private void ExprList(EquatableArray<Expr> items)
        {
            for (var i = 0; i < items.Count; i++)
            {
                if (i > 0)
                {
                    W(", ");
                }

                Expr(items[i], Precedence.Lowest);
            }
        }

        private void Expr(Expr expr, int minPrecedence)
        {
            var parenthesize = PrecedenceOf(expr) < minPrecedence;
            if (parenthesize)
            {
                W("(");
            }

            ExprCore(expr);
            if (parenthesize)
            {
                W(")");
            }
        }

        private void ExprCore(Expr expr)
        {
            switch (expr)
            {
                case ErrorExpr:
                    W("<missing>");
                    break;
                case StringLiteral s:
                    W(QuoteString(s.Value));
                    break;
                case NumberLiteral n:
                    W(n.Text);
                    break;
                case BooleanLiteral b:
                    W(b.Value ? "TRUE" : "FALSE");
                    break;
                case NullLiteral:
                    W("NULL");
                    break;
                case TypedLiteral t:
                    W(t.Kind switch
                    {
                        TypedLiteralKind.Date => "DATE ",
                        TypedLiteralKind.Time => "TIME ",
                        _ => "TIMESTAMP ",
                    }).W(QuoteString(t.Value));
                    break;
                case IntervalLiteral interval:
                    W("INTERVAL ").W(interval.Negative ? "-" : string.Empty).W(QuoteString(interval.Value)).W(" ").W(TimeUnits.Name(interval.From));
                    if (interval.To is { } to)
                    {
                        W(" TO ").W(TimeUnits.Name(to));
                    }

                    break;
                case NameExpr name:
                    for (var i = 0; i < name.Parts.Count; i++)
                    {
                        if (i > 0)
                        {
                            W(".");
                        }

                        W(QuoteIdentifier(name.Parts[i].Value));
                    }

                    break;
                case StarExpr star:
                    foreach (var part in star.Qualifier)
                    {
                        W(QuoteIdentifier(part.Value)).W(".");
                    }

                    W("*");
                    break;
                case FieldAccessExpr field:
                    if (field.Target is NameExpr)
                    {
                        // (a.b).c is a field of the value a.b; a.b.c would be read back as one name.
                        W("(");
                        ExprCore(field.Target);
                        W(")");
                    }
                    else
                    {
                        Expr(field.Target, Precedence.Postfix);
                    }

                    W(".").W(QuoteIdentifier(field.Field.Value));
                    break;
                case SubscriptExpr subscript:
                    Expr(subscript.Target, Precedence.Postfix);
                    W("[");
                    Expr(subscript.Index, Precedence.Lowest);
                    W("]");
                    break;
                case UnaryExpr unary:
                    if (unary.Operator == UnaryOperator.Not)
                    {
                        W("NOT ");
                        Expr(unary.Operand, Precedence.Not);
                    }
                    else
                    {
                        W(unary.Operator == UnaryOperator.Negate ? "-" : "+");

                        // "--" would start a comment: keep nested signs apart with parentheses.
                        if (unary.Operand is UnaryExpr { Operator: not UnaryOperator.Not })
                        {
                            W("(");
                            ExprCore(unary.Operand);
                            W(")");
                        }
                        else
                        {
                            Expr(unary.Operand, Precedence.Unary);
                        }
                    }

                    break;
                case BinaryExpr binary:
                {
                    var precedence = BinaryPrecedence(binary.Operator);
                    Expr(binary.Left, precedence);
                    W(" ").W(BinaryText(binary.Operator)).W(" ");
                    Expr(binary.Right, precedence + 1);
                    break;
                }

                case IsExpr isExpr:
                    Expr(isExpr.Operand, Precedence.Comparison);
                    W(isExpr.Negated ? " IS NOT " : " IS ").W(isExpr.Test switch
                    {
                        IsTest.Null => "NULL",
                        IsTest.True => "TRUE",
                        IsTest.False => "FALSE",
                        _ => "UNKNOWN",
                    });
                    break;
                case BetweenExpr between:
                    Expr(between.Operand, Precedence.Comparison);
                    W(between.Negated ? " NOT BETWEEN " : " BETWEEN ");
                    Expr(between.Low, Precedence.Comparison + 1);
                    W(" AND ");
                    Expr(between.High, Precedence.Comparison + 1);
                    break;
                case InListExpr inList:
                    Expr(inList.Operand, Precedence.Comparison);
                    W(inList.Negated ? " NOT IN (" : " IN (");
                    ExprList(inList.Items);
                    W(")");
                    break;
                case InSubqueryExpr inQuery:
                    Expr(inQuery.Operand, Precedence.Comparison);
                    W(inQuery.Negated ? " NOT IN " : " IN ");
                    Parenthesized(inQuery.Query);
                    break;
                case LikeExpr like:
                    Expr(like.Operand, Precedence.Comparison);
                    W(like.Negated ? " NOT LIKE " : " LIKE ");
                    Expr(like.Pattern, Precedence.Comparison + 1);
                    if (like.Escape is not null)
                    {
                        W(" ESCAPE ");
                        Expr(like.Escape, Precedence.Comparison + 1);
                    }

                    break;
                case CaseExpr caseExpr:
                    W("CASE");
                    if (caseExpr.Operand is not null)
                    {
                        W(" ");
                        Expr(caseExpr.Operand, Precedence.Lowest);
                    }

                    foreach (var when in caseExpr.Whens)
                    {
                        W(" WHEN ");
                        Expr(when.Condition, Precedence.Lowest);
                        W(" THEN ");
                        Expr(when.Result, Precedence.Lowest);
                    }

                    if (caseExpr.Else is not null)
                    {
                        W(" ELSE ");
                        Expr(caseExpr.Else, Precedence.Lowest);
                    }

                    W(" END");
                    break;
                case CastExpr cast:
                    W(cast.IsTry ? "TRY_CAST(" : "CAST(");
                    Expr(cast.Operand, Precedence.Lowest);
                    W(" AS ");
                    Type(cast.TargetType);
                    W(")");
                    break;
                case ExtractExpr extract:
                    W("EXTRACT(").W(TimeUnits.Name(extract.Unit)).W(" FROM ");
                    Expr(extract.Source, Precedence.Lowest);
                    W(")");
                    break;
                case FunctionCall call:
                    Call(call);
                    break;
                case SubqueryExpr subquery:
                    Parenthesized(subquery.Query);
                    break;
                case ExistsExpr exists:
                    W("EXISTS ");
                    Parenthesized(exists.Query);
                    break;
                case ArrayConstructor array:
                    W("ARRAY[");
                    ExprList(array.Items);
                    W("]");
                    break;
                case MapConstructor map:
                    W("MAP[");
                    ExprList(map.Items);
                    W("]");
                    break;
                case TableArgument table:
                    W("TABLE ");
                    Name(table.Table);
                    break;
                case DescriptorExpr descriptor:
                    W("DESCRIPTOR");
                    IdentifierList(descriptor.Columns);
                    break;
                case IsDistinctFromExpr distinct:
                    Expr(distinct.Left, Precedence.Comparison);
                    W(distinct.Negated ? " IS NOT DISTINCT FROM " : " IS DISTINCT FROM ");
                    Expr(distinct.Right, Precedence.Comparison + 1);
                    break;
                case TimeUnitExpr unit:
                    // Only valid as the second argument of FLOOR/CEIL, which print it with TO.
                    W(TimeUnits.Name(unit.Unit));
                    break;
                case TrimExpr trim:
                    W("TRIM(").W(trim.Mode switch
                    {
                        TrimMode.Leading => "LEADING ",
                        TrimMode.Trailing => "TRAILING ",
                        _ => "BOTH ",
                    });
                    if (trim.Characters is not null)
                    {
                        Expr(trim.Characters, Precedence.Lowest);
                        W(" ");
                    }

                    W("FROM ");
                    Expr(trim.Source, Precedence.Lowest);
                    W(")");
                    break;
                case JsonValueExpr jv:
                    W("JSON_VALUE(");
                    Expr(jv.Json, Precedence.Lowest);
                    W(", ");
                    Expr(jv.Path, Precedence.Lowest);
                    if (jv.Returning is not null)
                    {
                        W(" RETURNING ");
                        Type(jv.Returning);
                    }

                    JsonBehaviorClause(jv.OnEmpty, "EMPTY");
                    JsonBehaviorClause(jv.OnError, "ERROR");
                    W(")");
                    break;
                case NamedArgument named:
                    W(IsPlainWord(named.Name.Value) ? named.Name.Value : QuoteIdentifier(named.Name.Value)).W(" => ");
                    Expr(named.Value, Precedence.Lowest);
                    break;
                default:
                    W(expr.ToString());
                    break;
            }
        }

        private static bool IsNiladic(QualifiedName name) =>
            name.Parts.Count == 1 && Keywords.Lookup(name.Parts[0].Value) is Keyword.CurrentDate or Keyword.CurrentTime
                or Keyword.CurrentTimestamp or Keyword.Localtime or Keyword.Localtimestamp;

        private void Call(FunctionCall call)
        {
            if (TrySpecialCallForm(call))
            {
                return;
            }

            if (IsNiladic(call.Name) && call.Arguments.IsEmpty && !call.Distinct && call.Filter is null && call.Over is null)
            {
                W(call.Name.Parts[0].Value.ToUpperInvariant());
                return;
            }

            if (call.Name.Parts.Count == 1 && Keywords.Lookup(call.Name.Parts[0].Value) is Keyword.Row or Keyword.Left or Keyword.Right)
            {
                W(call.Name.Parts[0].Value);
            }
            else
            {
                Name(call.Name);
            }

            W("(");
            if (call.Distinct)
            {
                W("DISTINCT ");
            }

            ExprList(call.Arguments);
            W(")");
            if (call.Filter is not null)
            {
                W(" FILTER (WHERE ");
                Expr(call.Filter, Precedence.Lowest);
                W(")");
            }

            if (call.Over is not null)
            {
                W(" OVER ");
                WindowSpec(call.Over);
            }
        }

        /// <summary>Prints POSITION(a IN b), OVERLAY(s PLACING r FROM p [FOR l]) and FLOOR/CEIL(x TO unit) in their SQL syntax.</summary>
        private bool TrySpecialCallForm(FunctionCall call)
        {
            if (call.Name.Parts.Count != 1 || call.Distinct || call.Filter is not null || call.Over is not null)
            {
                return false;
            }

            var name = call.Name.Parts[0].Value;
            var args = call.Arguments;
            switch (name.ToUpperInvariant())
            {
                case "POSITION" when args.Count == 2 && args[0] is not NamedArgument and not StarExpr and not TableArgument:
                    W(QuoteIdentifier(name)).W("(");
                    Expr(args[0], Precedence.Comparison + 1);
                    W(" IN ");
                    Expr(args[1], Precedence.Lowest);
                    W(")");
                    return true;
                case "OVERLAY" when args.Count is 3 or 4 && !args.AsSpan().ToArray().Any(a => a is NamedArgument or StarExpr or TableArgument):
                    W(QuoteIdentifier(name)).W("(");
                    Expr(args[0], Precedence.Lowest);
                    W(" PLACING ");
                    Expr(args[1], Precedence.Lowest);
                    W(" FROM ");
                    Expr(args[2], Precedence.Lowest);
                    if (args.Count == 4)
                    {
                        W(" FOR ");
                        Expr(args[3], Precedence.Lowest);
                    }

                    W(")");
                    return true;
                case "FLOOR" or "CEIL" or "CEILING" when args.Count == 2 && args[1] is TimeUnitExpr unit:
                    W(QuoteIdentifier(name)).W("(");
                    Expr(args[0], Precedence.Lowest);
                    W(" TO ").W(TimeUnits.Name(unit.Unit)).W(")");
                    return true;
                default:
                    return false;
            }
        }

        private void WindowSpec(WindowSpec spec)
        {
            if (spec.Reference is not null)
            {
                W(QuoteIdentifier(spec.Reference.Value));
                return;
            }

            W("(");
            var space = false;
            if (!spec.PartitionBy.IsEmpty)
            {
                W("PARTITION BY ");
                ExprList(spec.PartitionBy);
                space = true;
            }

            if (!spec.OrderBy.IsEmpty)
            {
                W(space ? " ORDER BY " : "ORDER BY ");
                OrderItems(spec.OrderBy);
                space = true;
            }

            if (spec.Frame is not null)
            {
                W(space ? " " : string.Empty).W(spec.Frame.Unit == FrameUnit.Rows ? "ROWS " : "RANGE ");
                if (spec.Frame.End is null)
                {
                    FrameBound(spec.Frame.Start);
                }
                else
                {
                    W("BETWEEN ");
                    FrameBound(spec.Frame.Start);
                    W(" AND ");
                    FrameBound(spec.Frame.End);
                }
            }

            W(")");
        }

        private void FrameBound(FrameBound bound)
        {
            switch (bound.Kind)
            {
                case FrameBoundKind.UnboundedPreceding:
                    W("UNBOUNDED PRECEDING");
                    break;
                case FrameBoundKind.UnboundedFollowing:
                    W("UNBOUNDED FOLLOWING");
                    break;
                case FrameBoundKind.CurrentRow:
                    W("CURRENT ROW");
                    break;
                default:
                    Expr(bound.Offset ?? new ErrorExpr(default), Precedence.Additive);
                    W(bound.Kind == FrameBoundKind.Preceding ? " PRECEDING" : " FOLLOWING");
                    break;
            }
        }

        // ------------------------------------------------------------ types

        private void JsonBehaviorClause(JsonBehavior? behavior, string condition)
        {
            if (behavior is null)
            {
                return;
            }

            switch (behavior.Kind)
            {
                case JsonBehaviorKind.Null:
                    W(" NULL");
                    break;
                case JsonBehaviorKind.Error:
                    W(" ERROR");
                    break;
                default:
                    W(" DEFAULT ");
                    Expr(behavior.Default!, Precedence.Lowest);
                    break;
            }

            W(" ON ").W(condition);
        }

        private void Type(DataType type)
        {
            switch (type)
            {
                case ScalarType scalar:
                    W(scalar.Kind switch
                    {
                        ScalarTypeKind.Boolean => "BOOLEAN",
                        ScalarTypeKind.TinyInt => "TINYINT",
                        ScalarTypeKind.SmallInt => "SMALLINT",
                        ScalarTypeKind.Int => "INT",
                        ScalarTypeKind.BigInt => "BIGINT",
                        ScalarTypeKind.Float => "FLOAT",
                        ScalarTypeKind.Double => "DOUBLE",
                        ScalarTypeKind.Decimal => "DECIMAL",
                        ScalarTypeKind.Char => "CHAR",
                        ScalarTypeKind.VarChar => "VARCHAR",
                        ScalarTypeKind.String => "STRING",
                        ScalarTypeKind.Binary => "BINARY",
                        ScalarTypeKind.VarBinary => "VARBINARY",
                        ScalarTypeKind.Bytes => "BYTES",
                        ScalarTypeKind.Date => "DATE",
                        ScalarTypeKind.Time => "TIME",
                        ScalarTypeKind.Timestamp => "TIMESTAMP",
                        _ => "TIMESTAMP_LTZ",
                    });
                    if (scalar.Precision is { } precision)
                    {
                        W("(").W(precision.ToString(System.Globalization.CultureInfo.InvariantCulture));
                        if (scalar.Scale is { } scale)
                        {
                            W(", ").W(scale.ToString(System.Globalization.CultureInfo.InvariantCulture));
                        }

                        W(")");
                    }

                    break;
                case ArrayType array:
                    W("ARRAY<");
                    Type(array.ElementType);
                    W(">");
                    break;
                case MultisetType multiset:
                    W("MULTISET<");
                    Type(multiset.ElementType);
                    W(">");
                    break;
                case MapType map:
                    W("MAP<");
                    Type(map.KeyType);
                    W(", ");
                    Type(map.ValueType);
                    W(">");
                    break;
                case RowType row:
                    if (row.Fields.IsEmpty)
                    {
                        W("ROW()");
                        break;
                    }

                    W("ROW<");
                    for (var i = 0; i < row.Fields.Count; i++)
                    {
                        if (i > 0)
                        {
                            W(", ");
                        }

                        var field = row.Fields[i];
                        W(QuoteIdentifier(field.Name.Value)).W(" ");
                        Type(field.Type);
                        if (field.Description is not null)
                        {
                            W(" ").W(QuoteString(field.Description));
                        }
                    }

                    W(">");
                    break;
            }

            if (type.NotNull)
            {
                W(" NOT NULL");
            }
        }
    }
}
