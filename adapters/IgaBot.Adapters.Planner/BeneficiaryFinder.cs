using System.Text.RegularExpressions;
using IgaBot.Core.People;

namespace IgaBot.Adapters.Planner;

/// <summary>Someone else a request is for: an email address or a name as written. Checked against the directory later.</summary>
public sealed record BeneficiaryMention(string Text, bool IsEmail, int Start, int Length);

/// <summary>
/// Finds "for my report Tom Baker", "on behalf of tom.baker@contoso.com", "give Tom Baker access",
/// "set Tom up with ...", "Tom Baker on my team needs ...". A request without such a mention is for the
/// requester. The words it reads by are in <see cref="ReadingLexicon"/>.
/// </summary>
public static partial class BeneficiaryFinder
{
    private static string L(string list) => ReadingLexicon.Alternation(list);

    // A capitalised word, then up to three more, each capitalised or a whole name particle ("van der"): never part of a word.
    // A word joined to a digit ("Sev1", "Q3") is no name.
    // "for B-shift MOCs", "the A-team": a capital letter hyphenated to a word is no name.
    private static string Name => $@"(?<name>[A-Z](?!-)[\p{{L}}'’-]+(?![\p{{L}}\d])(?:\s+(?:(?i:{L("nameParticles")})(?=(?:\s+(?i:{L("nameParticles")}))*\s+[A-Z])|[A-Z][\p{{L}}'’-]+(?![\p{{L}}\d]))\b){{0,3}})";

    private static string Relation => $@"(?:(?:{L("relationAdjectives")})\s+)*(?:{L("relations")})";

    private const RegexOptions Options = RegexOptions.CultureInvariant;

    private static readonly Lazy<Regex> RelationThenName = new(() =>
        new Regex($@"\b(?i:my|our)\s+(?i:{Relation})(?i:s)?\s*,?\s+{Name}", Options));

    private static readonly Lazy<Regex> ForName = new(() => new Regex($@"\b(?i:for|on\s+behalf\s+of|to)\s+{Name}", Options));

    // "give Tom access", "set up Tom", "please get Tom Baker ...".
    private static readonly Lazy<Regex> VerbThenName = new(() => new Regex(
        $@"^\W*(?i:please\s+|pls\s+|plz\s+|can\s+you\s+|could\s+you\s+|would\s+you\s+|kindly\s+|i'?d\s+like\s+(?:you\s+)?to\s+|i\s+need\s+(?:you\s+)?to\s+)?(?i:give|grant|add|provision|set\s+up|onboard|enable|get|sort\s+out|create\s+an?\s+account\s+for)\s+{Name}", Options));

    // "set Tom up with ...", "get Tom set up on ...".
    private static readonly Lazy<Regex> VerbNameUp = new(() => new Regex(
        $@"\b(?i:set|get|hook|sort)\s+{Name}\s+(?i:up|set\s+up|sorted|out)\b", Options));

    // "can Brian Kowalski get fare approval", "could Tom have read access": asking whether someone may have it.
    private static readonly Lazy<Regex> CanNameGet = new(() => new Regex(
        $@"\b(?i:can|could|may)\s+{Name}\s+(?i:get|have|be\s+given|be\s+granted|be\s+added|be\s+set\s+up)\b", Options));

    // "please let Ana Ruiz dispatch work orders", "can Jo release the payment run": someone let do something, or asked
    // whether they can do what a level does ("let Tom know" gives nothing; after "can" the verb must be a level's).
    private static readonly Lazy<Regex> LetOrCanNameDo = new(() => new Regex(
        $@"\b(?<let>(?i:let|allow)\s+)?(?(let)|(?i:can|could)\s+){Name}\s+(?:(?i:to)\s+)?(?<verb>\p{{Ll}}+)\b", Options));

    // "while Donna is out", "Donna's on leave", "Lori's going out on maternity leave": the person named is away, so not the one the access is for.
    private static readonly Lazy<Regex> AwayAfter = new(() => new Regex(
        @"^\s*(?:is|'s|’s|will\s+be|has\s+been|was)\s+(?:(?:going|heading)\s+)?(?:out|away|off|gone|sick|ooo|leaving|on\s+(?:\w+\s+)?(?:leave|vacation|holiday|pto))\b", RegexOptions.IgnoreCase));

