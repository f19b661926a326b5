using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Bsql.Runtime.Tests")]
[assembly: InternalsVisibleTo("Bsql.Bench.Kafka")]
