using System.Text.RegularExpressions;
using IgaBot.Core.Catalog;

namespace IgaBot.Adapters.Planner;

/// <summary>What an entitlement lets a person do, as verb stems: what it grants and what it rules out.</summary>
public sealed record GrantedActions(IReadOnlySet<string> Granted, IReadOnlySet<string> RuledOut)
{
    public static GrantedActions None { get; } = new(new HashSet<string>(), new HashSet<string>());
}

/// <summary>
/// Reads the actions an entitlement grants from the catalog itself: its <c>actions</c> metadata when
/// given (the first word of each phrase is the verb), and the verbs heading the clauses of its
/// description ("Create and edit accounts; log calls; update deal stages" grants create, edit, log,
/// update). What a negated clause names ("Cannot edit records", "no IAM changes") is ruled out.
/// General English only: a clause's first word is its verb, verbs joined by "and" share a clause, and
/// the level verbs of <see cref="Privileges"/> count wherever they stand as verbs.
/// </summary>
public static partial class EntitlementActions
{
    private static readonly Lexicon Lexicon = Lexicon.Default;
    /// <summary>Negations followed by a thing ("no video", "without a receipt"), from lexicon.json.</summary>
    internal static readonly HashSet<string> NounNegations = Lexicon.List("nounNegations");
    private static readonly HashSet<string> DescriptionNegations = [.. Lexicon.List("negations"), .. Lexicon.List("descriptionNegations")];
    private static readonly HashSet<string> Links = Lexicon.List("clauseLinks");
    private static readonly HashSet<string> Prepositions = Lexicon.List("prepositions");
    private static readonly HashSet<string> Determiners = Lexicon.List("determiners");
    private static readonly HashSet<string> GoingVerbs = ReadingLexicon.Set("goingVerbs");
    private static readonly IReadOnlyList<HashSet<string>> Synonyms = Lexicon.Groups("actionSynonyms");
    private static readonly Lazy<Regex> Separation = new(() => new Regex(
        $@"\b(?:{string.Join("|", Lexicon.List("separationPhrases").OrderByDescending(p => p.Length).Select(p => Regex.Escape(p).Replace(@"\ ", @"\s+")))})\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant));

    // "manually", "remotely", "electronically": "-ly" after an English word ("electronic" of "-ally"); not "apply" or "supply".
    private static bool IsAdverb(Word w) =>
        w.Lower.Length >= 6 && w.Lower.EndsWith("ly", StringComparison.Ordinal)
        && (EnglishWords.Contains(w.Lower[..^2]) || w.Lower.EndsWith("ally", StringComparison.Ordinal) && EnglishWords.Contains(w.Lower[..^4]));

    public static GrantedActions Of(Entitlement entitlement)
    {
        var granted = new HashSet<string>(StringComparer.Ordinal);
        var ruledOut = new HashSet<string>(StringComparer.Ordinal);
        var guessed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var phrase in entitlement.Actions)
        {
            var words = Words.Tokenize(phrase);
            if (words.Count > 0) granted.Add(words[0].Stem);
        }
        // "prepare suspicious activity reports (SARs) and file them": a bracket of one word glosses what comes before it.
        // "customer contracts - e.g. reefer plug-in rates, free time": examples name things, not actions.
        // "Segregated from invoice creation": what a level is kept apart from, it does not do.
        var description = Separation.Value.Replace(Examples().Replace(Gloss().Replace(entitlement.Description, " "), "."), " excluding ");
        // "See submitted, approved and missing timesheets": a list of participles before a thing describes the things; written
        // side by side, each is read as a word describing the next, not as an action of the level.
        description = ParticipleList().Replace(description, m => Regex.Replace(m.Value, @"\s*,\s*|\s+(?:and|or)\s+", " "));
        // "Read invoices, draft invoices, credit notes. No changes.": a part of a list read as a verb only because it heads
        // its part is no change where the description rules changes out; it qualifies a thing read.
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sentence in Sentence().Split(description))
        {
            var negated = false;
            var thingsOnly = false;
            var sentenceHead = true;
            var headedByVerb = false;
            // "Agent rights plus refunds to card, comp tickets, price overrides": after "plus", what a level adds may be listed
            // as the nouns of its actions.
            var plusList = false;
            // "Read deviations, CAPAs, change controls": once a part of the list is a bare noun, the list is of things.
            var listOfThings = false;
            var listOfThingsBeforeBracket = false;
            foreach (var clause in ClauseOrMark().Split(sentence))
            {
                // "Record atmosphere tests (O2, LEL, H2S, CO), issue and renew certificates": a bracket's list of things is an
                // aside; after it the list of verbs goes on.
                if (clause == "(") { listOfThingsBeforeBracket = listOfThings; continue; }
                if (clause == ")") { listOfThings = listOfThingsBeforeBracket; continue; }
                if (clause == ",") continue;
                var words = Words.Tokenize(clause);
                var clauseHead = sentenceHead;
                // Where a part of the list after "plus" starts (or the word after "plus" itself), within its first two words.
                var itemStart = plusList ? 0 : -1;
                var previousWasVerb = false;
                var first = true;
                for (var i = 0; i < words.Count; i++)
                {
                    var w = words[i];
                    // "The person who drafted a label can't be the one who approves it": who may not be whom is a separation of
                    // duties, not an action the level is denied.
                    if (NegatesInDescription(w.Lower) && IsWhoMayNotBeWhom(words, i)) continue;
                    if (NegatesInDescription(w.Lower))
                    {
                        negated = true;
                        thingsOnly = NounNegations.Contains(w.Lower);
                        previousWasVerb = false;
                        continue;
                    }
                    // "Electronically sign and file orders", "Remotely reset passwords": an adverb before a clause's first
                    // word leaves that word the head.
                    if (first && IsAdverb(w) && i + 1 < words.Count) continue;
                    if (w.Lower == "plus")
                    {
                        plusList = true;
                        itemStart = i + 1;
                        continue;
                    }
                    if (itemStart >= 0 && i - itemStart < 2 && !negated && IsPluralNoun(w) && Privileges.LevelOfStem(w.Stem) == PrivilegeLevel.Write)
                        granted.Add(w.Stem);
                    if (Links.Contains(w.Lower)) continue;
                    // "Check out and model structure": a verb's particle keeps the verb going, so the word after "and" is a verb too.
                    if (previousWasVerb && Words.IsParticle(w.Lower)) continue;
                    var next = i + 1 < words.Count ? words[i + 1] : (Word?)null;
                    var afterDeterminer = i > 0 && Determiners.Contains(words[i - 1].Lower);
                    var plural = IsPluralNoun(w);
                    var isHead = first && !Words.IsStopWord(w.Lower) && !afterDeterminer;
                    // "Document notes, chart vitals, place orders": in a list after a verb, a part that starts with a
                    // word and goes on to its object starts with a verb too ("results and notes" starts with a noun).
                    // "Quote, bind and issue new business": a part that joins two words and goes on to their object starts with two verbs.
                    var listedVerb = isHead && headedByVerb && !clauseHead && !listOfThings && next is { } following
                        && (!Links.Contains(following.Lower) && (!Words.IsStopWord(following.Lower) || ObjectPronouns.Contains(following.Lower))
                            || JoinsTwoVerbs(words, i));
                    // A function word, a word after "the", a plural or a word in capitals is never a verb; nor is a participle
                    // before the thing it describes ("Look up approved labels").
                    var mayBeVerb = w.Lower.Length > 1 && !Words.IsStopWord(w.Lower) && !afterDeterminer && !plural && !Words.IsAcronym(w)
                        && !IsParticipleOfAThing(w, next);
                    var verb = mayBeVerb && (
                        (isHead && sentenceHead)
                        || listedVerb
                        || (isHead && !listOfThings && (Privileges.IsLevelVerb(w.Stem) || next is { } n && Prepositions.Contains(n.Lower)))
                        // "waive fuel and drop charges, accept a walk-up without a card": a part's first word before an article
                        // is a verb and its object, even after a list of things.
                        || (isHead && !clauseHead && next is { Lower: "a" or "an" or "the" })
                        || (previousWasVerb && i > 0 && Links.Contains(words[i - 1].Lower))
                        // "prepare reports and file them": after "and", a word acting on "them" is a verb.
                        || (i > 0 && Links.Contains(words[i - 1].Lower) && next is { } onWhat && ObjectPronouns.Contains(onWhat.Lower))
                        || (Privileges.IsLevelVerb(w.Stem) && !listOfThings && !NamesAThing(words, i, previousWasVerb)));
                    // "Check out review batches and code documents": in the clause a sentence's verb heads, after "and", a word in its
                    // base form (not "matchmaking configs") followed by a plural noun is a second verb and its object. Only a guess
                    // ("procedures and command sequences"): what the description rules out elsewhere ("no commanding") stands.
                    var guessedVerb = !verb && mayBeVerb && clauseHead && headedByVerb && i > 1 && Links.Contains(words[i - 1].Lower)
                        && IsPluralNoun(words[i - 2]) && !w.Lower.EndsWith("ing", StringComparison.Ordinal)
                        && next is { } itsObject && IsPluralNoun(itsObject);
                    if (!Words.IsStopWord(w.Lower)) first = false;
                    // "Payments still need to be released by a second person", "journals posted by others": what is done
                    // to things, by someone else, is no action this entitlement grants.
                    if (verb && (IsDoneBySomeoneElse(words, i) || IsAStageGoneTo(words, i))) verb = false;
                    // "No video": after "no" comes a thing, not an action.
                    if (verb && negated && thingsOnly) verb = Privileges.IsLevelVerb(w.Stem);
                    if (guessedVerb && !negated && !IsDoneBySomeoneElse(words, i))
                    {
                        guessed.Add(w.Stem);
                        previousWasVerb = true;
                        continue;
                    }
                    if (verb && isHead && clauseHead) headedByVerb = true;
                    if (verb && !negated && listedVerb && !Privileges.IsLevelVerb(w.Stem)) listed.Add(w.Stem);
                    if (verb) (negated ? ruledOut : granted).Add(w.Stem);
                    // "no IAM changes": after a negation the noun of a level verb rules the action out too; so does the -ing form
                    // standing alone after "no" ("and no commanding", not "no tracking numbers").
                    else if (negated && (Privileges.IsLevelVerb(w.Stem) || IsActivityNegated(words, i))) ruledOut.Add(w.Stem);
                    previousWasVerb = verb;
                }
                // "open and merge pull requests": a word joined to the verb after it shares its clause's verbs.
                for (var i = words.Count - 3; i >= 0; i--)
                {
                    if (Links.Contains(words[i + 1].Lower) && (i == 0 || Links.Contains(words[i - 1].Lower))
                        && !negated && granted.Contains(words[i + 2].Stem) && !Words.IsStopWord(words[i].Lower) && !IsPluralNoun(words[i]))
                        granted.Add(words[i].Stem);
                }
                var content = words.Where(w => !Words.IsStopWord(w.Lower) && !Links.Contains(w.Lower)).ToList();
                if (!clauseHead && headedByVerb && content.Count > 0 && (content.Count == 1 || IsPluralNoun(content[0]) || Words.IsAcronym(content[0])))
                    listOfThings = true;
                if (words.Count > 0) sentenceHead = false;
            }
        }
        // "enter, review and verify (release) results": a word in brackets right after a verb the level grants is another name
        // for that verb, so it is granted too ("(SARs)" after a noun glosses a thing and grants nothing).
        foreach (Match gloss in Gloss().Matches(entitlement.Description))
        {
            var before = Words.Tokenize(entitlement.Description[..gloss.Index]);
            var inside = Words.Tokenize(gloss.Value);
            if (before.Count > 0 && granted.Contains(before[^1].Stem) && inside is [var alias] && !Words.IsAcronym(alias) && !IsPluralNoun(alias)
                && !Words.IsStopWord(alias.Lower))
                granted.Add(alias.Stem);
        }
        guessed.ExceptWith(ruledOut);
        granted.UnionWith(guessed);
        if (ruledOut.Any(ChangesThings)) granted.RemoveWhere(stem => listed.Contains(stem) && ChangesThings(stem));
        ruledOut.ExceptWith(granted);
        return new GrantedActions(granted, ruledOut);
    }

