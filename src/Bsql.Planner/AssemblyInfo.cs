using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Bsql.Planner.Tests")]
