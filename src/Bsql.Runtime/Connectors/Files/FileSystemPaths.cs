using Bsql.Runtime.Execution;

namespace Bsql.Runtime.Connectors.Files;

/// <summary>Which files a <c>filesystem</c> path stands for.</summary>
public static class FileSystemPaths
{
    /// <summary>True for a name the filesystem connector ignores: in-progress or hidden (<c>.x</c>, <c>_x</c>).</summary>
    public static bool IsHidden(string fileName) => fileName.StartsWith('.') || fileName.StartsWith('_');

    /// <summary>The file itself, or the visible files of the directory (recursively), sorted by path; BSQL4003 when the path does not exist.</summary>
    public static IReadOnlyList<string> ListInputs(string path, string table)
    {
        if (File.Exists(path)) return [path];
        if (!Directory.Exists(path))
        {
            throw new BsqlRuntimeException(RuntimeErrors.FileNotFound, $"table '{table}': path '{path}' does not exist");
        }
        var files = new List<string>();
        Collect(path, files);
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    private static void Collect(string directory, List<string> files)
    {
        foreach (var file in Directory.EnumerateFiles(directory))
        {
            if (!IsHidden(Path.GetFileName(file))) files.Add(file);
        }
        foreach (var sub in Directory.EnumerateDirectories(directory))
        {
            if (!IsHidden(Path.GetFileName(sub))) Collect(sub, files);
        }
    }
}