    // "Tom needs ...", "Tom Baker on my team needs ...", "Tom, my new intern, needs ...", "Carla, who sits next to Ben, needs",
    // "my AP supervisor Pam needs", "new starter Pam Ortiz needs",
    // at the start of a sentence or a clause ("With Ben leaving, Carla needs ...", "Ben approved it - Carla needs ...").
    private static readonly Lazy<Regex> NameNeeds = new(() => new Regex(
        $@"(?:^|[.!?;:]\s+|,\s+|\s[-–—]\s+|\b(?i:so|and|but|then|now)\s+)\W*(?:(?i:my|our)\s+(?:[\w-]+\s+){{1,3}}?|(?i:{Relation})\s+)?{Name}(?:\s+(?i:on|in|from)\s+(?i:my|our)\s+(?i:team|group|squad|department)|\s*,\s*(?i:my|our)\s+(?:[\w-]+\s+){{0,3}}?(?i:{Relation})\s*,|\s*,\s*(?i:who|whose)\s+[^,.;!?]{{1,60}},|(?:\s*,[^,.;!?]{{1,30}}){{1,2}},|{Told})?,?(?:\s+(?i:{L("needsVerbs")})|{WillNeed})\b", Options));

    private static readonly Lazy<Regex> KnownNameNeedsAfter = new(() => new Regex($@"^(?:\s+(?i:{L("needsVerbs")})|{WillNeed})\b", Options));

    // "Carla is taking over", "Carla will be covering", "Carla's stepping in": the person named takes on someone's work.
    private static readonly Lazy<Regex> TakesOverAfter = new(() => new Regex(
        @"^\s*(?:is|'s|’s|will|will\s+be|is\s+going\s+to)\s+(?:tak(?:e|ing)\s+over|cover(?:ing)?|step(?:ping)?\s+in|pick(?:ing)?\s+up|fill(?:ing)?\s+in|back(?:ing)?\s+(?:\w+\s+)?up)\b",
        RegexOptions.IgnoreCase));

    // "Pam's going to need", "Pam will need", "Pam on my team will be keying invoices": what someone will need or do.
    private const string WillNeed = @"(?i:['’]s\s+going\s+to\s+need|\s+is\s+going\s+to\s+need|\s+will\s+need|['’]ll\s+need|\s+(?:will|should)\s+be\s+(?!(?:leaving|going|away|moving|taking|out|off|covering)\b)[a-z]{3,}ing|\s+should\s+be\s+able\s+to)";

    // "put Dario Pace on nightcall dispatch", "move Ana Ruiz onto the day desk": a person the directory knows, put on what
    // the access is for. (Only a capitalised name: "put jay on the trader role" in lower case may name a desk or a thing.)
    private static readonly Lazy<Regex> PutKnownNameOn = new(() => new Regex(
        $@"\b(?i:put|move|switch)\s+{Name}\s+(?i:on|onto|in|into)\s", Options));

    // "Ben asked me to get Carla Salesforce read": a giving verb mid-sentence, before a person the directory knows.
    private static readonly Lazy<Regex> VerbThenKnownName = new(() => new Regex(
        $@"(?:^\W*|\b(?i:to|and|then|please|pls|can\s+you|could\s+you)\s+)(?i:give|grant|get|provision|set\s+up|onboard|enable|create|make)\s+{Name}", Options));

    // "give her dispatch", "set him up", "for them": a person spoken of before is the one the access is for.
    private static readonly Lazy<Regex> PronounGiven = new(() => new Regex(
        $@"\b(?:{L("pronounGiving")})\s+(?:her|him|them)\b(?!\s*(?:self|selves))", RegexOptions.IgnoreCase));

