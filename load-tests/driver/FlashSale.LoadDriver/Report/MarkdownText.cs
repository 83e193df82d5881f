using System.Globalization;
using System.Text;

namespace FlashSale.LoadDriver.Report;

/// <summary>Writing the results file: lines with invariant culture, and ratios as the tables print them.</summary>
internal static class MarkdownText
{
    public static void Line(StringBuilder md, FormattableString text) => md.Append(text.ToString(CultureInfo.InvariantCulture)).Append('\n');

    public static void Line(StringBuilder md, string text) => md.Append(text).Append('\n');

    public static string Ratio(double? ratio) => ratio is { } r ? r.ToString("F2", CultureInfo.InvariantCulture) : "–";
}
