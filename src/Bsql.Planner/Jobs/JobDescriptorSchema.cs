namespace Bsql.Planner.Jobs;

/// <summary>The JSON Schema (draft 2020-12) of BSQL job descriptors, printed by <c>bsql schema</c>.</summary>
public static class JobDescriptorSchema
{
    /// <summary>The schema text.</summary>
    public const string Text = """
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://bsql.dev/schemas/job-descriptor.json",
  "title": "BSQL job descriptor",
  "description": "A BSQL job as JSON; it compiles exactly as the equivalent SQL script (SET, CREATE TABLE, CREATE VIEW, CREATE FUNCTION, then the statements).",
  "type": "object",
  "required": ["statements"],
  "additionalProperties": false,
  "properties": {
    "$schema": { "type": "string" },
    "name": { "type": "string", "description": "The job name (default: the file name)." },
    "description": { "type": "string" },
    "config": {
      "type": "object",
      "description": "Job options, as SET 'key' = 'value' (e.g. parallelism.default, state.backend).",
      "additionalProperties": { "type": ["string", "number", "boolean"] }
    },
    "tables": {
      "type": "array",
      "items": {
        "type": "object",
        "required": ["name", "schema"],
        "additionalProperties": false,
        "properties": {
          "name": { "type": "string" },
          "comment": { "type": "string" },
          "schema": {
            "type": "array",
            "items": {
              "type": "object",
              "required": ["name"],
              "additionalProperties": false,
              "properties": {
                "name": { "type": "string" },
                "type": { "type": "string", "description": "A BSQL type, e.g. STRING, TIMESTAMP(3), ROW<a INT>." },
                "expr": { "type": "string", "description": "A computed column's expression, e.g. PROCTIME()." },
                "comment": { "type": "string" }
              },
              "oneOf": [ { "required": ["type"] }, { "required": ["expr"] } ]
            }
          },
          "watermark": {
            "type": "object",
            "required": ["column"],
            "additionalProperties": false,
            "properties": {
              "column": { "type": "string" },
              "delay": { "type": "string", "description": "A duration such as 5s, 100ms, 1min." },
              "expression": { "type": "string", "description": "A watermark expression, e.g. ts - INTERVAL '5' SECOND." }
            }
          },
          "primaryKey": { "type": "array", "items": { "type": "string" } },
          "with": {
            "type": "object",
            "description": "Connector and format options ('connector', 'format', ...).",
            "required": ["connector"],
            "additionalProperties": { "type": ["string", "number", "boolean"] }
          }
        }
      }
    },
    "views": {
      "type": "array",
      "items": {
        "type": "object",
        "required": ["name", "query"],
        "additionalProperties": false,
        "properties": { "name": { "type": "string" }, "query": { "type": "string" } }
      }
    },
    "functions": {
      "type": "array",
      "items": {
        "type": "object",
        "required": ["name", "class"],
        "additionalProperties": false,
        "properties": {
          "name": { "type": "string" },
          "class": { "type": "string", "description": "The implementing .NET type, Namespace.Type." },
          "assembly": { "type": "string", "description": "Path of the assembly holding it." }
        }
      }
    },
    "statements": {
      "type": "array",
      "minItems": 1,
      "items": { "type": "string", "description": "An INSERT INTO ... SELECT ... or a query." }
    }
  }
}
""";
}
