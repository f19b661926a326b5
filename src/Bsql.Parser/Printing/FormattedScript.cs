namespace Bsql.Parser.Printing;

/// <summary>The canonical text of a script, and how many comments could not be kept.</summary>
/// <param name="Text">The formatted text.</param>
/// <param name="DroppedComments">Comments written inside a statement, which the formatter cannot place (0 when none was lost).</param>
public sealed record FormattedScript(string Text, int DroppedComments);
