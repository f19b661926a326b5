using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Bsql.Planner.Expressions;
using Bsql.Planner.Types;

namespace Bsql.Planner.Serialization;

/// <summary>
/// Writes and reads <see cref="BoundExpr"/> trees: <c>{"expr": "call", "function": "+", "args": [...], "type": {...}}</c>.
/// A literal's value is written as typed JSON by its SQL type (see <see cref="LiteralJson"/>), so values round-trip exactly.
/// </summary>
public sealed class BoundExprConverter : JsonConverter<BoundExpr>
{
    /// <inheritdoc />
    public override BoundExpr Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return ReadExpr(document.RootElement, options);
    }

    private static SqlType ReadType(JsonElement e, JsonSerializerOptions options) =>
        e.GetProperty("type").Deserialize<SqlType>(options) ?? throw new JsonException("missing type");

    private static BoundExpr ReadExpr(JsonElement e, JsonSerializerOptions options)
    {
        var kind = e.GetProperty("expr").GetString();
        switch (kind)
        {
            case "input":
                return new InputRef(e.GetProperty("index").GetInt32(), ReadType(e, options));
            case "literal":
                var type = ReadType(e, options);
                return new Literal(LiteralJson.Read(e.GetProperty("value"), type), type);
            case "call":
                return new Call(e.GetProperty("function").GetString()!, [.. e.GetProperty("args").EnumerateArray().Select(a => ReadExpr(a, options))], ReadType(e, options));
            case "cast":
                return new CastExpr(ReadExpr(e.GetProperty("operand"), options), ReadType(e, options), e.GetProperty("try").GetBoolean());
            case "case":
                var arms = e.GetProperty("arms").EnumerateArray().Select(a => new CaseArm(ReadExpr(a.GetProperty("when"), options), ReadExpr(a.GetProperty("then"), options)));
                var elseExpr = e.TryGetProperty("else", out var el) && el.ValueKind != JsonValueKind.Null ? ReadExpr(el, options) : null;
                return new CaseExpr([.. arms], elseExpr, ReadType(e, options));
            case "field":
                return new FieldAccess(ReadExpr(e.GetProperty("row"), options), e.GetProperty("fieldIndex").GetInt32(), ReadType(e, options));
            default:
                throw new JsonException($"unknown expression kind '{kind}'");
        }
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, BoundExpr value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        switch (value)
        {
            case InputRef r:
                writer.WriteString("expr", "input");
                writer.WriteNumber("index", r.Index);
                break;
            case Literal l:
                writer.WriteString("expr", "literal");
                writer.WritePropertyName("value");
                LiteralJson.Write(writer, l.Value, l.Type);
                break;
            case Call c:
                writer.WriteString("expr", "call");
                writer.WriteString("function", c.Function);
                writer.WritePropertyName("args");
                writer.WriteStartArray();
                foreach (var a in c.Args) Write(writer, a, options);
                writer.WriteEndArray();
                break;
            case CastExpr c:
                writer.WriteString("expr", "cast");
                writer.WritePropertyName("operand");
                Write(writer, c.Operand, options);
                writer.WriteBoolean("try", c.Try);
                break;
            case CaseExpr k:
                writer.WriteString("expr", "case");
                writer.WritePropertyName("arms");
                writer.WriteStartArray();
                foreach (var arm in k.Arms)
                {
                    writer.WriteStartObject();
                    writer.WritePropertyName("when");
                    Write(writer, arm.When, options);
                    writer.WritePropertyName("then");
                    Write(writer, arm.Then, options);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
                if (k.Else is not null)
                {
                    writer.WritePropertyName("else");
                    Write(writer, k.Else, options);
                }
                break;
            case FieldAccess f:
                writer.WriteString("expr", "field");
                writer.WritePropertyName("row");
                Write(writer, f.Row, options);
                writer.WriteNumber("fieldIndex", f.FieldIndex);
                break;
            default:
                throw new JsonException($"cannot write expression {value.GetType().Name}");
        }
        writer.WritePropertyName("type");
        JsonSerializer.Serialize(writer, value.Type, options);
        writer.WriteEndObject();
    }
}
