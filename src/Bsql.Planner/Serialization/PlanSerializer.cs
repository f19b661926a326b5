using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Bsql.Parser.Diagnostics;
using Bsql.Planner.Physical;

namespace Bsql.Planner.Serialization;

/// <summary>
/// Reads and writes compiled plans as versioned JSON (camelCase, enums as strings). Reading checks
/// <see cref="PhysicalPlan.FormatVersion"/> first and refuses other versions with BSQL2025.
/// <c>Deserialize(Serialize(plan))</c> equals <c>plan</c>.
/// </summary>
public static class PlanSerializer
{
    /// <summary>The serializer options used for plans (also usable for any plan record).</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions(indented: true);

    private static JsonSerializerOptions CreateOptions(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = indented,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            NumberHandling = JsonNumberHandling.Strict,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            // BoundExpr's [JsonPolymorphic] attributes describe the shape; BoundExprConverter writes it (with typed literals).
            TypeInfoResolver = new DefaultJsonTypeInfoResolver
            {
                Modifiers = { ti => { if (ti.Type == typeof(Expressions.BoundExpr)) ti.PolymorphismOptions = null; } },
            },
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.Converters.Add(new BoundExprConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>The plan as JSON text.</summary>
    public static string Serialize(PhysicalPlan plan) => JsonSerializer.Serialize(plan, Options);

    /// <summary>Reads a plan; throws <see cref="PlanFormatException"/> (BSQL2025) for another format version or malformed JSON.</summary>
    public static PhysicalPlan Deserialize(string json)
    {
        int version;
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("formatVersion", out var v) || !v.TryGetInt32(out version))
            {
                throw new PlanFormatException(Diagnostic.Error(PlannerDiagnosticCodes.UnsupportedPlanVersion, default,
                    "expected a compiled BSQL plan with a 'formatVersion', found none", "compile the job with `bsql compile job.sql -o plan.json`"));
            }
        }
        catch (JsonException e)
        {
            throw new PlanFormatException($"malformed plan JSON: {e.Message}", e);
        }
        if (version != PhysicalPlan.CurrentFormatVersion)
        {
            throw new PlanFormatException(Diagnostic.Error(PlannerDiagnosticCodes.UnsupportedPlanVersion, default,
                $"expected plan format version {PhysicalPlan.CurrentFormatVersion}, found {version}",
                "recompile the job with this version of bsql"));
        }
        try
        {
            return JsonSerializer.Deserialize<PhysicalPlan>(json, Options) ?? throw new PlanFormatException("empty plan");
        }
        catch (JsonException e)
        {
            throw new PlanFormatException($"malformed plan JSON: {e.Message}", e);
        }
    }
}