    // "Sam Riley will run the store ... - he needs to do refunds": a person spoken of before needs the access.
    // "... can he have that on Tixly?": asking whether that person may have it.
    private static readonly Lazy<Regex> PronounNeeds = new(() => new Regex(
        $@"\b(?:he|she|they)(?:\s+(?:{L("needsVerbs")}|will\s+need)|['’]ll\s+need)\b|\b(?:can|could|may)\s+(?:he|she|they)\s+(?:get|have|be\s+given|be\s+granted|be\s+added|be\s+set\s+up)\b", RegexOptions.IgnoreCase));

    // "Ivan is covering ANC, his DCS login only works for PDX": the access spoken of is that person's.
    private static readonly Lazy<Regex> PossessiveAccess = new(() => new Regex(
        @"\b(?:his|her|their)\s+(?:[\w-]+\s+){0,2}?(?:log-?[io]ns?|access|accounts?|rights|permissions?|roles?|licen[cs]es?)\b", RegexOptions.IgnoreCase));

    // A capitalised name anywhere: "Brandy Cole is covering the board ..., give her ...".
    private static readonly Lazy<Regex> AnyName = new(() => new Regex($@"(?<![\p{{L}}'’-]){Name}", Options));

    private static readonly Lazy<Regex> LowerCaseNameNeeds = new(() => new Regex($@"\b\p{{Ll}}[\p{{L}}'’-]+(?=(?:\s*,[^,.;!?]{{1,40}},|{Told})?\s+(?:{L("needsVerbs")})\b)", Options));

    // "Pam our AP supervisor needs", "pam from the lab needs": who the person is, told between the name and the need.
    private const string Told = @"\s+(?i:our|my|from|in|at|on)\s+(?:[\w-]+\s+){0,2}?[\w-]+";

    // "Pam Ortiz is joining AP on Monday, please set up Vista AP entry": a person the message opens with, told about.
    private static readonly Lazy<Regex> OpeningSubject = new(() => new Regex(
        $@"^\W*(?:(?i:hi|hey|hello)\W+)?{Name}(?:\s+(?i:is|was|has|had|will|took|[a-z]{{3,}}s|[a-z]{{3,}}ed)\b|\s+[-–—:]\s)", Options));

    // The person asking speaks of themself: "I need", "give me", "can I", "I'll".
    private static readonly Lazy<Regex> FirstPersonAsk = new(() => new Regex(@"\b(?:i|i'm|i’m|i'd|i’d|i've|i’ve|i'll|i’ll|me|myself)\b", RegexOptions.IgnoreCase));

    // "Ben is covering my book while I'm on the road - can he ...": a clause telling when, about the person asking, is the
    // story of why someone else needs it, not the person asking for themself. It runs to the end of its clause.
    [GeneratedRegex(@"\b(?:while|whilst|when|until|till)\s+(?:i|i'm|i’m|i'll|i’ll)\b[^,.;!?–—]*?(?=\s[-–—]\s|[,.;!?–—]|$)", RegexOptions.IgnoreCase)]
    private static partial Regex WhileIAm();

    private static readonly Lazy<Regex> AccessBefore = new(() => new Regex($@"\b(?:{L("accessNouns")}|it|this|that|same|one)\s*$", RegexOptions.IgnoreCase));

    // "my manager Ivy said ...": the person named speaks. "Jacob says he can't get in" speaks of what Jacob lacks.
    private static readonly Lazy<Regex> SpeakerVerb = new(() => new Regex(
        $@"^\W{{0,2}}\s*(?:{L("speakerVerbs")})\b(?!\s+(?:that\s+)?(?:he|she|they)\s+(?:can'?t|cannot|couldn'?t|doesn'?t|does\s+not|don'?t|still\s+can'?t|needs?|is\s+missing|has\s+no|lacks?)\b)",
        RegexOptions.IgnoreCase));

    private static readonly Lazy<Regex> NotBeneficiaryBefore = new(() => new Regex($@"\b(?:{L("forNotBeneficiary")})\s*$", RegexOptions.IgnoreCase));

    // "I'm covering nights in Savannah for Keisha": the person asking stands in, earlier in the clause, for the person named.
    private static readonly Lazy<Regex> CoveringInTheClauseBefore = new(() => new Regex(
        $@"\b(?:i'?m|i’m|i\s+am|i'?ll\s+be|i’ll\s+be|i\s+will\s+be)\s+(?:{L("coveringForSomeone")})\b[^,.;:!?]{{0,60}}$", RegexOptions.IgnoreCase));