    /// <summary>Whether a word of a catalog description turns what follows into what the level cannot do ("cannot", "no", "Nothing can be changed").</summary>
    public static bool NegatesInDescription(string lower) => DescriptionNegations.Contains(lower);

    // A verb of changing, or a synonym of one ("draft" is "create").
    private static bool ChangesThings(string stem) =>
        Privileges.LevelOfStem(stem) >= PrivilegeLevel.Write
        || Synonyms.Any(g => g.Contains(stem) && g.Any(s => Privileges.LevelOfStem(s) >= PrivilegeLevel.Write));

    private static bool IsActivityNegated(IReadOnlyList<Word> words, int i) =>
        i > 0 && NounNegations.Contains(words[i - 1].Lower) && words[i].Lower.EndsWith("ing", StringComparison.Ordinal)
        && (i + 1 == words.Count || Words.IsStopWord(words[i + 1].Lower) || Links.Contains(words[i + 1].Lower));

    // "the config change history", "user change requests": a level verb between a word that names a thing and the thing it
    // qualifies is part of a noun (a verb in its base form does not follow a singular noun in a description).
    private static bool NamesAThing(IReadOnlyList<Word> words, int i, bool previousWasVerb) =>
        i > 0 && i + 1 < words.Count && !previousWasVerb
        && IsContentWord(words[i - 1]) && !IsPluralNoun(words[i - 1]) && IsContentWord(words[i + 1]);

