using Bsql.Runtime.Connectors.Nexmark;

namespace Bsql.Runtime.Connectors.Datagen;

/// <summary>
/// The <c>fields.&lt;path&gt;.&lt;property&gt;</c> options of a <c>datagen</c> table, matched
/// case-insensitively (BSQL matches identifiers that way), remembering which ones were used so that
/// an option naming no column, or a property the column's type does not take, is reported.
/// </summary>
internal sealed class DatagenFieldOptions
{
    private readonly OptionReader _reader;
    private readonly HashSet<string> _used = new(StringComparer.OrdinalIgnoreCase);

    public DatagenFieldOptions(IReadOnlyDictionary<string, string> options, ICollection<GeneratorOptionError> errors)
    {
        var folded = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in options) folded[key] = value;
        _reader = new OptionReader(folded, DatagenConfig.InvalidOptionCode, errors);
    }

    public ICollection<GeneratorOptionError> Errors => _reader.Errors;

    private string Use(string path, string property)
    {
        var key = "fields." + path + "." + property;
        _used.Add(key);
        return key;
    }

    public bool Has(string path, string property) => _reader.Has(Use(path, property));

    public string? GetString(string path, string property) => _reader.GetString(Use(path, property));

    public long GetLong(string path, string property, long fallback, long min, long max) => _reader.GetLong(Use(path, property), fallback, min, max);

    public int GetInt(string path, string property, int fallback, int min, int max) => _reader.GetInt(Use(path, property), fallback, min, max);

    public double GetDouble(string path, string property, double fallback, double min = double.MinValue, double max = double.MaxValue) =>
        _reader.GetDouble(Use(path, property), fallback, min, max);

    public bool GetBool(string path, string property, bool fallback) => _reader.GetBool(Use(path, property), fallback);

    public long GetDurationMs(string path, string property, long fallback) => _reader.GetDurationMs(Use(path, property), fallback);

    public void Error(string path, string property, string message) => _reader.Error("fields." + path + "." + property, message);

    /// <summary>Reports every <c>fields.*</c> option no column generator read.</summary>
    public void ReportUnused()
    {
        foreach (var key in _reader.Options.Keys)
        {
            if (key.StartsWith("fields.", StringComparison.OrdinalIgnoreCase) && !_used.Contains(key))
            {
                _reader.Error(key, $"datagen option '{key}' names no column, or a property its column's type does not take");
            }
        }
    }
}
