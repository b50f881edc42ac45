using System.Globalization;
using System.Text.RegularExpressions;
using IgaBot.Core.Policy;

namespace IgaBot.Core.Agent;

/// <summary>
/// Reads a duration a tool argument or an option carries: ISO 8601 (P3D, PT4H), "permanent", or a
/// number with a unit ("3 days", "2 weeks", "4h"). Months are 30 days, years 365.
/// </summary>
public static partial class DurationWords
{
    public static bool TryParse(string? text, out DurationRequest duration)
    {
        duration = DurationRequest.Unstated;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim();
        if (Durations.TryParseIso(s, out var iso))
        {
            if (iso <= TimeSpan.Zero) return false;
            duration = DurationRequest.Of(iso);
            return true;
        }
        if (PermanentWords().IsMatch(s))
        {
            duration = DurationRequest.Permanent;
            return true;
        }
        var match = NumberAndUnit().Match(s);
        if (!match.Success) return false;
        var number = match.Groups["n"].Value.ToLowerInvariant() switch
        {
            "a" or "an" or "one" => 1,
            _ => double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture),
        };
        var unit = match.Groups["u"].Value.ToLowerInvariant();
        TimeSpan? length = unit[0] switch
        {
            'm' when unit.StartsWith("mo", StringComparison.Ordinal) => TimeSpan.FromDays(30 * number),
            'm' => TimeSpan.FromMinutes(number),
            'h' => TimeSpan.FromHours(number),
            'd' => TimeSpan.FromDays(number),
            'w' => TimeSpan.FromDays(7 * number),
            'y' => TimeSpan.FromDays(365 * number),
            _ => null,
        };
        if (length is not { } value || value <= TimeSpan.Zero) return false;
        duration = DurationRequest.Of(value);
        return true;
    }

    [GeneratedRegex(@"^(permanent(ly)?|forever|no end|indefinitely|no expiry)$", RegexOptions.IgnoreCase)]
    private static partial Regex PermanentWords();

    [GeneratedRegex(@"^(?<n>\d+(\.\d+)?|a|an|one)\s*(?<u>minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|wks?|w|months?|mo|years?|yrs?|y)$", RegexOptions.IgnoreCase)]
    private static partial Regex NumberAndUnit();
}