    private static bool IsContentWord(Word w) =>
        !Words.IsStopWord(w.Lower) && !Links.Contains(w.Lower) && !NegatesInDescription(w.Lower) && !Prepositions.Contains(w.Lower);

    // "approved labels", "posted journals": a level verb in -ed before a word of content describes that thing (descriptions
    // give their verbs in the base form). Other verbs so written ("estimated cost") still tell the catalog's words of action.
    private static bool IsParticipleOfAThing(Word w, Word? next) =>
        w.Lower.EndsWith("ed", StringComparison.Ordinal) && w.Lower.Length > 4 && Privileges.IsLevelVerb(w.Stem) && next is { } n && IsContentWord(n);

    // A negation, then "be" and a determiner or a person: "can't be the one who approves it", "may not also be the requester".
    private static bool IsWhoMayNotBeWhom(IReadOnlyList<Word> words, int i)
    {
        var k = i + 1;
        while (k < words.Count && words[k].Lower is "also" or "ever" or "then") k++;
        return k + 1 < words.Count && words[k].Lower == "be"
            && (Determiners.Contains(words[k + 1].Lower) || words[k + 1].Lower is "someone" or "anyone" or "same");
    }

    // A past participle after a form of "be" ("to be released", "results that were already released") or before "by"
    // ("posted by others").
    private static bool IsDoneBySomeoneElse(IReadOnlyList<Word> words, int i)
    {
        if (!words[i].Lower.EndsWith("ed", StringComparison.Ordinal)) return false;
        var k = i - 1;
        while (k >= 0 && SubjectAdverbs.Contains(words[k].Lower)) k--;
        return k >= 0 && PassiveAuxiliaries.Contains(words[k].Lower) || i + 1 < words.Count && words[i + 1].Lower == "by";
    }

