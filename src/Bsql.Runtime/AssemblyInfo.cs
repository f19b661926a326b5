using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Bsql.Runtime.Tests")]
