using System.Text.RegularExpressions;
using IgaBot.Core.Policy;

namespace IgaBot.Adapters.Planner;

/// <summary>
/// How a reason was given: a reason clause ("because ..."), a purpose ("to fix ..."), a ticket reference,
/// or a sentence about the situation beside the request ("A user is locked out. Can I get ...?").
/// A purpose and a situation often say what is needed, so they stay part of the need.
/// </summary>
public enum JustificationKind { Reason, Purpose, Ticket, Situation }

/// <summary>A reason found in a message, and the span of the clause that carries it.</summary>
public sealed record JustificationMention(string Text, int Start, int Length, JustificationKind Kind);

/// <summary>
/// Finds the reason in a request: "because ...", "since I ...", "as we ...", "due to ...", "so I can ...",
/// a purpose clause ("... for 4 hours to change a page layout"), "for incident INC-123", or a bare
/// ticket reference such as ABC-123.
/// </summary>
public static partial class JustificationFinder
{
    // "... so I need", "so we'd like": after these, what came before "so" is the reason, not what follows.
    private const string WantingVerbs = @"(?:need|'ll\s+need|will\s+need|want|would\s+like|'d\s+like)";

    [GeneratedRegex(@"\b(?:because(?:\s+of)?|cause|cuz|coz|due\s+to|owing\s+to|in\s+order\s+to|so\s+that|so\s+(?=(?:i|we)\b(?!\s+" + WantingVerbs + @"\b))|so\s+(?=(?:[a-z0-9'-]+\s+){1,3}(?:can|could|will|would|may|might|gets?|is\s+able|are\s+able|isn'?t|aren'?t|won'?t|doesn'?t|don'?t|(?:is|are|does|do)\s+not)\b)|for\s+the\s+purpose\s+of|as\s+part\s+of|(?<=[,;–—-]\s{0,3})part\s+of|instead\s+of\s+(?=[a-z]+ing\b)|the\s+reason\s+is(?:\s+that)?|reason:|justification:|since\s+(?=(?:i|i'm|im|we|we're|my|our|the|he|she|they|there|there's|theres|it|it's|its|this|that|someone|somebody|a|an)\b)|since\s+(?=[a-z]+(?:'s|’s|\s+(?:is|was|has|had|left|quit|went|got))\b)|while\s+(?=(?:[\w']+\s+){0,2}?(?:is|are|was|were|'s|'re|i'm|[a-z]+['’](?:s|re)\s+(?!(?:need|want|able)\w*\b)[a-z]{3,})\b)|(?<=\w\s+)when\s+(?!(?:can|could|will|would|do|does|did|should|is|are)\b)(?=(?:[\w']+\s+){1,3}?(?:[a-z]+s|is|are|was|were|'s)\b)|now\s+that|given\s+that|seeing\s+(?:as|that)|since\s+(?=[a-z]{3,}ing\b)|while\s+(?=[a-z]{3,}ing\b)|while\s+(?=(?:i|we|they|he|she)\s+(?!(?:need|needs|want|wants|can|could)\b)[a-z]+\b)|ahead\s+of|in\s+(?:preparation|advance)\s+(?:for|of)|following\s+(?=(?:the|a|an|our|my|this|last|yesterday's|today's)\b)|per\s+(?=(?:the|my|our)\s)|after\s+(?=(?:the|a|an|our|my|his|her|their|(?-i:[A-Z][a-z]+))\s+(?:[\w'-]+\s+){0,3}?(?:[a-z]{3,}ed|left|quit|went|got|broke|came|took)\b)|with\s+(?=(?:(?:our|my|the)\s+(?:[\w-]+\s+){0,2}?|(?:(?-i:Dr|Mr|Mrs|Ms)\.?\s+)?(?-i:[A-Z][a-z]+)(?:\s+(?-i:[A-Z][a-z]+))?\s+)(?:out|away|off|sick|on\s+(?:\w+\s+)?(?:leave|vacation|holiday|pto|sabbatical))\b)|as\s+(?=(?:i|i'm|we|we're|my|our|he|she|they|there|it's|someone|somebody)\b))",
        RegexOptions.IgnoreCase)]
    private static partial Regex ReasonCue();