    private static readonly HashSet<string> SubjectAdverbs = ReadingLexicon.Set("subjectAdverbs");

    // "POs above the buyer's limit still route to release": a verb after "to" and a verb of going names the stage a thing
    // goes to, not what the level does.
    private static bool IsAStageGoneTo(IReadOnlyList<Word> words, int i) =>
        i >= 2 && words[i - 1].Lower == "to" && GoingVerbs.Contains(words[i - 2].Lower);

    private static readonly HashSet<string> PassiveAuxiliaries = new(StringComparer.Ordinal) { "be", "been", "being", "is", "are", "was", "were" };

    // Word i, a link, a word that is no plural noun, then that word's object: "bind and issue new business".
    private static bool JoinsTwoVerbs(IReadOnlyList<Word> words, int i) =>
        i + 3 < words.Count && Links.Contains(words[i + 1].Lower)
        && !Words.IsStopWord(words[i + 2].Lower) && !Links.Contains(words[i + 2].Lower) && !IsPluralNoun(words[i + 2])
        && !Links.Contains(words[i + 3].Lower);

    /// <summary>"accounts", "changes": a plural is the noun, not the verb ("edits" aside, catalogs write verbs in their base form).</summary>
    public static bool IsPluralNoun(Word w) => w.Lower.EndsWith('s') && !w.Lower.EndsWith("ss") && w.Stem != w.Lower && w.Lower.Length > 3;

    // "and file them with FinCEN": a word followed by what it acts on is a verb.
    private static readonly HashSet<string> ObjectPronouns = new(StringComparer.Ordinal) { "them", "it", "these", "those" };

    [GeneratedRegex(@"\(\s*[\w&/-]+\s*\)")]
    private static partial Regex Gloss();

    // "e.g. reefer plug-in rates, free time" up to the end of its sentence or bracket, and "etc.": examples of a thing.
    [GeneratedRegex(@"\b(?:(?:e\.\s?g|i\.\s?e)\.?,?(?:\s[^.;:!?()]*)?|etc\.?)(?=[.;:!?()]|$)", RegexOptions.IgnoreCase)]
    private static partial Regex Examples();

    // After a word, a past participle, then more participles (-ed or -ing) joined by commas and a last "and" or "or", before
    // the word they describe.
    [GeneratedRegex(@"(?<=\p{L}\s+)\p{L}{3,}ed(?:\s*,\s*\p{L}{3,}(?:ed|ing))*\s*,?\s+(?:and|or)\s+\p{L}{3,}(?:ed|ing)(?=\s+\p{L})")]
    private static partial Regex ParticipleList();

    // The clauses of a sentence, with each comma and bracket between them kept as a part of its own.
    [GeneratedRegex(@"([,()])")]
    private static partial Regex ClauseOrMark();

    // Sentences and the parts a dash or a colon sets apart: each starts with its own verb.
    [GeneratedRegex(@"[.;:!?]\s*|\s[-–—]\s")]
    private static partial Regex Sentence();
}
