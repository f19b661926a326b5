namespace Bsql.Runtime.Connectors.Nexmark;

/// <summary>
/// A problem with a generator connector's <c>WITH</c> options (<c>nexmark</c>, <c>datagen</c>): a
/// stable BSQL3xxx code and a message naming the option. The caller turns it into a diagnostic.
/// </summary>
/// <param name="Code">The diagnostic code, e.g. <c>BSQL4001</c>.</param>
/// <param name="Option">The option the problem is about.</param>
/// <param name="Message">What is wrong and how to fix it.</param>
public sealed record GeneratorOptionError(string Code, string Option, string Message)
{
    /// <summary><c>BSQL4001: 'events.num' ...</c>.</summary>
    public override string ToString() => $"{Code}: {Message}";
}
