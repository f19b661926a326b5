using Bsql.Parser.Printing;
using Bsql.Parser.Syntax;

namespace Bsql.Parser.Tests;

/// <summary>
/// parse(print(t)) == t for randomly built expression trees (not parsed ones): the printer must add exactly the
/// parentheses the tree's shape needs, whatever the nesting of operators of different precedence.
/// </summary>
public sealed class RandomTreeTests
{
    private sealed class Generator(int seed)
    {
        private readonly Random _random = new(seed);

        private static Identifier Id(string name) => new(name, default);

        private T Pick<T>(params T[] items) => items[_random.Next(items.Length)];

        public Expr Expr(int depth)
        {
            if (depth <= 0 || _random.Next(5) == 0)
            {
                return Leaf();
            }

            var d = depth - 1;
            switch (_random.Next(17))
            {
                case 0:
                case 1:
                case 2:
                    return new BinaryExpr(Pick(Enum.GetValues<BinaryOperator>()), Expr(d), Expr(d), default);
                case 3:
                    return new UnaryExpr(Pick(Enum.GetValues<UnaryOperator>()), Expr(d), default);
                case 4:
                    return new IsExpr(Expr(d), Pick(Enum.GetValues<IsTest>()), _random.Next(2) == 0, default);
                case 5:
                    return new BetweenExpr(Expr(d), Expr(d), Expr(d), _random.Next(2) == 0, default);
                case 6:
                    return new InListExpr(Expr(d), List(d, 1, 3), _random.Next(2) == 0, default);
                case 7:
                    return new LikeExpr(Expr(d), Expr(d), _random.Next(2) == 0 ? Expr(d) : null, _random.Next(2) == 0, default);
                case 8:
                    return new CaseExpr(_random.Next(2) == 0 ? Expr(d) : null,
                        EquatableArray.Create(Enumerable.Range(0, _random.Next(1, 3)).Select(_ => new WhenClause(Expr(d), Expr(d), default)).ToArray().AsSpan()),
                        _random.Next(2) == 0 ? Expr(d) : null, default);
                case 9:
                    return new CastExpr(Expr(d), new ScalarType(Pick(ScalarTypeKind.Int, ScalarTypeKind.String, ScalarTypeKind.Double), null, null, false, default),
                        _random.Next(2) == 0, default);
                case 10:
                {
                    var args = List(d, 0, 3);
                    return new FunctionCall(new QualifiedName([Id(Pick("f", "g", "my_func"))], default), args, !args.IsEmpty && _random.Next(4) == 0, null, null, default);
                }

                case 11:
                    return new SubscriptExpr(Expr(d), Expr(d), default);
                case 12:
                    return new FieldAccessExpr(Expr(d), Id(Pick("f", "g")), default);
                case 13:
                    return new IsDistinctFromExpr(Expr(d), Expr(d), _random.Next(2) == 0, default);
                case 14:
                    return new ArrayConstructor(List(d, 1, 3), default);
                case 15:
                    return new ExtractExpr(Pick(TimeUnit.Hour, TimeUnit.Year), Expr(d), default);
                default:
                    return new FunctionCall(new QualifiedName([Id("COUNT")], default), [new StarExpr(default, default)], false,
                        _random.Next(2) == 0 ? Expr(d) : null, null, default);
            }
        }

        private EquatableArray<Expr> List(int depth, int min, int max) =>
            EquatableArray.Create(Enumerable.Range(0, _random.Next(min, max + 1)).Select(_ => Expr(depth)).ToArray().AsSpan());

        private Expr Leaf() => _random.Next(9) switch
        {
            0 => new NumberLiteral(_random.Next(100).ToString(System.Globalization.CultureInfo.InvariantCulture), NumberKind.Integer, default),
            1 => new NumberLiteral("2.5", NumberKind.Decimal, default),
            2 => new StringLiteral(Pick("a", "it's", ""), default),
            3 => new BooleanLiteral(_random.Next(2) == 0, default),
            4 => new NullLiteral(default),
            5 => new IntervalLiteral("5", TimeUnit.Second, null, false, default),
            6 => new TypedLiteral(TypedLiteralKind.Date, "2024-01-31", default),
            _ => new NameExpr(EquatableArray.Create(Enumerable.Range(0, _random.Next(1, 4)).Select(i => Id(Pick("a", "b", "value", "select", "x y"))).ToArray().AsSpan()), default),
        };
    }