    // "Paul's jobs" owns; "Tyler's gonna work at the cafe", "Tyler's working at the cafe", "Tyler's now in AP" are "is" or "has".
    [GeneratedRegex(@"^['’]s\s+(?!(?:out|away|off|gone|sick|leaving|on|been|going|gonna|got|gotta|taking|covering|moving|training|the|a|an|now|also|still|just|back|about|here|in|at|not|finally|due|starting|joining)\b|[a-z]+ing\s+(?:at|on|in|with|for|to|from|over|into|onto|across|as|the|a|an)\b)[a-z]", RegexOptions.IgnoreCase)]
    private static partial Regex Possessive();

    // Nothing before the name but the start of the text or of a sentence (a greeting aside).
    [GeneratedRegex(@"(?:^|[.!?]\s+)\W*(?:(?:hi|hey|hello|so|ok|okay)\W+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex SubjectStart();

    [GeneratedRegex(@"(?<=(?:^|[.!?]\s+)\W*)\p{Ll}[\p{L}-]+(?=['’]s\b|\s+(?:is|was|has|had|will|starts|started|joins|joined|moves|moved)\b)")]
    private static partial Regex LowerCaseSubject();

    // The person asking needs something themself: "I need", "I'd like", "can I", "give me", "for me".
    [GeneratedRegex(@"\bi\s+(?:really\s+|also\s+|still\s+|just\s+)?(?:need|want|require)\b|\bi['’]d\s+(?:like|need)\b|\b(?:can|could|may)\s+i\b|\b(?:give|get|grant|add|set)\s+me\b|\bfor\s+me\b", RegexOptions.IgnoreCase)]
    private static partial Regex FirstPersonNeed();

    [GeneratedRegex(@"(?<![\p{L}'’.@-])\p{Ll}[\p{L}]+(?![\p{L}@-]|\.\w|['’](?!s\b))")]
    private static partial Regex LowerCaseWord();

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")]
    private static partial Regex Email();

    // The word a "for <name>" hangs on, when it is a word of its own (not "access for", "it for", "Jira for").
    [GeneratedRegex(@"(?<word>\p{L}[\p{L}'’-]*)\s*$")]
    private static partial Regex LastWord();

    private static readonly Lazy<Regex> AskingWords = new(() => new Regex(
        $@"\b(?:{string.Join("|", ReadingLexicon.Set("pronounGiving").Where(w => w != "for").Select(Regex.Escape))}|{L("accessNouns")}|{L("accountWords")}|{L("askingWords")})\b",
        RegexOptions.IgnoreCase));

    private static bool AsksNothing(string sentence) => !FirstPersonAsk.Value.IsMatch(sentence) && !AskingWords.Value.IsMatch(sentence);

    // The sentence a position is in: from after the last full stop, question or exclamation mark before it to the next one.
    private static string SentenceAround(string text, int index)
    {
        var start = text.LastIndexOfAny(['.', '!', '?'], Math.Max(0, index - 1)) + 1;
        var end = text.IndexOfAny(['.', '!', '?'], index);
        return text[start..(end < 0 ? text.Length : end)];
    }

    private static bool IsThingMadeFor(string before, Func<string, bool>? isCatalogWord)
    {
        if (AccessBefore.Value.IsMatch(before) || LastWord().Match(before) is not { Success: true } last) return false;
        var word = last.Groups["word"].Value.ToLowerInvariant();
        return !Words.IsStopWord(word) && !ReadingLexicon.Set("accountWords").Contains(word) && !(isCatalogWord?.Invoke(word) ?? false)
            && !Privileges.IsActionWord(Words.Stem(word)) && !ReadingLexicon.Set("needsVerbs").Contains(word);
    }

    /// <summary>
    /// Whether the text asks for someone spoken of by a pronoun ("can he get ...", "set her up", "his login"), whoever that is:
    /// the requester's own access then says nothing of what is meant.
    /// </summary>
    public static bool SpeaksOfSomeoneElse(string text) =>
        PronounGiven.Value.IsMatch(text) || PronounNeeds.Value.IsMatch(text) || PossessiveAccess.Value.IsMatch(text);

    /// <param name="requesterEmail">Mentions of the requester's own address are not a beneficiary.</param>
    /// <param name="isCatalogWord">True for words the catalog uses as app names or scopes ("Salesforce", "OPS"), which are never people.</param>
    /// <param name="people">
    /// Names the directory knows (full names, and first names where they are unique among the requester's
    /// reports), when known: a name written with more words than a known person's ("Tom Baker Data") is cut to
    /// the person; the requester's own name is never a beneficiary.
    /// </param>
    public static BeneficiaryMention? Find(string text, string? requesterEmail = null, Func<string, bool>? isCatalogWord = null,
        KnownPeople? people = null)
    {
        foreach (Match m in Email().Matches(text))
            if (!string.Equals(m.Value, requesterEmail, StringComparison.OrdinalIgnoreCase))
                return new BeneficiaryMention(m.Value.TrimEnd('.'), true, m.Index, m.Length);
        // "give luis ortega yard coordinator": a full name the directory knows reads as a name however it is written.
        if (people is not null) text = people.WithNamesCapitalised(text);
        // "hana needs grade B access": a report's first name written in lower case, before a verb of needing.
        if (people is not null)
            text = LowerCaseNameNeeds.Value.Replace(text, m => people.IsReportFirstName(m.Value) ? char.ToUpperInvariant(m.Value[0]) + m.Value[1..] : m.Value);
        // "pam is starting in AP monday, set her up on vista": a report's first name in lower case opening a sentence as its
        // subject ("will need vista" stays a verb, whoever is called Will).
        if (people is not null)
            text = LowerCaseSubject().Replace(text, m => people.IsReportFirstName(m.Value) ? char.ToUpperInvariant(m.Value[0]) + m.Value[1..] : m.Value);
        var notNames = ReadingLexicon.Set("notNames");
        // "can you set sam up on the fx desk": a report's first name in lower case elsewhere too, unless the word is one the
        // sentence needs as itself (a function word, a word of the catalog, a verb of a level: "will", "grant", "view").
        if (people is not null)
            text = LowerCaseWord().Replace(text, m => people.IsReportFirstName(m.Value) && !Words.IsStopWord(m.Value)
                && !(isCatalogWord?.Invoke(m.Value) ?? false) && !Privileges.IsLevelVerb(m.Value) && !notNames.Contains(m.Value)
                ? char.ToUpperInvariant(m.Value[0]) + m.Value[1..] : m.Value);

        var organisationWords = ReadingLexicon.Set("organisationWords");
        var personalTitles = ReadingLexicon.Set("personalTitles");
        bool Plausible(string name)
        {
            var parts = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // "for St. Agnes", "at Mt. Sinai": a first word without a vowel is an abbreviation of a place's name.
            return parts.Length > 0 && parts[0].Any(c => "aeiouyAEIOUY".Contains(c)) && parts.All(p =>
                !notNames.Contains(p) && !Words.IsStopWord(p.ToLowerInvariant()) && !(isCatalogWord?.Invoke(p.ToLowerInvariant()) ?? false)
                && !p.EndsWith('-') && !Words.IsAcronym(p));
        }

        BeneficiaryMention? FromGroup(Match m)
        {
            if (!m.Success) return null;
            var g = m.Groups["name"];
            var parts = Regex.Split(g.Value.Trim(), @"\s+").ToList();
            // "the invoices for Paul's jobs", "the budget for Dr Stroud's NIH submission": the owner of a thing spoken of is
            // not the one given it.
            var after = text[(g.Index + g.Length)..];
            if (Regex.Match(g.Value, @"['’]s(?:\s+|$)") is { Success: true } apostrophe) after = g.Value[apostrophe.Index..].TrimEnd() + after;
            if (Possessive().IsMatch(after)) return null;
            // "for Dr Amara Osei": a title is how the person is addressed, not part of their name.
            var titles = 0;
            while (titles < parts.Count && personalTitles.Contains(parts[titles].TrimEnd('.'))) titles++;
            if (titles > 0)
            {
                var nameStart = Regex.Match(text[g.Index..], string.Join(@"\.?\s+", parts.Take(titles).Select(p => Regex.Escape(p.TrimEnd('.')))) + @"\.?\s*").Length;
                return titles == parts.Count ? null : FromWords(g.Index + nameStart, parts.Skip(titles).ToList());
            }
            return FromWords(g.Index, parts);
        }

        BeneficiaryMention? FromWords(int index, List<string> parts)
        {
            // "Sam's moving onto the desk": the "'s" of "is" is no part of the name.
            if (Regex.Match(parts[^1], @"['’]s$") is { Success: true } contracted) parts[^1] = parts[^1][..contracted.Index];
            // "for Hydro-Tech Distributors": a company, not a person.
            if (parts.Any(p => organisationWords.Contains(p.ToLowerInvariant()))) return null;
            var known = people?.Longest(parts);
            if (known is { } n) parts = [.. parts.Take(n)];
            // Otherwise trim words that are not part of the name ("Tom Baker Access", "Riverside Garage" of a project's
            // name): stop at the first implausible word. A person the directory knows is a person, whatever else shares the name.
            while (known is null && parts.Count > 0 && !Plausible(string.Join(" ", parts))) parts.RemoveAt(parts.Count - 1);
            if (parts.Count == 0) return null;
            var length = Regex.Match(text[index..], string.Join(@"\s+", parts.Select(Regex.Escape))).Length;
            var name = string.Join(" ", parts);
            // "my manager Ivy said I should ask": the person named speaks; they are not the one the access is for.
            if (SpeakerVerb.Value.IsMatch(text[(index + length)..])) return null;
            if (people?.IsRequester(name) == true) return null;
            return new BeneficiaryMention(name, false, index, length);
        }

        if (FromGroup(RelationThenName.Value.Match(text)) is { } related) return related;
        foreach (Match m in NameNeeds.Value.Matches(text))
            if (FromGroup(m) is { } needs)
            {
                // "I need the matter workspace today, Dana wants a first draft by noon": where the person asking needs it
                // themself, someone who is not their report (unknown, or known to the directory as someone else's) who
                // wants something is the story.
                if (people is not null && !people.IsReport(needs.Text) && FirstPersonNeed().IsMatch(text)) continue;
                return needs;
            }
        // "while Dave's on paternity Jake Miller will need to sign off the lists": a person the directory knows by their full
        // name, who needs or will need, wherever the sentence puts them.
        if (people is not null)
            foreach (var (index, length, name) in people.FullNamesIn(text))
                if (KnownNameNeedsAfter.Value.IsMatch(text[(index + length)..]) && !people.IsRequester(name)
                    && (people.IsReport(name) || !FirstPersonNeed().IsMatch(text)))
                    return new BeneficiaryMention(name, false, index, length);
        // "please set up shawna kline in baketrack ... for hector to type in": a person the directory knows, whom the message opens
        // by asking to give or set up, is the one; a name after "for" later on is the story's.
        if (people is not null && FromGroup(VerbThenName.Value.Match(text)) is { } openedWith && people.Longest(openedWith.Text.Split(' ')) is not null)
            return openedWith;
        foreach (Match m in ForName.Value.Matches(text))
        {
            // "cover for Hannah" or "fill in for Hannah": the person named is away, not the beneficiary.
            if (NotBeneficiaryBefore.Value.IsMatch(text[..m.Index]) || CoveringInTheClauseBefore.Value.IsMatch(text[..m.Index])) continue;
            // "to Tom" gives access only after the access itself ("grant edit access to Tom"); "sending them to Susan" does not.
            if (m.Value.StartsWith("to", StringComparison.OrdinalIgnoreCase) && !AccessBefore.Value.IsMatch(text[..m.Index])) continue;
            if (FromGroup(m) is not { } forName) continue;
            // "obit for Harold Jennings needs to go up ... I can only get into lindell": a thing made for someone the directory
            // does not know, told by a person speaking of themself, is work for a customer, not access for that person.
            if (people is not null && people.Longest(forName.Text.Split(' ')) is null && FirstPersonAsk.Value.IsMatch(text)
                && IsThingMadeFor(text[..m.Index], isCatalogWord))
                continue;
            // "Need to push new weekend rates ... GEG demand is way up for Bloomsday.": a name the directory does not know, in a
            // sentence that asks nothing (nobody speaks of themself, gives or is given anything), is the story's.
            if (people is not null && people.Longest(forName.Text.Split(' ')) is null && AsksNothing(SentenceAround(text, m.Index)))
                continue;
            return forName;
        }
        if (FromGroup(VerbThenName.Value.Match(text)) is { } verbName) return verbName;
        if (FromGroup(CanNameGet.Value.Match(text)) is { } canName) return canName;
        // Only a person the directory knows: "can Sales Ops approve" names a team.
        foreach (Match m in LetOrCanNameDo.Value.Matches(text))
        {
            var verb = m.Groups["verb"].Value;
            var does = m.Groups["let"].Success
                ? !Words.IsStopWord(verb) && !ReadingLexicon.Set("letWithoutAccess").Contains(verb)
                : Privileges.IsActionWord(Words.Stem(verb));
            if (people is not null && does && FromGroup(m) is { } doer && people.Longest(doer.Text.Split(' ')) is not null) return doer;
        }
        if (FromGroup(VerbNameUp.Value.Match(text)) is { } upName) return upName;
        if (people is not null)
            foreach (Match m in VerbThenKnownName.Value.Matches(text))
                if (FromGroup(m) is { } given && people.Longest(given.Text.Split(' ')) is not null) return given;
        if (people is not null)
            foreach (Match m in PutKnownNameOn.Value.Matches(text))
                if (FromGroup(m) is { } put && people.Longest(put.Text.Split(' ')) is not null) return put;
        // A pronoun given the access ("give her ...") refers to the one person named before it, when that
        // person is known to the directory (without the directory, a pronoun is not enough to go on).
        if (people is not null && new[] { PronounGiven.Value.Match(text), PronounNeeds.Value.Match(text), PossessiveAccess.Value.Match(text) }.Where(m => m.Success).MinBy(m => m.Index) is { } pronoun)
        {
            var named = AnyName.Value.Matches(text[..pronoun.Index]).Select(FromGroup).OfType<BeneficiaryMention>()
                .Where(n => people.Longest(n.Text.Split(' ')) is not null).DistinctBy(n => n.Text.ToLowerInvariant())
                .Where(n => !AwayAfter.Value.IsMatch(text[(n.Start + n.Length)..]) && !NotBeneficiaryBefore.Value.IsMatch(Regex.Replace(text[..n.Start], @"\s*for\s*$", "", RegexOptions.IgnoreCase)))
                // "Ben Carter's pipeline": the owner of a thing spoken of is not the one given it.
                .Where(n => !Possessive().IsMatch(text[(n.Start + n.Length)..]))
                .ToList();
            if (named.Count == 1) return named[0];
            // "Ben is going to days so Carla is taking over the renewals, give her ...": of several, the one who takes the work on.
            var takingOver = named.Where(n => TakesOverAfter.Value.IsMatch(text[(n.Start + n.Length)..])).ToList();
            if (named.Count > 1 && takingOver.Count == 1) return takingOver[0];
            // "Carla will help Ben with renewals, she needs ...": of several, the one the sentence is about (named first in it).
            var subjects = named.Where(n => SubjectStart().IsMatch(text[..n.Start])).ToList();
            if (named.Count > 1 && subjects.Count == 1) return subjects[0];
        }
        // A person the directory knows, whom the message opens by telling about (not away), where nobody asks for themself.
        if (people is not null && OpeningSubject.Value.Match(text) is { Success: true } opening && FromGroup(opening) is { } subject
            && people.Longest(subject.Text.Split(' ')) is not null && !AwayAfter.Value.IsMatch(text[(subject.Start + subject.Length)..])
            && !FirstPersonAsk.Value.IsMatch(WhileIAm().Replace(text, "")))
            return subject;
        return null;
    }
}

/// <summary>The people a message may name, from the directory: full names, the requester's reports' first names, and the requester.</summary>
public sealed class KnownPeople(IEnumerable<string> fullNames, IEnumerable<string> reportFirstNames, string? requesterName, IEnumerable<string>? reportFullNames = null)
{
    private readonly HashSet<string> _reportFullNames = new(reportFullNames ?? [], StringComparer.OrdinalIgnoreCase);

    private readonly HashSet<string> _reportFirstNames = new(reportFirstNames, StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _names = new(fullNames.Concat(reportFirstNames), StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _fullNames = fullNames.Where(n => n.Contains(' '))
        .DistinctBy(n => n, StringComparer.OrdinalIgnoreCase).ToDictionary(n => n, StringComparer.OrdinalIgnoreCase);

    /// <summary>Full names of everyone in the directory, and the first names that are unique among the requester's direct reports.</summary>
    public static KnownPeople For(PeopleDirectory directory, string requesterEmail, string? requesterName = null) =>
        // Built once per directory and requester (a new tenant brings a new directory and so new entries).
        Built.GetValue(directory, _ => new()).GetOrAdd((requesterEmail.ToLowerInvariant(), requesterName), key => Build(directory, requesterEmail, key.Name));

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<PeopleDirectory, System.Collections.Concurrent.ConcurrentDictionary<(string Email, string? Name), KnownPeople>> Built = new();

    private static KnownPeople Build(PeopleDirectory directory, string requesterEmail, string? requesterName)
    {
        var reports = directory.People.Where(p => string.Equals(p.Manager, requesterEmail, StringComparison.OrdinalIgnoreCase)).ToList();
        var firstNames = reports.GroupBy(p => p.Name.Split(' ')[0], StringComparer.OrdinalIgnoreCase).Where(g => g.Count() == 1).Select(g => g.Key);
        return new KnownPeople(directory.People.Select(p => p.Name), firstNames, directory.Find(requesterEmail)?.Name ?? requesterName, reports.Select(p => p.Name));
    }

    /// <summary>How many leading words of <paramref name="words"/> make the longest known name, or null.</summary>
    public int? Longest(IReadOnlyList<string> words)
    {
        for (var n = words.Count; n >= 1; n--)
            if (_names.Contains(string.Join(" ", words.Take(n)))) return n;
        return null;
    }

    /// <summary>
    /// The text with every full name of two words or more that the directory knows written with capitals, whatever
    /// its case in the text (same length, so positions stay).
    /// </summary>
    public string WithNamesCapitalised(string text)
    {
        var result = text.ToCharArray();
        foreach (var (index, length, name) in FullNamesIn(text))
            if (name.Length == length) name.CopyTo(0, result, index, length);
        return new string(result);
    }

    /// <summary>Where the text names someone the directory knows by a full name of two words or more.</summary>
    public IEnumerable<(int Index, int Length, string Name)> FullNamesIn(string text)
    {
        var words = Regex.Matches(text, @"[\p{L}'’-]+").ToList();
        for (var i = 0; i < words.Count; i++)
        {
            for (var n = Math.Min(4, words.Count - i); n >= 2; n--)
            {
                var first = words[i];
                var last = words[i + n - 1];
                var span = text[first.Index..(last.Index + last.Length)];
                if (!_fullNames.TryGetValue(Regex.Replace(span, @"\s+", " "), out var name)) continue;
                yield return (first.Index, span.Length, name);
                i += n - 1;
                break;
            }
        }
    }

    /// <summary>One of the requester's direct reports, by full name or by a first name unique among them.</summary>
    public bool IsReport(string name) => _reportFullNames.Contains(name) || _reportFirstNames.Contains(name);

    /// <summary>A first name that is unique among the requester's direct reports.</summary>
    public bool IsReportFirstName(string word) => _reportFirstNames.Contains(word);

    public bool IsRequester(string name) =>
        requesterName is not null && (string.Equals(name, requesterName, StringComparison.OrdinalIgnoreCase)
            || string.Equals(name, requesterName.Split(' ')[0], StringComparison.OrdinalIgnoreCase) && !_names.Contains(name));
}
