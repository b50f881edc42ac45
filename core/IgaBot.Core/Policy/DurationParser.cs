using System.Globalization;
using System.Text.RegularExpressions;

namespace IgaBot.Core.Policy;

/// <summary>A duration found in a message, with where it was said.</summary>
public sealed record DurationMention(DurationRequest Duration, int Start, int Length, string Text);

/// <summary>
/// The one reader of durations in the code base (the policy engine, the agent's tools and the offline
/// planner all use it): ISO 8601 ("P14D", through <see cref="Durations.TryParseIso"/>), "permanent", and
/// English: "for 2 weeks", "an hour", "a couple of days", "3 months" (months are 30 days), "a quarter",
/// "4h", "for the next month", and end dates resolved from now ("until Friday", "through the end of the quarter", "till end of
/// next week", "until the 15th", "over the weekend"). A length from the story ("I spent 20 hours on it",
/// "2 years in the team") is not a length the access is for.
/// </summary>
public static partial class DurationParser
{
    private const string NumberWords =
        "a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|" +
        "seventeen|eighteen|nineteen|twenty|twenty[- ]?four|thirty|forty|forty[- ]?eight|fifty|sixty|ninety|hundred|" +
        "a\\s+couple(?:\\s+of)?|couple(?:\\s+of)?|a\\s+few|few|several|half\\s+an?|a\\s+half|another|one\\s+more";

    private const string Units =
        "minutes?|mins?|hours?|hrs?|h|days?|d|business\\s+days?|biz\\s+days?|working\\s+days?|weeks?|weks?|wks?|w|fortnights?|fortnites?|quarters?|months?|mos?|years?|yrs?|y|m";

    [GeneratedRegex(
        $@"(?<![\w.-])(?<num>\d+(?:[.,]\d+)?|(?:{NumberWords})(?=[\s-]))\s*-?\s*(?:(?:more|extra|additional|further|whole|full)\s+)?(?<unit>{Units})(?![\w])(?<half>\s+and\s+a\s+half)?",
        RegexOptions.IgnoreCase)]
    private static partial Regex LengthPattern();

    [GeneratedRegex(@"(?<![\w-])(?<unit>an?\s+)?(?<bare>day|week|month|year|hour|fortnight|quarter)(?![\w])", RegexOptions.IgnoreCase)]
    private static partial Regex BareUnitPattern();

    [GeneratedRegex(
        @"\b(?:permanent(?:ly)?|indefinite(?:ly)?|forever|no\s+(?:end|expiry|expiration)(?:\s+date)?|without\s+(?:an?\s+)?(?:end|expiry|expiration)(?:\s+date)?|open[- ]ended|on\s+an\s+ongoing\s+basis|never\s+expires?|for\s+the\s+foreseeable\s+future)\b",
        RegexOptions.IgnoreCase)]
    private static partial Regex PermanentPattern();

    // "doesn't need to be permanent", "not permanent", "no need to make it permanent": a negation a few words before, in
    // the same clause, asks for no such thing.
    [GeneratedRegex(@"\b(?:not|never|no|n't|don't|doesn't|isn't|won't|shouldn't)\b[^,.;:!?\n]{0,30}$", RegexOptions.IgnoreCase)]
    private static partial Regex NegatedBefore();

    // An end date: "until Friday", "till end of next week", "through the end of the quarter", "end of month",
    // "for the rest of the week", "until the 15th", "over the weekend".
    [GeneratedRegex(
        @"\b(?<lead>until|till|til|through|thru|to|by|over|(?:for\s+)?(?:the\s+)?rest\s+of)?\s*(?:the\s+)?(?:" +
        @"(?:end\s+of\s+)(?:the\s+)?(?:(?<rel>this|next|the\s+next)\s+)?(?<period>day|week|month|quarter|year)" +
        @"|(?<eo>eod|eow|eom|eoq|eoy)" +
        @"|(?:(?<next>next|this)\s+)?(?<day>monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|tomorrow|weekend)" +
        @"|(?<nth>[1-9]|[12][0-9]|3[01])(?:st|nd|rd|th)(?:\s+of\s+(?:the\s+)?(?<nthnext>next|this)\s+month)?" +
        @")\b",
        RegexOptions.IgnoreCase)]
    private static partial Regex UntilPattern();

