using System.Globalization;
using System.Text;
using System.Xml;

namespace IgaBot.Core.Policy;

/// <summary>ISO 8601 durations as the catalog and the eval harness write them. Months are 30 days.</summary>
public static class Durations
{
    /// <summary>Parses an ISO 8601 duration (P1D, PT4H, P2W, P1M = 30 days, P1Y = 365 days).</summary>
    public static bool TryParseIso(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim().ToUpperInvariant();
        if (!s.StartsWith('P') || s.Length < 2) return false;
        double days = 0, seconds = 0;
        var inTime = false;
        var number = new StringBuilder();
        var any = false;
        foreach (var c in s.AsSpan(1))
        {
            if (c == 'T') { if (inTime || number.Length > 0) return false; inTime = true; continue; }
            if (char.IsDigit(c) || c == '.' || c == ',') { number.Append(c == ',' ? '.' : c); continue; }
            if (number.Length == 0 || !double.TryParse(number.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n)) return false;
            number.Clear();
            any = true;
            switch (inTime, c)
            {
                case (false, 'Y'): days += n * 365; break;
                case (false, 'M'): days += n * 30; break;
                case (false, 'W'): days += n * 7; break;
                case (false, 'D'): days += n; break;
                case (true, 'H'): seconds += n * 3600; break;
                case (true, 'M'): seconds += n * 60; break;
                case (true, 'S'): seconds += n; break;
                default: return false;
            }
        }
        if (number.Length > 0 || !any) return false;
        var total = days * 86400 + seconds;
        if (total > TimeSpan.MaxValue.TotalSeconds / 2) return false;
        duration = TimeSpan.FromSeconds(total);
        return true;
    }

    /// <summary>
    /// Reads a duration request in its machine form, as JSON, card values and the command line carry it: nothing
    /// (unstated), "permanent", or ISO 8601. Words ("2 weeks") are <see cref="DurationParser"/>'s. False, with
    /// <paramref name="duration"/> unstated, for anything else.
    /// </summary>
    public static bool TryParseRequest(string? text, out DurationRequest duration)
    {
        duration = DurationRequest.Unstated;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (string.Equals(text.Trim(), "permanent", StringComparison.OrdinalIgnoreCase)) duration = DurationRequest.Permanent;
        else if (TryParseIso(text, out var length)) duration = DurationRequest.Of(length);
        else return false;
        return true;
    }

    public static TimeSpan ParseIso(string text) =>
        TryParseIso(text, out var d) ? d : throw new FormatException($"'{text}' is not an ISO 8601 duration.");

    /// <summary>Canonical ISO 8601 text: whole days as PnD, otherwise PnDTnHnMnS (P14D, PT4H, P1DT12H).</summary>
    public static string ToIso(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero) return "PT0S";
        var sb = new StringBuilder("P");
        if (duration.Days > 0) sb.Append(CultureInfo.InvariantCulture, $"{duration.Days}D");
        if (duration.Hours > 0 || duration.Minutes > 0 || duration.Seconds > 0)
        {
            sb.Append('T');
            if (duration.Hours > 0) sb.Append(CultureInfo.InvariantCulture, $"{duration.Hours}H");
            if (duration.Minutes > 0) sb.Append(CultureInfo.InvariantCulture, $"{duration.Minutes}M");
            if (duration.Seconds > 0) sb.Append(CultureInfo.InvariantCulture, $"{duration.Seconds}S");
        }
        return sb.ToString();
    }

    /// <summary>Words for people: "2 weeks", "4 hours", "1 day", "90 days".</summary>
    public static string Describe(TimeSpan d)
    {
        static string Unit(long n, string unit) => n == 1 ? $"1 {unit}" : $"{n} {unit}s";
        if (d.TotalDays >= 1 && d.Ticks % TimeSpan.TicksPerDay == 0)
        {
            var days = (long)d.TotalDays;
            if (days % 7 == 0 && days <= 28) return Unit(days / 7, "week");
            return Unit(days, "day");
        }
        if (d.TotalHours >= 1 && d.Ticks % TimeSpan.TicksPerHour == 0) return Unit((long)d.TotalHours, "hour");
        if (d.TotalMinutes >= 1 && d.Ticks % TimeSpan.TicksPerMinute == 0) return Unit((long)d.TotalMinutes, "minute");
        return XmlConvert.ToString(d);
    }
}
