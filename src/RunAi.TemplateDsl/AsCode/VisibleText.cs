namespace RunAi.TemplateDsl.AsCode;

/// <summary>Text shown to a person (a plan's values, a server's message on a terminal) with nothing in it that hides or acts.</summary>
internal static class VisibleText
{
    /// <summary>
    /// The text with the characters a reader cannot see written as <c>\uXXXX</c> (valid in a JSON string): controls but
    /// the line feed (an escape sequence that retitles the terminal or hides the rest of the line, a carriage return that
    /// writes over it), format characters (a zero-width space, a right-to-left override that turns the rest of the line
    /// around), spaces other than U+0020, and line separators. In a plan, a change of one of them looked like no change.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <returns>The text, the same instance when nothing in it needs writing out.</returns>
    public static string Of(string text)
    {
        var i = 0;
        while (i < text.Length && !Invisible(text[i]))
        {
            i++;
        }

        if (i == text.Length)
        {
            return text;
        }

        var builder = new System.Text.StringBuilder(text.Length + 16).Append(text, 0, i);
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (Invisible(c))
            {
                builder.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();

        static bool Invisible(char c) => c < ' '
            ? c != '\n'
            : c > '~' && char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format
                or System.Globalization.UnicodeCategory.Control or System.Globalization.UnicodeCategory.SpaceSeparator
                or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator;
    }
}