    // "for the next month", "over the coming week", "for the month": one period from now, said without a number (not "for the
    // month-end close", "for the quarter close", "for the week of the 8th", which name a task or a date).
    // "for his first month", "for my first week": the first period of something new, from now.
    // "Whole month please", "the full week", "for the day": one whole period, where the clause ends or says it is enough
    // right after it (not "the full year forecast", "for the day shift").
    [GeneratedRegex(@"\b(?:(?:for|over|during|through|thru)\s+the\s+(?:next|coming)|for\s+(?:the|my|his|her|their|our|your)\s+first|for\s+the(?=\s+(?:day|week|fortnight|month|quarter|year)\b(?![\s-]*(?:end|close|of|shift|crew)\b))|(?:(?:for\s+)?(?:a|the)\s+)?(?:whole|full|entire)(?=\s+\w+\s*(?:$|[,.;!?)]|\s(?:please|pls|should|would|will|is|so|if|because|to\s+start|for\s+now)\b)))\s+(?<period>day|week|fortnight|month|quarter|year)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NextPeriodPattern();

    // "the rest of the week": a period without "end of".
    [GeneratedRegex(@"\b(?:for\s+)?(?:the\s+)?rest\s+of\s+(?:the\s+|this\s+)?(?<period>day|week|month|quarter|year)\b", RegexOptions.IgnoreCase)]
    private static partial Regex RestOfPattern();

    [GeneratedRegex(@"^P(?:\d+[YMWD])*(?:T(?:\d+[HMS])+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex IsoPattern();

    // A range asks for its upper end: "2-3 days", "3 to 5 days", "a day or two", "a week or so".
    [GeneratedRegex(@"(?<![\w.-])(?:\d+\s*(?:-|–|to|or)\s*(?<num>\d+)|(?:a|an|one)\s+(?<unit1>day|week|month|hour)\s+or\s+(?<num2>two|three|2|3))\s*(?<unit>days?|weeks?|wks?|months?|hours?|hrs?)?(?![\w])", RegexOptions.IgnoreCase)]
    private static partial Regex RangePattern();

    // Today: "just for today", "for tonight", "today only", read as a day from now, as "for the day" is (at 7 pm it is no
    // four hours).
    [GeneratedRegex(@"\b(?:(?:just\s+|only\s+)?for\s+(?:today|tonight)|(?:today|tonight)\s+only|until\s+tonight)\b", RegexOptions.IgnoreCase)]
    private static partial Regex TodayPattern();

    // "until month end", "thru quarter-end": a period's end said the other way round.
    [GeneratedRegex(@"\b(?:until|till|til|through|thru|by)\s+(?:the\s+)?(?<period>week|month|quarter|year)[\s-]?end\b", RegexOptions.IgnoreCase)]
    private static partial Regex PeriodEndPattern();

    // A month by name: "until Dec 31", "through March", "till the end of June", "until March 15th".
    [GeneratedRegex(@"\b(?<lead>until|till|til|through|thru|by)\s+(?:the\s+)?(?<end>end\s+of\s+)?(?<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?(?:\s+(?<day>[1-9]|[12][0-9]|3[01])(?:st|nd|rd|th)?\b)?", RegexOptions.IgnoreCase)]
    private static partial Regex MonthPattern();

    // Words just before a length that make it something other than a request length
    // ("this month", "every 2 weeks", "3 times a day", "the last 3 months of data"), or a measure compared with it ("40
    // units over 60 days", "tickets under 2 hours old").
    private static readonly HashSet<string> NotALengthBefore = new(StringComparer.OrdinalIgnoreCase)
    {
        "this", "every", "each", "per", "last", "past", "previous", "times", "once", "twice", "that", "same", "first",
        "within", "since", "in", "after", "over", "under",
    };

    // Verbs of the story told around a request ("I spent 20 hours on it", "I've been 2 years in the team",
    // "waited 3 days"): a length in the same clause after one of them is what happened, not what is asked.
    [GeneratedRegex(@"\b(?:spent|spend|spending|waited|waiting|wasted|lost|took|taken|been|worked|struggled)\b(?:(?![,;.!?]|\b(?:and|but|so|need|needs|want|give|grant|get|keep|request|access)\b).)*$", RegexOptions.IgnoreCase)]
    private static partial Regex StoryBefore();

    // "the 07:12 had 40 mins at the platform": a length someone or something had is the story's.
    [GeneratedRegex(@"\b(?:had|has)\s+(?:(?:only|just|about|around|over|nearly|almost|another|an?\s+extra)\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex HadBefore();

    // "2 years in the team", "3 days on the project": a bare length placed in the story, not asked for.
    [GeneratedRegex(@"^\s+(?:in|on|at|with|into)\s+(?:the|my|our|this|that|a|an|his|her|their)\b", RegexOptions.IgnoreCase)]
    private static partial Regex StoryAfter();

    // What comes before a length that opens a clause: punctuation, perhaps a hedge ("- maybe a week", ". like a week is plenty",
    // ". prob a week").
    [GeneratedRegex(@"[,;:.!?()\-–—]\s*(?:(?:and|but|so|maybe|perhaps|probably|prob|probs|prolly|just|only|about|around|roughly|approx|like|i\s+think)\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex ClauseOpening();

    // What follows a length that says it is enough: "should do", "is fine", "max", "or so", "to start with", "for now", or the clause ends.
    [GeneratedRegex(@"^\s*(?:$|[,.;!?)]|(?:should|would|will|is|'s|ought|max|maximum|tops|or\s+so|at\s+most|enough|please|pls|to\s+(?:start|begin)\s+with|for\s+(?:now|starters)|initially|at\s+first)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex Sufficiency();

    // The rest of the clause says the length is enough: "... should do it", "... would be plenty".
    [GeneratedRegex(@"^[^,;.!?]*?\b(?:should|would|will|'ll)\s+(?:do\s+(?:it|the\s+job)|be\s+(?:enough|fine|plenty|ok|okay|sufficient))\b", RegexOptions.IgnoreCase)]
    private static partial Regex SufficesLaterInClause();

    private static readonly HashSet<string> ArticleNumbers = new(StringComparer.OrdinalIgnoreCase) { "a", "an", "one", "another", "one more" };

    /// <summary>Finds the first duration in free text ("... for 2 weeks because ..."), or null.</summary>
    /// <param name="now">Needed only for dates such as "until Friday"; without it those are ignored.</param>
    public static DurationMention? Find(string text, DateTimeOffset? now = null)
    {
        var found = FindAll(text, now);
        // "rest of the year-ish, say 6 months": a length said again in other words, after "say" or "make it", is the one meant.
        if (found.Count == 0) return null;
        if (found.Skip(1).LastOrDefault(f => Restated().IsMatch(text[..f.Start])) is { } restated) return restated;
        // "Molly's at the boat show thru Sunday ... can I get manager for 2 days": how long someone else is away tells the story;
        // a length asked with "for" later on is the one meant.
        if (found.Count > 1 && OthersTime().IsMatch(ClauseBefore(text, found[0].Start))
            && found.Skip(1).FirstOrDefault(f => PrecededByFor(text, f.Start)) is { } asked)
            return asked;
        return found[0];
    }

    // The clause a position is in, up to it: from after the last punctuation that ends a clause.
    private static string ClauseBefore(string text, int index) => text[(text[..index].LastIndexOfAny(['.', ',', ';', '!', '?']) + 1)..index];

    // A clause that opens with someone else as its subject, being somewhere or away: "Molly's at the boat show", "nadia's out",
    // "she is off".
    [GeneratedRegex(@"^\s*(?:(?!i\b)\p{L}[\p{L}'’-]*|he|she|they)(?:['’]s|\s+is|\s+are|\s+will\s+be)\s+(?:out|off|away|gone|at|on|in)\b", RegexOptions.IgnoreCase)]
    private static partial Regex OthersTime();

    /// <summary>Every duration in the text, in order; adjacent ones are summed ("2 hours 30 minutes").</summary>
    public static IReadOnlyList<DurationMention> FindAll(string text, DateTimeOffset? now = null)
    {
        var found = new List<DurationMention>();
        foreach (Match m in RangePattern().Matches(text))
        {
            var unit = m.Groups["unit1"].Success ? m.Groups["unit1"].Value : m.Groups["unit"].Value;
            var upper = NumberValue((m.Groups["num"].Success ? m.Groups["num"] : m.Groups["num2"]).Value);
            if (unit.Length == 0 || upper is not { } n || n <= 0) continue;
            if (IsNotAskedFor(text, m.Index, m.Length)) continue;
            found.Add(new DurationMention(DurationRequest.Of(UnitLength(unit.ToLowerInvariant(), n)), m.Index, m.Length, m.Value));
        }
        foreach (Match m in LengthPattern().Matches(text))
        {
            if (found.Any(f => Overlaps(f, m.Index, m.Length))) continue;
            if (!TryLength(m, text, out var length)) continue;
            var last = found.Count > 0 ? found[^1] : null;
            if (last is { Duration.Length: { } previous } && IsJoin(text, last.Start + last.Length, m.Index))
            {
                var start = last.Start;
                found[^1] = new DurationMention(DurationRequest.Of(previous + length), start, m.Index + m.Length - start, text[start..(m.Index + m.Length)]);
                continue;
            }
            found.Add(new DurationMention(DurationRequest.Of(length), m.Index, m.Length, m.Value));
        }
        foreach (Match m in NextPeriodPattern().Matches(text))
            if (!found.Any(f => Overlaps(f, m.Index, m.Length)))
                found.Add(new DurationMention(DurationRequest.Of(UnitLength(m.Groups["period"].Value.ToLowerInvariant(), 1)), m.Index, m.Length, m.Value));
        foreach (Match m in PermanentPattern().Matches(text))
            if (!found.Any(f => Overlaps(f, m.Index, m.Length)) && !NegatedBefore().IsMatch(text[..m.Index]))
                found.Add(new DurationMention(DurationRequest.Permanent, m.Index, m.Length, m.Value));
        if (now is { } clock)
        {
            foreach (Match m in RestOfPattern().Matches(text))
                if (!found.Any(f => Overlaps(f, m.Index, m.Length)) && PeriodEnd(m.Groups["period"].Value, "", clock) is { } rest)
                    found.Add(new DurationMention(DurationRequest.Of(rest), m.Index, m.Length, m.Value));
            // "just for today", "for tonight": a day from now. The person's day is not the server's (midnight UTC may be early
            // evening where they are), and a day covers theirs wherever they are.
            foreach (Match m in TodayPattern().Matches(text))
                if (!found.Any(f => Overlaps(f, m.Index, m.Length)))
                    found.Add(new DurationMention(DurationRequest.Of(TimeSpan.FromDays(1)), m.Index, m.Length, m.Value));
            foreach (Match m in PeriodEndPattern().Matches(text))
                if (!found.Any(f => Overlaps(f, m.Index, m.Length)) && PeriodEnd(m.Groups["period"].Value, "", clock) is { } rest)
                    found.Add(new DurationMention(DurationRequest.Of(rest), m.Index, m.Length, m.Value));
            foreach (Match m in MonthPattern().Matches(text))
                if (!found.Any(f => Overlaps(f, m.Index, m.Length)) && MonthEnd(m, clock) is { } rest)
                    found.Add(new DurationMention(DurationRequest.Of(rest), m.Index, m.Length, m.Value));
            foreach (Match m in UntilPattern().Matches(text))
            {
                // "the end of day cash-up", "our end of month close": an end said before a noun, with no "until", names a task.
                if (!m.Groups["lead"].Success && NounFollows(text, m.Index + m.Length)) continue;
                if (EndLength(m, text, clock) is { } until && !found.Any(f => Overlaps(f, m.Index, m.Length)))
                    found.Add(new DurationMention(DurationRequest.Of(until), m.Index, m.Length, m.Value.Trim()));
            }
        }
        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        return found;
    }

    /// <summary>
    /// Reads a duration a tool argument or an option carries, as a whole: ISO 8601 ("P3D"), "permanent", or
    /// words ("3 days", "2 weeks", "4h"). False for anything else, and for a length of zero.
    /// </summary>
    public static bool TryParse(string? text, out DurationRequest duration)
    {
        duration = DurationRequest.Unstated;
        if (string.IsNullOrWhiteSpace(text)) return false;
        if (!TryParseAnswer(text, out var read) || read.Length is { } length && length <= TimeSpan.Zero) return false;
        duration = read;
        return true;
    }

    /// <summary>
    /// Reads a typed answer to "for how long?": the whole answer must be a duration ("2 weeks",
    /// "a month", "permanent", "P14D", "for 3 days please"). Returns false for anything else.
    /// </summary>
    public static bool TryParseAnswer(string text, out DurationRequest duration, DateTimeOffset? now = null)
    {
        duration = DurationRequest.Unstated;
        var t = text.Trim().TrimEnd('.', '!', '?').Trim();
        if (t.Length == 0) return false;
        if (IsoPattern().IsMatch(t))
        {
            if (!Durations.TryParseIso(t, out var iso) || iso <= TimeSpan.Zero) return false;
            duration = DurationRequest.Of(iso);
            return true;
        }
        var mentions = FindAll(t, now);
        if (mentions.Count == 0)
        {
            // A bare "month" or "day" as the whole answer.
            var bare = BareUnitPattern().Match(t);
            if (!bare.Success) return false;
            mentions = [new DurationMention(DurationRequest.Of(UnitLength(bare.Groups["bare"].Value, 1)), bare.Index, bare.Length, bare.Value)];
        }
        var m = mentions[0];
        var rest = (t[..m.Start] + " " + t[(m.Start + m.Length)..]).ToLowerInvariant();
        var leftover = Regex.Matches(rest, "[a-z0-9]+").Select(w => w.Value).Where(w => !AnswerFiller.Contains(w)).ToList();
        if (leftover.Count > 0) return false;
        duration = m.Duration;
        return true;
    }

    private static readonly HashSet<string> AnswerFiller = new(StringComparer.OrdinalIgnoreCase)
    {
        "for", "the", "next", "about", "around", "roughly", "approximately", "just", "only", "please", "pls", "maybe", "probably",
        "i", "need", "it", "want", "would", "like", "d", "let", "s", "say", "make", "go", "with", "give", "me", "access", "of",
        "actually", "instead", "ok", "okay", "um", "uh", "hmm", "so", "then", "is", "fine", "enough", "should", "be", "think",
        "a", "an", "at", "least", "most", "max", "maximum", "total", "in", "thanks", "thank", "you", "yes", "yeah", "over",
        "coming", "following", "all", "more", "days", "day",
    };

    private static bool TryLength(Match m, string text, out TimeSpan length)
    {
        length = default;
        var num = m.Groups["num"].Value.ToLowerInvariant();
        var unit = m.Groups["unit"].Value.ToLowerInvariant();
        if (IsNotAskedFor(text, m.Index, m.Length)) return false;
        var introduced = PrecededByFor(text, m.Index);
        // "2 weeks on the DMS should do it": a clause that opens with the length and says it will do asks for it.
        var opensClause = text[..m.Index].Trim().Length == 0 || ClauseOpening().IsMatch(text[..m.Index]);
        var suffices = opensClause && SufficesLaterInClause().IsMatch(text[(m.Index + m.Length)..]);
        if (!introduced && !suffices && StoryAfter().IsMatch(text[(m.Index + m.Length)..])) return false;
        // "a/an/one" lengths only count when introduced like a duration ("for a month", "next one hour"),
        // or open the message: "a month" in "twice a month" is a frequency.
        // "..., a month should cover it": a clause of its own that says how long is enough counts as well.
        if (ArticleNumbers.Contains(Regex.Replace(num, @"\s+", " ")) && !introduced && m.Index > 0
            && !(ClauseOpening().IsMatch(text[..m.Index]) && Sufficiency().IsMatch(text[(m.Index + m.Length)..]))) return false;
        // Single-letter units only right after a digit ("4h", "2 d"), never after a word ("a d").
        if (unit.Length == 1 && !char.IsDigit(num[0])) return false;
        if (unit == "m" && NextWordIs(text, m.Index + m.Length, "users", "rows", "records", "dollars")) return false;
        // "the licensed 3D volumes", "Red Hills 3D", "only 2D stuff": one capital letter joined to the number names a kind of
        // thing; as a length it follows "for" or "next" ("for 3D", rare: people write "3d" or "3 days"), not a hedge ("only").
        if (m.Groups["unit"].Value is [var letter] && char.IsUpper(letter) && char.IsDigit(text[m.Groups["unit"].Index - 1])
            && !ForOrNextBefore().IsMatch(text[..m.Index])) return false;
        var n = NumberValue(num);
        if (n is null or <= 0) return false;
        var value = n.Value + (m.Groups["half"].Success ? 0.5 : 0);
        length = UnitLength(unit, value);
        return length > TimeSpan.Zero;
    }

    // A length the words around it make something else: "this month", "2 days ago", "25 days past", "I spent 20 hours",
    // "the review is 3 weeks out" (the time until something, not how long access is wanted).
    private static bool IsNotAskedFor(string text, int start, int length) =>
        // "($3,400 quarter panel + bumper)": a number after a currency sign is an amount of money.
        start > 0 && char.GetUnicodeCategory(text[start - 1]) == System.Globalization.UnicodeCategory.CurrencySymbol
        || PreviousWord(text, start) is { } before && NotALengthBefore.Contains(before) && !IsTheFirstOfAGrant(text[..start])
        || NextWordIs(text, start + length, "ago", "old", "late", "early", "behind", "before", "after", "later", "past", "overdue",
            "delay", "delays", "delayed", "downtime", "outage", "out", "away")
        // "the 250 hr PM services", "a 24 hour SLA": a length naming a kind of thing, before its abbreviation.
        || Regex.IsMatch(text[(start + length)..], @"^[\s-]+[A-Z]{2,}s?\b")
        // "working 20 hr days on the trip", "back from 12-hour shifts": a length before a period of work says how long
        // each one is, not how long access is wanted.
        || Regex.IsMatch(text[(start + length)..], @"^[\s-]+(?:days?|nights?|shifts?|weeks?|watch(?:es)?)\b", RegexOptions.IgnoreCase)
        // "his logs are showing 3 hrs of unassigned driving": a length of something done is an amount of it, not a grant
        // ("for 2 weeks of testing" still asks for the two weeks).
        || OfADoing().IsMatch(text[(start + length)..]) && !PrecededByFor(text, start)
        // "pull 6 months of R-101 temps into excel", "add a 30 min hold after the step": a length that a verb of the task
        // takes, as an amount of something or as a word describing a thing, is no length of access.
        || TakenByAVerb(text, start) && (OfAThing().IsMatch(text[(start + length)..])
            || ArticleBefore().IsMatch(text[..start]) && ThingAfter().IsMatch(text[(start + length)..]))
        // "by the 15-day deadline": a length hyphenated to its unit, before a noun, describes that thing.
        // ("for a 3-day migration window" asks for it.)
        || HyphenatedLength().IsMatch(text.AsSpan(start, length)) && ThingAfter().IsMatch(text[(start + length)..])
            && !ForBefore().IsMatch(text[..(DeterminerBefore().Match(text[..start]) is { Success: true } determiner ? determiner.Index : start)])
        || StoryBefore().IsMatch(text[..start]) || HadBefore().IsMatch(text[..start]);

    [GeneratedRegex(@"^\s+of\s+(?:[a-z]+\s+){0,2}?[a-z]{3,}ing\b", RegexOptions.IgnoreCase)]
    private static partial Regex OfADoing();

    // "of R-101 temps", "of history": what the length is an amount of (not "of access", "of it").
    [GeneratedRegex(@"^\s+of\s+(?!(?:access|admin\w*|it|that|this|rights?|permissions?)\b)\w", RegexOptions.IgnoreCase)]
    private static partial Regex OfAThing();

    [GeneratedRegex(@"^\d+-\p{L}")]
    private static partial Regex HyphenatedLength();

    [GeneratedRegex(@"\b(?:a|an|the)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex DeterminerBefore();

    [GeneratedRegex(@"\bfor\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex ForBefore();

    [GeneratedRegex(@"\b(?:a|an)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex ArticleBefore();

    // "hold after", "webinar": a word naming the thing, not a function word nor a word of access or of its time ("window").
    [GeneratedRegex(@"^[\s-]+(?!(?:access|admin\w*|window|period|extension|stint|stretch|grant|pass|trial|role|login|account|temp|temporary|basis|block|cover|coverage|assignment|rotation|term|contract|max|maximum|tops|or|and|to|for|of|so|while|until|till|from|on|in|at|by|with|please|pls|should|would|will|is|then|because|since|if|as|more|just|only|the|a|an|i|we|it|that|this|starting|beginning)\b)[a-z]{3,}\b", RegexOptions.IgnoreCase)]
    private static partial Regex ThingAfter();

    // Words before a length (or its "a") that ask for it: "need 6 months of access", "for a 2 week window".
    private static readonly HashSet<string> GrantLeads = new(StringComparer.OrdinalIgnoreCase)
    {
        "for", "need", "needs", "needed", "want", "wants", "get", "give", "gimme", "grant", "request", "like", "have", "has", "take",
        "about", "around", "roughly", "approximately", "approx", "another", "additional", "extra", "least", "most", "say", "maybe",
        "probably", "just", "only", "next", "through", "thru", "till", "until", "and", "or", "than", "plus", "the", "with", "me",
        "him", "her", "them", "us", "it", "is", "be", "was", "of", "to", "extend", "renew", "keep", "max", "maximum", "within",
        "make", "call", "first", "last", "every", "per",
    };

    // The word before the length (or before its "a"/"an") is a verb of the task: no word that asks for a length.
    private static bool TakenByAVerb(string text, int start)
    {
        var before = ArticleBefore().Match(text[..start]) is { Success: true } article ? article.Index : start;
        return PreviousWord(text, before) is { Length: >= 3 } verb && !GrantLeads.Contains(verb);
    }

    private static double? NumberValue(string num)
    {
        num = Regex.Replace(num, @"[\s-]+", " ").Trim();
        if (double.TryParse(num.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
        return num switch
        {
            "a" or "an" or "one" or "another" or "one more" => 1,
            "two" or "a couple" or "couple" or "a couple of" or "couple of" => 2,
            "three" or "a few" or "few" or "several" => 3,
            "four" => 4, "five" => 5, "six" => 6, "seven" => 7, "eight" => 8, "nine" => 9, "ten" => 10,
            "eleven" => 11, "twelve" => 12, "thirteen" => 13, "fourteen" => 14, "fifteen" => 15, "sixteen" => 16,
            "seventeen" => 17, "eighteen" => 18, "nineteen" => 19, "twenty" => 20, "twenty four" or "twentyfour" => 24,
            "thirty" => 30, "forty" => 40, "forty eight" or "fortyeight" => 48, "fifty" => 50, "sixty" => 60, "ninety" => 90,
            "hundred" => 100,
            "half a" or "half an" or "a half" => 0.5,
            _ => null,
        };
    }

    private static TimeSpan UnitLength(string unit, double n)
    {
        unit = Regex.Replace(unit.ToLowerInvariant(), @"\s+", " ");
        // "10 business days" is two calendar weeks: every five working days take seven on the calendar.
        if (unit.StartsWith("business") || unit.StartsWith("working") || unit.StartsWith("biz"))
            return TimeSpan.FromDays(7 * Math.Floor(n / 5) + n % 5);
        return unit switch
        {
            "m" or "min" or "mins" or "minute" or "minutes" => TimeSpan.FromMinutes(n),
            "h" or "hr" or "hrs" or "hour" or "hours" => TimeSpan.FromHours(n),
            "d" or "day" or "days" => TimeSpan.FromDays(n),
            "w" or "wk" or "wks" or "week" or "weeks" or "wek" or "weks" => TimeSpan.FromDays(7 * n),
            "fortnight" or "fortnights" or "fortnite" or "fortnites" => TimeSpan.FromDays(14 * n),
            "mo" or "mos" or "month" or "months" => TimeSpan.FromDays(30 * n),
            // A quarter of a year is three months, and months are 30 days.
            "quarter" or "quarters" => TimeSpan.FromDays(90 * n),
            "y" or "yr" or "yrs" or "year" or "years" => TimeSpan.FromDays(365 * n),
            _ => TimeSpan.Zero,
        };
    }

    // Words before an end date that make it the start of something ("since the end of March", "at the end of the month I ...").
    private static readonly HashSet<string> NotAnEndBefore = new(StringComparer.OrdinalIgnoreCase)
    {
        "since", "after", "from", "before", "at", "of", "starting", "beginning", "around", "last", "past", "every", "each",
    };

    private static TimeSpan? EndLength(Match m, string text, DateTimeOffset now)
    {
        var lead = Regex.Replace(m.Groups["lead"].Value.ToLowerInvariant(), @"\s+", " ");
        var until = lead is "until" or "till" or "til" or "through" or "thru" or "by";
        if (m.Groups["period"].Success || m.Groups["eo"].Success)
        {
            // "end of the month" stands on its own; "at the end of the month I ..." is when, not until when.
            if (lead.Length == 0 && PreviousWord(text, m.Index) is { } before && NotAnEndBefore.Contains(before)) return null;
            if (m.Groups["eo"].Success)
            {
                var eo = m.Groups["eo"].Value.ToLowerInvariant();
                return PeriodEnd(eo switch { "eod" => "day", "eow" => "week", "eom" => "month", "eoq" => "quarter", _ => "year" }, "", now);
            }
            return PeriodEnd(m.Groups["period"].Value, m.Groups["rel"].Value, now);
        }
        // "should be working leads by Monday", "needs sign-off by Friday": "by" a day is when something must be done or
        // ready, not when the access ends.
        if (lead == "by") return null;
        if (m.Groups["nth"].Success)
            return until ? DayOfMonth(int.Parse(m.Groups["nth"].Value, CultureInfo.InvariantCulture), m.Groups["nthnext"].Value, now) : null;
        var day = m.Groups["day"].Value.ToLowerInvariant();
        if (day == "weekend")
        {
            // "over the weekend", "through the weekend": until Monday morning; "until the weekend": until Saturday.
            if (lead is "over" or "through" or "thru") return UntilStartOf(DayOfWeek.Monday, now);
            return until ? UntilStartOf(DayOfWeek.Saturday, now) : null;
        }
        // "Thursday thru Sunday", "monday to friday": a span between two days lasts from the first to the end of the last.
        if ((until || lead == "to") && m.Groups["next"].Value.Length == 0 && DayOf(PreviousWord(text, m.Index)) is { } from && DayOf(day) is { } to)
            return TimeSpan.FromDays(((int)to - (int)from + 7) % 7 + 1);
        // "until the Friday after next": not the coming one, the one after it.
        var afterNext = Regex.IsMatch(text[(m.Index + m.Length)..], @"^\s+after\s+next\b", RegexOptions.IgnoreCase);
        return until ? UntilLength(day, afterNext ? "next" : m.Groups["next"].Value, now) : null;
    }

    // From now to the end of a day, week (Friday), month, quarter or year, this one or the next.
    private static TimeSpan? PeriodEnd(string period, string relative, DateTimeOffset now)
    {
        var next = relative.Trim().EndsWith("next", StringComparison.OrdinalIgnoreCase) ? 1 : 0;
        var today = now.Date;
        DateTime start;
        switch (period.ToLowerInvariant())
        {
            case "day":
                return new DateTimeOffset(today.AddDays(1 + next), now.Offset) - now;
            case "week":
                return UntilLength("friday", next == 1 ? "next" : "", now);
            case "month":
                start = new DateTime(today.Year, today.Month, 1).AddMonths(1 + next);
                break;
            case "quarter":
                start = new DateTime(today.Year, (today.Month - 1) / 3 * 3 + 1, 1).AddMonths(3 * (1 + next));
                break;
            case "year":
                start = new DateTime(today.Year + 1 + next, 1, 1);
                break;
            default:
                return null;
        }
        return WholeDaysUntil(start, now);
    }

    // "through March" and "till the end of June" last to the end of that month; "until March" and "by March" to its start;
    // "until Dec 31" to the end of that day. The next such date from now.
    private static TimeSpan? MonthEnd(Match m, DateTimeOffset now)
    {
        var month = m.Groups["month"].Value[..3].ToLowerInvariant() switch
        {
            "jan" => 1, "feb" => 2, "mar" => 3, "apr" => 4, "may" => 5, "jun" => 6,
            "jul" => 7, "aug" => 8, "sep" => 9, "oct" => 10, "nov" => 11, _ => 12,
        };
        var today = now.Date;
        var year = month < today.Month ? today.Year + 1 : today.Year;
        DateTime end;
        if (m.Groups["day"].Success)
        {
            var day = int.Parse(m.Groups["day"].Value, CultureInfo.InvariantCulture);
            if (day > DateTime.DaysInMonth(year, month)) return null;
            if (new DateTime(year, month, day) < today) year++;
            if (day > DateTime.DaysInMonth(year, month)) return null;
            end = new DateTime(year, month, day).AddDays(1);
        }
        else
        {
            var through = m.Groups["end"].Success || m.Groups["lead"].Value.ToLowerInvariant() is "through" or "thru";
            if (!through && month == today.Month) year++;
            end = through ? new DateTime(year, month, 1).AddMonths(1) : new DateTime(year, month, 1);
        }
        return WholeDaysUntil(end, now);
    }

    private static TimeSpan? DayOfMonth(int day, string which, DateTimeOffset now)
    {
        var today = now.Date;
        var month = new DateTime(today.Year, today.Month, 1);
        if (which.Equals("next", StringComparison.OrdinalIgnoreCase) || (which.Length == 0 && day <= today.Day)) month = month.AddMonths(1);
        if (day > DateTime.DaysInMonth(month.Year, month.Month)) return null;
        var target = month.AddDays(day - 1);
        return target <= today ? null : TimeSpan.FromDays((target - today).Days);
    }

    private static TimeSpan UntilStartOf(DayOfWeek target, DateTimeOffset now)
    {
        var days = ((int)target - (int)now.DayOfWeek + 7) % 7;
        if (days == 0) days = 7;
        return WholeDaysUntil(now.Date.AddDays(days), now);
    }

    // Access to the end of a period lasts whole days, at least one.
    private static bool NounFollows(string text, int end)
    {
        // "the EOY 3 upload": a number may stand between the end and its noun.
        var next = Regex.Match(text[end..], @"^[\s-]*(?:\d+[\s-]+)?(?<word>[A-Za-z]+)");
        return next.Success && next.Groups["word"].Value.ToLowerInvariant() is not ("and" or "or" or "please" or "pls" or "plz" or "thanks"
            or "thx" or "if" or "so" or "because" or "then" or "but" or "max" or "tops" or "at" or "latest" or "is" or "should" or "would"
            or "will" or "works" or "ok" or "okay" or "fine" or "for" or "to" or "as" or "when" or "unless" or "since" or "cause");
    }

    private static TimeSpan WholeDaysUntil(DateTime start, DateTimeOffset now) =>
        TimeSpan.FromDays(Math.Max(1, Math.Ceiling((new DateTimeOffset(start, now.Offset) - now).TotalDays)));

    private static TimeSpan? UntilLength(string day, string next, DateTimeOffset now)
    {
        day = Regex.Replace(day.ToLowerInvariant(), @"\s+", " ");
        if (day == "tomorrow") return TimeSpan.FromDays(1);
        if (DayOf(day) is not { } target) return null;
        var days = ((int)target - (int)now.DayOfWeek + 7) % 7;
        if (days == 0) days = 7;
        if (next.Equals("next", StringComparison.OrdinalIgnoreCase) && days < 7) days += 7;
        return TimeSpan.FromDays(days);
    }

    [GeneratedRegex(@"^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|rsday|urday)?$", RegexOptions.IgnoreCase)]
    private static partial Regex DayName();

    // "thu", "Thursday", "thurs": the day of the week a word names, or null.
    private static DayOfWeek? DayOf(string? word) =>
        word is null || !DayName().IsMatch(word)
            ? null
            : word[..3].ToLowerInvariant() switch
            {
                "mon" => DayOfWeek.Monday, "tue" => DayOfWeek.Tuesday, "wed" => DayOfWeek.Wednesday, "thu" => DayOfWeek.Thursday,
                "fri" => DayOfWeek.Friday, "sat" => DayOfWeek.Saturday, _ => DayOfWeek.Sunday,
            };

    private static bool Overlaps(DurationMention f, int start, int length) => start < f.Start + f.Length && f.Start < start + length;

    private static bool IsJoin(string text, int end, int nextStart) =>
        nextStart >= end && Regex.IsMatch(text[end..nextStart], @"^\s*(?:and|,)?\s*$", RegexOptions.IgnoreCase);

    [GeneratedRegex(@"\b(?:for|next|another|extra)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex ForOrNextBefore();

    private static bool PrecededByFor(string text, int index)
    {
        var before = text[..index].TrimEnd().ToLowerInvariant();
        // A hedge may stand between the word and the length: "for like an hour", "for maybe a week".
        return Regex.IsMatch(before, @"(?:^|\W)(?:for|next|another|extra|additional|about|around|roughly|approximately|just|only|over|by|of|than|to|within|during|give\s+(?:me|him|her|them|us)|it|make\s+it|extend(?:ed)?(?:\s+it)?|for\s+the\s+next|up\s+to|at\s+most|max(?:imum)?)(?:\s+(?:like|about|around|maybe|perhaps|probably|prob|prolly|roughly|approx|approximately|just))?$");
    }

    // "nadia's out the rest of the week ... only need it for 3 days": what the person says they only need is the length meant.
    [GeneratedRegex(@"\b(?:say|make\s+it|call\s+it|actually|rather|i\s+mean|(?:only|just)\s+(?:need|want)s?(?:\s+(?:it|this|that|access))?\s+for)\W*$", RegexOptions.IgnoreCase)]
    private static partial Regex Restated();

    // "for the first 2 weeks", "for her first 90 days": the first stretch of something new is how long access is asked for
    // ("the first 3 months of data" is a stretch of the data).
    private static bool IsTheFirstOfAGrant(string before) =>
        Regex.IsMatch(before, @"\bfor\s+(?:the|my|his|her|their|our|your)\s+first\s*$", RegexOptions.IgnoreCase);

    // The word before, in the same clause: "picked up first. 4 hours should do it" has none that bears on the length.
    private static string? PreviousWord(string text, int index)
    {
        var m = Regex.Match(text[..index], @"([A-Za-z]+)[^\w.,;:!?()]*$");
        return m.Success ? m.Groups[1].Value : null;
    }

    // The word after, in the same clause ("2 weeks. Out of office from Monday" says nothing of the 2 weeks).
    private static bool NextWordIs(string text, int index, params string[] words)
    {
        var m = Regex.Match(text[index..], @"^[^\w.,;:!?()]*([A-Za-z]+)");
        return m.Success && words.Contains(m.Groups[1].Value, StringComparer.OrdinalIgnoreCase);
    }
}