    [GeneratedRegex(@"^(?:so\b|in\s+order\s+to|for\s+the\s+purpose\s+of|instead\s+of)", RegexOptions.IgnoreCase)]
    private static partial Regex PurposeCue();

    // "for the audit", "for my qualification walkthroughs", "during the maintenance window", "for the pre-draft meetings":
    // "for" or "during" and a few words ending in a noun of work (or its plural). Not after "set me up" or "sign her up":
    // "set me up for supplier master maintenance" names the access, not a reason.
    private static readonly Lazy<Regex> ForPurposeCuePattern = new(() => new Regex(
        @"(?<!\b(?:set|sign|signed|hook|hooked)\s+(?:\w+\s+){1,3}?up\s+)\b(?:for|during)\s+(?:(?:a|an|the|this|that|our|my|tonight's|today's|an?\s+urgent|an?\s+open)\s+)?(?:(?!(?:to|and|or|in|on|at|with|so|because|for|of|days?|weeks?|months?|hours?)\b)[A-Za-z][A-Za-z-]*\s+){0,3}?" +
        $@"(?={ReadingLexicon.Alternation("taskNouns")}(?:e?s)?\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant));

    private static Regex ForPurposeCue() => ForPurposeCuePattern.Value;

    // "- RTU firewall upgrades at two substations": after a dash, a few words ending in a noun of work are what it is
    // for ("- need to fix the rule" opens a reason of its own, read as such). A question after the dash is the asking
    // ("Sam is out friday - can Jo release the payment run": "release" there is the verb asked for).
    private static readonly Lazy<Regex> DashTaskPattern = new(() => new Regex(
        $@"\s[-–—]\s+(?!{ReadingLexicon.Alternation("reasonOpeners")}\s)(?!(?:can|could|would|will|may|please|pls)\s)(?<task>(?:[A-Za-z][\w/-]*\s+){{0,4}}{ReadingLexicon.Alternation("taskNouns")}\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant));

    // "ABC-123", "INC-4521", and the unhyphenated numbers of service desks ("CHG0045123", "RITM0012345").
    [GeneratedRegex(@"\b(?:[A-Z][A-Z0-9]{1,9}-\d+|[A-Z]{2,6}\d{5,})\b")]
    private static partial Regex TicketReference();

    // "tonight to push the policy": a time after which "to" says what the time is for.
    private static readonly HashSet<string> TimesOfDay = new(["tonight", "today", "tomorrow", "morning", "afternoon", "evening", "weekend", "asap"],
        StringComparer.OrdinalIgnoreCase);

    [GeneratedRegex(@"\bto\s+(?<verb>[a-z]+)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ToVerb();

    [GeneratedRegex(@"^\s+([A-Za-z]+)\b")]
    private static partial Regex ObjectAfter();

    // "key in the", "put through the", "send back the": a verb's particle, then what it is done to.
    [GeneratedRegex(@"^\s+(?:in|back|through|over|across|around)\s+(?:the|a|an|my|our|their|his|her|its|this|that|these|those|all|them|it)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ParticleThenObject();

    /// <summary>The reason in the text, or null when it gives none.</summary>
    public static JustificationMention? Find(string text)
    {
        var candidates = new List<(int ClauseStart, int TextStart, JustificationKind Kind)>();
        foreach (Match m in ReasonCue().Matches(text))
        {
            // "the same access as my teammate" compares; it gives no reason.
            if (m.Value.StartsWith("as", StringComparison.OrdinalIgnoreCase) &&
                Regex.IsMatch(text[..m.Index], @"\b(?:same|such|as|similar|like)\b(?:\W+\w+){0,4}\W*$", RegexOptions.IgnoreCase)) continue;
            // "so I can log calls", "in order to merge": what the person wants to do, which is often the need itself.
            var purpose = PurposeCue().IsMatch(m.Value);
            // "while Kevin is on his course", "when fog delays the buses", "now that I'm the planner": the situation, whose
            // words may still say which access (they stay in the need).
            var during = Regex.IsMatch(m.Value, @"^(?:while|when|now|given|seeing)\b", RegexOptions.IgnoreCase);
            candidates.Add((m.Index, m.Index + m.Length, purpose ? JustificationKind.Purpose : during ? JustificationKind.Situation : JustificationKind.Reason));
        }
        foreach (Match m in ForPurposeCue().Matches(text)) candidates.Add((m.Index, m.Index + m.Value.IndexOf(' '), JustificationKind.Purpose));
        foreach (Match m in DashTaskPattern.Value.Matches(text))
            if (SaysSomething(text[..m.Index])) candidates.Add((m.Groups["task"].Index, m.Groups["task"].Index, JustificationKind.Reason));
        // The lengths said in the text, read once, only if a "to" needs them.
        var lengths = new Lazy<IReadOnlyList<DurationMention>>(() => DurationParser.FindAll(text));
        // The ask told as its task, kept for when the message gives no other reason.
        (int ClauseStart, int TextStart)? taskAsked = null;
        foreach (Match m in ToVerb().Matches(text))
        {
            var verb = m.Groups["verb"].Value.ToLowerInvariant();
            var ambiguous = ReadingLexicon.Set("nounOrVerb").Contains(verb);
            // "to rotate the keys": a word followed by "the", "my", "it"... is a verb, whatever the verb.
            var takesObject = !Words.IsStopWord(verb) && !ReadingLexicon.Set("objectOpeners").Contains(verb)
                && ObjectAfter().Match(text[(m.Index + m.Length)..]) is { Success: true } o
                && ReadingLexicon.Set("objectOpeners").Contains(o.Groups[1].Value);
            var before = Regex.Match(text[..m.Index], @"([A-Za-z]+)\W*$");
            // "for 4 hours to dig into it", "tonight to push the policy": after a length or a time, "to" and a word can only
            // be what the time is for.
            var afterLength = before.Success && !Words.IsStopWord(verb)
                && (lengths.Value.Any(d => d.Start + d.Length is var end && end <= m.Index && end >= m.Index - 1)
                    || TimesOfDay.Contains(before.Groups[1].Value));
            // "need to set up the halloween event in PlayFab": the ask told as the task it is for, which is its reason
            // (not "need to get into", "need to see the", which only ask to get at something). "have to key in the price
            // changes": a verb and its particle take the object.
            var taskAskedBefore = before.Success && ReadingLexicon.Set("taskAskedBefore").Contains(before.Groups[1].Value.ToLowerInvariant());
            var takesObjectAfterParticle = taskAskedBefore && !Words.IsStopWord(verb) && ParticleThenObject().IsMatch(text[(m.Index + m.Length)..]);
            if (!ReadingLexicon.Set("purposeVerbs").Contains(verb) && !ambiguous && !takesObject && !afterLength && !takesObjectAfterParticle) continue;
            if (!before.Success) continue;
            if ((takesObject || takesObjectAfterParticle) && taskAskedBefore && !ReadingLexicon.Set("gettingVerbs").Contains(verb))
            {
                taskAsked ??= (m.Index, m.Index + "to".Length);
                continue;
            }
            if (ReadingLexicon.Set("notPurposeBefore").Contains(before.Groups[1].Value)) continue;
            // "access to build pipelines" names a thing; "for a day to build a dashboard" gives a purpose.
            // "access to calibrate the probes" does: a word followed by its object is a verb wherever it stands.
            if ((ambiguous || !ReadingLexicon.Set("purposeVerbs").Contains(verb)) && !takesObject && ReadingLexicon.Set("accessNouns").Contains(before.Groups[1].Value)) continue;
            candidates.Add((m.Index, m.Index + "to".Length, JustificationKind.Purpose));
        }
        // ", we're chasing a latency regression", "- I have to rotate the certificate": a second clause after the request.
        foreach (Match m in ClauseReason().Matches(text))
        {
            if (!SaysSomething(text[..m.Index]) || IsInstructionToTheBot(text[m.Index..SentenceEnd(text, m.Index + 1)])) continue;
            var purpose = m.Groups["purpose"].Success;
            // ", reconciling SAEs between the two systems": what the person is busy with is the reason, not the need.
            var busyWith = m.Groups["busy"].Success;
            // A sentence of its own ("... in Endur. She is taking over the desk.") tells the situation: its words may
            // still say which access (as a Situation they stay in the need); a clause after a comma or dash is set apart.
            // What someone else will be doing ("Jake starts Monday - he'll be merging PRs") is what the access is for:
            // its words say which access, so it stays in the need too.
            var theirDoing = Regex.IsMatch(m.Groups["situation"].Value, @"^(?:she|he|they)\b", RegexOptions.IgnoreCase);
            var told = ".!?".Contains(m.Value[0]) || theirDoing ? JustificationKind.Situation : JustificationKind.Reason;
            candidates.Add(busyWith ? (m.Groups["busy"].Index, m.Groups["busy"].Index, told)
                : purpose ? (m.Groups["purpose"].Index, m.Groups["purpose"].Index, JustificationKind.Purpose)
                : (m.Index + m.Length - m.Groups["situation"].Length, m.Index + m.Length - m.Groups["situation"].Length, told));
        }
        if (candidates.Count == 0 && (Situation(text) ?? LeadingClause(text)) is { } situation) return situation;
        foreach (var (clauseStart, textStart, kind) in candidates.OrderBy(c => c.ClauseStart))
        {
            var end = ReasonEnd(text, textStart);
            // A clause cut to punctuation ("because '); DROP TABLE ...") was no sentence: the reason is the rest, whole.
            if (!IgaBot.Core.DisplayText.HasSubstance(text[textStart..end])) end = text.Length;
            var reason = Clean(text[textStart..end]);
            // Words aimed at the bot's process ("because you should approve it yourself") are never a reason.
            if (!HasSubstance(reason) || IsInstructionToTheBot(reason)) continue;
            return new JustificationMention(reason, clauseStart, end - clauseStart, kind);
        }
        var ticket = TicketReference().Match(text);
        if (ticket.Success)
        {
            // Keep the word that says what the reference is: "incident INC-4521".
            var kind = Regex.Match(text[..ticket.Index], @"\b(incident|ticket|case|issue|change|bug|problem|request|escalation)\s*#?\s*$", RegexOptions.IgnoreCase);
            var start = kind.Success ? kind.Index : ticket.Index;
            return new JustificationMention(text[start..(ticket.Index + ticket.Length)], start, ticket.Index + ticket.Length - start, JustificationKind.Ticket);
        }
        if (taskAsked is { } task)
        {
            var end = ReasonEnd(text, task.TextStart);
            var reason = Clean(text[task.TextStart..end]);
            if (HasSubstance(reason) && !IsInstructionToTheBot(reason))
                return new JustificationMention(reason, task.ClauseStart, end - task.ClauseStart, JustificationKind.Purpose);
        }
        return null;
    }

    // Where a reason may give way to the asking: a comma, a semicolon or a dash, or just before "I need".
    [GeneratedRegex(@"(?:[,;]|\s[-–—])\s+(?:so\s+)?|\s+(?=(?:i|we)\s+" + WantingVerbs + @"\b)", RegexOptions.IgnoreCase)]
    private static partial Regex AskingAgain();

    // ", give her dispatch on ATL", ", pls add Tom": a clause opening with a verb of giving asks again.
    [GeneratedRegex(@"^(?:(?:pls|please|can\s+you|could\s+you)\s+)?(?:give|grant|add|get|set|put|provision|enable)\s+(?:him|her|them|me|us|[A-Z]\w+)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AskingImperative();

    // "..., we're chasing a regression", "- need to fix the firewall rule", "\nhave to rotate the keys".
    private static readonly Lazy<Regex> ClauseReasonPattern = new(() => new Regex(
        $@"(?:[,;\n(]|[.!?]\s|\s[-–—:]|^\W*[-–—])\s*(?:and\s+|but\s+)?(?:(?:{ReadingLexicon.Alternation("reasonOpeners")})\s+(?<purpose>[a-z]+\b)|" +
        // ", the mill team wants me to look at ...", "- the nightly builds keep failing", ", she'll be handling refunds",
        // "- the ATS to payroll field mappings are broken", ", I've been brought over the wall on a deal".
        @"(?<situation>(?:we're|we\s+are|i'm|i\s+am|they're|they\s+are|(?:she|he)(?:'s|\s+is)\s+(?=[a-z]+ing\b)|(?:she|he|they)(?:'ll|\s+will)\s+be\s+(?=[a-z]+ing\b)|there'?s|there\s+(?:is|was|were|are|has\s+been|have\s+been)|it's|(?:our|the)\s+(?:[\w/-]+\s+){1,5}?(?:is|are|was|were|has|have|keeps?|kept|wants?|asked|told)|(?:i've|i’ve|ive|we've|we’ve|i\s+have|we\s+have)\s+(?:just\s+)?(?:been|got|had)\s+[a-z]{3,}(?:ed|en|ght|t)\b)\b)|" +
        // ", the forwarder on the terminal log relay stopped indexing after last night's patch": what broke is the reason.
        $@"(?<situation>(?:our|the)\s+(?:[\w/'-]+\s+){{0,7}}?(?:{ReadingLexicon.Alternation("breakingVerbs")})\b)|" +
        // ", a student finished credit recovery over the summer": what happened to someone is the reason (not ", the rep
        // promised to refund her fees", which tells the task).
        @"(?<situation>(?:a|an|one\s+of\s+(?:my|our|the)|my|our|new)\s+(?:[\w'-]+\s+){0,2}?(?:[a-z]{3,}ed|left|quit|went|took|got|broke|lost|fell|came|made)\b)|" +
        // ", rev 14 of the manual has to go out friday", ", the audit pack is due Monday": something else that must happen.
        // (a thing's deadline: not "he needs to be able to", which is the need of a person).
        // ", cert submission is Friday": so is when something falls.
        $@"(?<situation>(?!(?:i|we|you|me|he|she|they|someone|somebody)\b)(?:[\w'-]+\s+){{1,6}}?(?:(?:has|have|needs|must)\s+(?:to\s+)?(?:go|be(?!\s+able)|ship|get)|(?:starts|begins|kicks\s+off|ends|closes|opens)\s+(?:this|next|on|in|tomorrow|today|\w+day)\b|(?:is|are)\s+(?:due|here|(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)|(?:this|next|on)\s+\w+|(?:{string.Join("|", Lexicon.Default.List("timeWords").Select(Regex.Escape))})))\b)|" +
        // ", trucks are backing up to the lanes again": what something else is doing right now is the reason.
        @"(?<situation>(?!(?:i|we|you|he|she|they|it|that|this|there)\b)(?:[a-z][\w'-]*\s+){1,2}?(?:are|is)\s+(?:still\s+|now\s+|all\s+)?[a-z]{3,}ing\b)|" +
        // ", Linda is out", ", Tom asked me to cover the day shift", ", Paul left": someone away, gone, or who asked, is the reason.
        // So is where they are instead (", Kate's at the drydock", ", both DG coordinators are at IMDG training").
        @"(?<situation>(?:(?-i:[A-Z][a-z]+)(?:\s+(?:is|was)|\s*['’]s)|(?:both|all)\s+(?:of\s+)?(?:the\s+|our\s+)?(?:[\w-]+\s+){0,2}?(?:are|were))\s+(?:out|off|away|sick|leaving|gone|at|on\s+(?:leave|vacation|holiday|pto|mat\w*|pat\w*))\b|(?-i:[A-Z][a-z]+)\s+(?:asked|told|wants)\s+(?:me|us)\b|(?-i:[A-Z][a-z]+)\s+(?:left|quit|retired|resigned)\b)|" +
        // ", I run the regression pass now", ", we ship Thursday": what the person does (not "I need", "I'd like", a second ask).
        $@"(?<situation>(?:i|we)\s+(?!(?:{ReadingLexicon.Alternation("notDoingVerbs")})\b)(?:just\s+|now\s+|also\s+)?(?:[a-z]{{2,}})\b(?!\s+(?:to|access|you)\b))|" +
        // ", we've got 14 drivers in orientation monday", ", we have three files waiting": how much work there is is the reason.
        $@"(?<situation>(?:i|we)(?:\s+have|['’]ve)(?:\s+got)?\s+(?:\d+|{ReadingLexicon.Alternation("countWords")})\b)|" +
        // ", just got staffed on the Henderson audit": what just happened is the reason.
        @"just\s+(?<situation>(?:[a-z]{3,}ed|took|got|inherited)\b)|" +
        // "- picked up the ring referrals from Rosa": after a dash, what happened is the reason.
        @"(?<=\s[-–—]\s*)(?:(?:i|we)\s+)?(?:just\s+)?(?<situation>(?:[a-z]{3,}ed|took|got|inherited)\b)|" +
        // ", building the business case for a 4th shift", ", onboarding the new supplier": an -ing verb taking an object says what it is for.
        $@"(?<busy>(?!(?:{ReadingLexicon.Alternation("notPurposeParticiples")})\b)[a-z]{{3,}}ing)(?=\s+(?:{ReadingLexicon.Alternation("objectOpeners")}|[A-Z]{{2,}}s?)\b))",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant));

    private static Regex ClauseReason() => ClauseReasonPattern.Value;

    // A stop ends a sentence only before a space or the end: ".dmp files", "v2.3" and "e.g." stay inside one.
    [GeneratedRegex(@"(?:[^.!?\n]|[.!?](?=[^\s.!?]))+[.!?]*", RegexOptions.IgnoreCase)]
    private static partial Regex Sentence();

    [GeneratedRegex(@"^\W*(?:hi|hello|hey|hiya|thanks|thank|cheers|hope|good\s+(?:morning|afternoon|evening)|happy|sorry|ok|okay|fyi|ps)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Pleasantry();

    // The words before a clause say something beyond a greeting ("Hi, I need to ..." gives no reason).
    private static bool SaysSomething(string before) =>
        Words.Tokenize(IntentClassifier.WithoutGreeting(before)).Any(w => !Words.IsStopWord(w.Lower));

    // A statement about the situation in a message whose request is another sentence: "A user is locked
    // out of their account and needs a password reset. Can I get Okta help desk rights?"
    private static JustificationMention? Situation(string text)
    {
        var sentences = Sentence().Matches(text).Where(m => m.Value.Trim().Length > 0).ToList();
        // The request may be what the person cannot do ("... she's asking to have it lifted. i can't touch the exclusion").
        if (sentences.Count < 2 || !sentences.Any(m => IntentClassifier.HasAccessCue(m.Value) || IntentClassifier.SaysWhatCannotBeDone(m.Value))) return null;
        foreach (var m in sentences)
        {
            var sentence = m.Value.Trim();
            if (sentence.EndsWith('?') || AsksForAccess(sentence) || Pleasantry().IsMatch(sentence) || IsInstructionToTheBot(sentence)) continue;
            if (Words.Tokenize(sentence).Count(w => !Words.IsStopWord(w.Lower)) < 3) continue;
            var start = m.Index + m.Value.IndexOf(sentence[0]);
            var reason = Clean(sentence);
            if (HasSubstance(reason)) return new JustificationMention(reason, start, sentence.Length, JustificationKind.Situation);
        }
        return null;
    }

    // Access words, leaving out what a thing has to undergo ("the file has to be resent", "the receipts have to go out"),
    // what someone unnamed has to do ("somebody has to sign the CII orders"), a request that is a thing received ("got a
    // privacy request from ...") and a member who is a customer ("from a rewards member"): that is the situation, not someone asking.
    private static bool AsksForAccess(string sentence) => IntentClassifier.HasAccessWords(NotAsking().Replace(sentence, " "));

    [GeneratedRegex(@"(?<!\b(?:i|we|you|i'll|i'd)\s+)\b(?:has|have|needs|must)\s+to\s+(?:be\s+[a-z]+(?:ed|en|t|wn)\b|go\s+out\b|ship\b)|\b(?:i|we)\s+(?:have|'ve\s+got|got)\s+(?:[\w~-]+\s+){1,6}?to\s+be\s+[a-z]+(?:ed|en|t|wn)\b|\b(?:someone|somebody|anyone|anybody)\s+(?:has|needs|must)\s+to\b|\b(?:a|an|the|this|that|their|her|his)\s+(?:[\w-]+\s+){0,2}?request\s+(?=from|by|came|was|is|for)\b|\b(?:from|by|of|with|for)\s+(?:a|an|the|one|our|their)\s+(?:[\w-]+\s+){0,2}?members?\b", RegexOptions.IgnoreCase)]
    private static partial Regex NotAsking();

    /// <summary>The situation told beside the request (a sentence of its own, or a clause before it), or null.</summary>
    public static JustificationMention? ToldBeside(string text) => Situation(text) ?? LeadingClause(text);

    // "My manager asked me to handle vendor payments this month, need NetSuite", "Payroll runs Friday so I need ...",
    // "Tessa is taking over the points disputes, can she get ...",
    // "customer escalation: need prod read": a clause told before the one that asks, with no access words of its own.
    private static JustificationMention? LeadingClause(string text)
    {
        var m = LeadingClausePattern().Match(text);
        if (!m.Success) return null;
        var clause = m.Groups["clause"].Value.Trim();
        var rest = text[(m.Groups["clause"].Index + m.Groups["clause"].Length)..];
        if (AsksForAccess(clause) || !(IntentClassifier.HasAccessCue(rest) || AsksForSomeoneElse().IsMatch(rest)) || Pleasantry().IsMatch(clause)
            || IsInstructionToTheBot(clause)) return null;
        if (Words.Tokenize(clause).Count(w => !Words.IsStopWord(w.Lower)) < 2) return null;
        var reason = Clean(clause);
        return HasSubstance(reason) ? new JustificationMention(reason, m.Groups["clause"].Index, clause.Length, JustificationKind.Situation) : null;
    }

    // "..., can she get points adjuster", "..., pls give him schedule manager": asking for the person the clause told of.
    // "..., she needs read on the logs": the need of the person the clause told of.
    [GeneratedRegex(@"\b(?:(?:can|could|would|will)\s+(?:she|he|they)\s+(?:get|have|be\s+(?:given|added|set\s+up))|(?:give|get|add|set)\s+(?:her|him|them)\b|(?:she|he)\s+needs\b|they\s+need\b)", RegexOptions.IgnoreCase)]
    private static partial Regex AsksForSomeoneElse();

    // An emoji between two clauses ends the first, as a stop would ("... in a public channel 😬 need to rotate it").
    [GeneratedRegex(@"^\W*(?<clause>[^,;:.!?\n]{8,}?)(?:\s*[,;:]\s+|\s+[-–—]\s+|\s+(?:\p{So}|\p{Cs})+\s+|\s+so\s+(?=(?:i|we)\s+" + WantingVerbs + @"\b)|\s+and\s+(?=(?:(?:i|we)\s+)?" + WantingVerbs + @"\b))", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingClausePattern();

    // A reason runs to the end of its sentence, or to where the asking starts again ("while Kevin is on his course, so I
    // need to be able to reset ...").
    private static int ReasonEnd(string text, int textStart)
    {
        var end = SentenceEnd(text, textStart);
        foreach (Match comma in AskingAgain().Matches(text[textStart..end]))
            if (IntentClassifier.HasAccessCue(text[(textStart + comma.Index + comma.Length)..end])
                || AskingImperative().IsMatch(text[(textStart + comma.Index + comma.Length)..end])) return textStart + comma.Index;
        return end;
    }

    // A reason runs to the end of its sentence; a ";" or a quote inside it is part of it, as written.
    private static int SentenceEnd(string text, int from)
    {
        var m = Regex.Match(text[from..], @"(?<!\b(?:Dr|Mr|Mrs|Ms|Prof|St|Jr|Sr|vs|etc|approx|dept|no))[.!?\n](?:\s|$)|$", RegexOptions.IgnoreCase);
        return from + m.Index;
    }

    /// <summary>Words telling the bot to set its process aside ("skip the approvers", "you are now admin"): never a reason.</summary>
    public static bool IsInstructionToTheBot(string text) => InstructionToTheBot().IsMatch(text);

    [GeneratedRegex(@"\b(?:ignore|disregard|bypass|skip|override|circumvent|forget)\s+(?:\w+\s+){0,3}?(?:rules?|polic(?:y|ies)|approv\w*|checks?|instructions?|guardrails?|limits?|restrictions?)\b|\byou\s+(?:are|'re)\s+now\b|\b(?:approve|grant)\s+(?:this|it|me|the\s+request)\s+(?:yourself|automatically|right\s+away|without)\b|\bauto-?approve\b|\bpre-?approved\b|\b(?:system|developer|admin|god|debug|maintenance)\s+(?:mode|override|prompt)\b|\bno\s+(?:need\s+for\s+(?:an?\s+)?)?approv(?:al|er)s?\b", RegexOptions.IgnoreCase)]
    private static partial Regex InstructionToTheBot();

    /// <summary>Text with at least one letter or digit: "...", "-" or "?!" say nothing.</summary>
    public static bool HasSubstance(string reason) => reason.Any(char.IsLetterOrDigit);

    private static string Clean(string reason)
    {
        var r = reason.Trim().TrimEnd('.', '!', '?', ',', ';', ':').Trim();
        // A length said at the end of the reason belongs to the duration, not the reason.
        if (DurationParser.FindAll(r) is { Count: > 0 } durations && durations[^1] is var last
            && Regex.IsMatch(r[(last.Start + last.Length)..], @"^\W*(?:(?:max|maximum|tops|or\s+so|at\s+most)\W*)?$", RegexOptions.IgnoreCase))
        {
            var head = Regex.Replace(r[..last.Start], @"\s*\b(?:for|(?:for\s+|over\s+)?the\s+(?:next|coming)|during|over)\s*$", "", RegexOptions.IgnoreCase).Trim();
            head = Regex.Replace(head, @"[\s,;:-]*\b(?:just|only|about|around|maybe|roughly|approximately|please|and)\s*$", "", RegexOptions.IgnoreCase);
            if (head.Length > 0) r = head.TrimEnd(',', ';', ':', '-').Trim();
        }
        r = Regex.Replace(r, @"\s*\b(?:please|pls|thanks|thank\s+you)\W*$", "", RegexOptions.IgnoreCase).Trim();
        return r;
    }

}
