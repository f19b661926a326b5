using System.CommandLine;
using Bsql.Cli.Commands;

namespace Bsql.Cli.Tests;

/// <summary><c>bsql fmt</c>: canonical output, --check, --write, diagnostics for invalid input.</summary>
public sealed class FmtCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bsql-fmt-" + Guid.NewGuid().ToString("N"));

    public FmtCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteFile(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static (int Code, string Out, string Err) Run(bool check, bool write, params string[] paths)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = FmtCommand.Run(paths, check, write, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Fmt_PrintsCanonicalFormToStdout()
    {
        var path = WriteFile("a.sql", "select a,b from t where x=1");
        var (code, stdout, stderr) = Run(false, false, path);
        Assert.Equal(0, code);
        Assert.Equal("SELECT a, b\nFROM t\nWHERE x = 1;\n", stdout);
        Assert.Equal(string.Empty, stderr);
    }

    [Fact]
    public void Check_ExitsOneAndNamesTheFile_WhenNotCanonical()
    {
        var messy = WriteFile("messy.sql", "select 1");
        var clean = WriteFile("clean.sql", "SELECT 1;\n");
        var (code, stdout, stderr) = Run(true, false, messy, clean);
        Assert.Equal(1, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("messy.sql: not in canonical form", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("clean.sql", stderr, StringComparison.Ordinal);
        Assert.Equal(0, Run(true, false, clean).Code);
    }

    [Fact]
    public void Write_RewritesTheFile_ThenCheckPasses()
    {
        var path = WriteFile("w.sql", "create table t(a int) with('connector'='print')");
        var (code, stdout, _) = Run(false, true, path);
        Assert.Equal(0, code);
        Assert.Contains("formatted", stdout, StringComparison.Ordinal);
        Assert.Equal("CREATE TABLE t (\n  a INT\n) WITH (\n  'connector' = 'print'\n);\n", File.ReadAllText(path));
        Assert.Equal(0, Run(true, false, path).Code);
    }

    [Fact]
    public void Write_KeepsCommentsBetweenStatements()
    {
        var path = WriteFile("c.sql", "-- header\n\nselect 1; -- about the next one\nselect 2");
        var (code, _, stderr) = Run(false, true, path);
        Assert.Equal(0, code);
        Assert.Equal(string.Empty, stderr);
        Assert.Equal("-- header\n\nSELECT 1;\n-- about the next one\nSELECT 2;\n", File.ReadAllText(path));
        Assert.Equal(0, Run(true, false, path).Code);
    }

    [Fact]
    public void Write_RefusesToDropCommentsInsideStatements()
    {
        var text = "select a, -- the a column\n b from t";
        var path = WriteFile("d.sql", text);
        var (code, _, stderr) = Run(false, true, path);
        Assert.Equal(1, code);
        Assert.Contains("1 comment(s) inside statements would be lost", stderr, StringComparison.Ordinal);
        Assert.Equal(text, File.ReadAllText(path));
    }

    [Fact]
    public void InvalidInput_PrintsRenderedDiagnostics_AndExitsOne()
    {
        var path = WriteFile("bad.sql", "SELECT count(* FROM t;");
        var (code, stdout, stderr) = Run(false, false, path);
        Assert.Equal(1, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("bad.sql:1:16: error BSQL1004: expected ')', found keyword 'FROM'", stderr, StringComparison.Ordinal);
        Assert.Contains(" 1 | SELECT count(* FROM t;", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFile_ExitsOne()
    {
        var (code, _, stderr) = Run(false, false, Path.Combine(_dir, "nope.sql"));
        Assert.Equal(1, code);
        Assert.Contains("file not found", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void CommandLine_ParsesArgumentsAndOptions()
    {
        var clean = WriteFile("ok.sql", "SELECT 1;\n");
        var messy = WriteFile("no.sql", "select 1");
        var root = new RootCommand { FmtCommand.Create() };
        Assert.Equal(0, root.Parse(["fmt", "--check", clean]).Invoke());
        Assert.Equal(1, root.Parse(["fmt", "--check", clean, messy]).Invoke());
        Assert.NotEmpty(root.Parse(["fmt"]).Errors);
    }
}