    [Fact]
    public void RandomExpressionTrees_PrintAndParseBackEqual()
    {
        for (var seed = 0; seed < 5000; seed++)
        {
            var tree = new Generator(seed).Expr(5);
            var printed = SqlPrinter.Print(tree);
            var result = BsqlParser.ParseExpression(printed);
            if (result.Diagnostics.Count > 0)
            {
                Assert.Fail($"seed {seed}: printed tree does not parse: {printed}\n{result.Diagnostics[0]}");
            }
            if (!tree.Equals(result.Value))
            {
                Assert.Fail($"seed {seed}: tree changed through printing\nprinted: {printed}\nexpected: {tree}\nactual:   {result.Value}");
            }

            Assert.Equal(printed, SqlPrinter.Print(result.Value));
        }
    }

    private static Identifier Name(string name) => new(name, default);

    private static SelectBody SimpleSelect(string table, int n) =>
        new(default, false, [new SelectItem(new NumberLiteral(n.ToString(System.Globalization.CultureInfo.InvariantCulture), NumberKind.Integer, default), null, default)],
            [new NamedTableRef(new QualifiedName([Name(table)], default), default, null, null, default)], null, default, null, default);

    private static QueryBody RandomBody(Random random, int depth)
    {
        if (depth <= 0 || random.Next(4) == 0)
        {
            return random.Next(6) == 0
                ? new NestedQueryBody(new Query(default, SimpleSelect("n", random.Next(10)), default, new NumberLiteral("1", NumberKind.Integer, default), null, default), default)
                : SimpleSelect("t" + random.Next(5), random.Next(10));
        }

        return new SetOperationBody((SetOperator)random.Next(3), random.Next(2) == 0, RandomBody(random, depth - 1), RandomBody(random, depth - 1), default);
    }

    private static TableRef RandomTableRef(Random random, int depth)
    {
        if (depth <= 0 || random.Next(4) == 0)
        {
            var table = new QualifiedName([Name("t" + random.Next(9))], default);
            var alias = random.Next(2) == 0 ? new TableAlias(Name("a" + random.Next(9)), default, default) : null;
            var asOf = random.Next(5) == 0 ? new NameExpr([Name("p"), Name("proc")], default) : null;
            return new NamedTableRef(table, default, asOf, alias, default);
        }

        var on = new BinaryExpr(BinaryOperator.Equal, new NameExpr([Name("x")], default), new NameExpr([Name("y")], default), default);
        if (random.Next(3) == 0)
        {
            return new DelayedWindowJoin(RandomTableRef(random, depth - 1), RandomTableRef(random, depth - 1), random.Next(2) == 0,
                new Duration(3_600_000, "1h", default), new Duration(600_000, "INTERVAL '10' MINUTE", default), on, default);
        }

        var kind = (JoinKind)random.Next(5);
        return new JoinTableRef(kind, RandomTableRef(random, depth - 1), RandomTableRef(random, depth - 1), kind == JoinKind.Cross ? null : on, default, default);
    }

    [Fact]
    public void RandomSetOperationAndJoinTrees_PrintAndParseBackEqual()
    {
        for (var seed = 0; seed < 2000; seed++)
        {
            var random = new Random(seed);
            var select = new SelectBody(default, false, [new SelectItem(new StarExpr(default, default), null, default)],
                [RandomTableRef(random, 4)], null, default, null, default);
            foreach (var body in new QueryBody[] { RandomBody(random, 4), select })
            {
                var tree = new Script([new QueryStatement(new Query(default, body, default, null, null, default), default)], default);
                var printed = SqlPrinter.Print(tree);
                var result = BsqlParser.Parse(printed);
                if (result.Diagnostics.Count > 0)
                {
                    Assert.Fail($"seed {seed}: printed tree does not parse:\n{printed}\n{result.Diagnostics[0]}");
                }

                TestSupport.AssertTreesEqual(tree, result.Script, $"seed {seed}:\n{printed}");
                Assert.Equal(printed, SqlPrinter.Print(result.Script));
            }
        }
    }
}
