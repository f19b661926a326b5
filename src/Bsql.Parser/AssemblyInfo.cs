using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Bsql.Parser.Tests")]
