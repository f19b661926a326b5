namespace Bsql.Planner.Catalog;

/// <summary>
/// The tables, views and functions a job can name. Names are matched case-insensitively; a name may be
/// qualified (<c>dw.samples</c>), and <c>default_catalog.default_database.</c> prefixes are ignored as in Flink.
/// </summary>
public sealed class SqlCatalog
{
    private readonly Dictionary<string, CatalogTable> _tables = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, CatalogView> _views = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, CatalogFunction> _functions = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every table, in no particular order.</summary>
    public IEnumerable<CatalogTable> Tables => _tables.Values;

    /// <summary>Every view, in no particular order.</summary>
    public IEnumerable<CatalogView> Views => _views.Values;

    /// <summary>Every user-defined function, in no particular order.</summary>
    public IEnumerable<CatalogFunction> Functions => _functions.Values;

    /// <summary>The canonical lookup key of a (possibly qualified) name.</summary>
    public static string Normalize(string name)
    {
        const string DefaultPrefix = "default_catalog.default_database.";
        const string DatabasePrefix = "default_database.";
        if (name.StartsWith(DefaultPrefix, StringComparison.OrdinalIgnoreCase)) return name[DefaultPrefix.Length..];
        if (name.StartsWith(DatabasePrefix, StringComparison.OrdinalIgnoreCase)) return name[DatabasePrefix.Length..];
        return name;
    }

    /// <summary>True when a table or view of that name exists.</summary>
    public bool ContainsRelation(string name) => _tables.ContainsKey(Normalize(name)) || _views.ContainsKey(Normalize(name));

    /// <summary>Adds or replaces a table.</summary>
    public void AddTable(CatalogTable table) => _tables[Normalize(table.Name)] = table;

    /// <summary>Adds or replaces a view.</summary>
    public void AddView(CatalogView view) => _views[Normalize(view.Name)] = view;

    /// <summary>Adds or replaces a function.</summary>
    public void AddFunction(CatalogFunction function) => _functions[Normalize(function.Name)] = function;

    /// <summary>Removes a table or view; true when something was removed.</summary>
    public bool Remove(string name) => _tables.Remove(Normalize(name)) | _views.Remove(Normalize(name));

    /// <summary>Removes a function; true when it existed.</summary>
    public bool RemoveFunction(string name) => _functions.Remove(Normalize(name));

    /// <summary>The table named <paramref name="name"/>, or null.</summary>
    public CatalogTable? FindTable(string name) => _tables.GetValueOrDefault(Normalize(name));

    /// <summary>The view named <paramref name="name"/>, or null.</summary>
    public CatalogView? FindView(string name) => _views.GetValueOrDefault(Normalize(name));

    /// <summary>The function named <paramref name="name"/>, or null.</summary>
    public CatalogFunction? FindFunction(string name) => _functions.GetValueOrDefault(Normalize(name));

    /// <summary>Every table and view name (for did-you-mean hints).</summary>
    public IEnumerable<string> RelationNames => _tables.Values.Select(t => t.Name).Concat(_views.Values.Select(v => v.Name));

    /// <summary>A copy that can be extended without changing this catalog.</summary>
    public SqlCatalog Clone()
    {
        var copy = new SqlCatalog();
        foreach (var (k, v) in _tables) copy._tables[k] = v;
        foreach (var (k, v) in _views) copy._views[k] = v;
        foreach (var (k, v) in _functions) copy._functions[k] = v;
        return copy;
    }
}
