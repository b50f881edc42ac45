namespace IgaBot.Adapters.Planner;

/// <summary>The actions a message asks for, and apart from them the ones it says it will not do.</summary>
public sealed record AskedActions(IReadOnlyList<string> Wanted, IReadOnlyList<string> Negated)
{
    public static AskedActions None { get; } = new([], []);
    public bool IsEmpty => Wanted.Count == 0 && Negated.Count == 0;
}

/// <summary>
/// Finds the verbs of a message that name an action ("merge my PR" asks to merge; "just let me look, I
/// won't change anything" asks to look and rules out changing). A word is an action when it is a verb
/// of the catalog's descriptions or a general level verb, used as a verb: not a plural noun ("logs"),
/// not after "the" or "my", not "add me to" (which moves a person into access), and, unless it is a level verb
/// or an -ing form, only where a verb stands (after "to", "me", "can", "and", ... or first). A verb shortly after
/// a negation, or followed by "nothing", is negated; "can't", "unable to" and "won't let me" are complaints
/// and still want the action; "read-only"/"view only" rules out changing.
/// </summary>
public static class ActionReader
{
    private static readonly Lexicon Lexicon = Lexicon.Default;
    private static readonly HashSet<string> Negations = Lexicon.List("negations");
    private static readonly HashSet<string> Inabilities = Lexicon.List("inabilities");
    private static readonly HashSet<string> MeansNouns = Lexicon.List("meansNouns");
    private static readonly HashSet<string> PermissionVerbs = Lexicon.List("permissionVerbs");
    private static readonly HashSet<string> Nothing = Lexicon.List("nothingWords");
    private static readonly HashSet<string> Determiners = Lexicon.List("determiners");
    private static readonly HashSet<string> VerbLeaders = Lexicon.List("verbLeaders");
    private static readonly HashSet<string> NounPrepositions = Lexicon.List("nounPrepositions");
    private static readonly HashSet<string> PlacePrepositions = Lexicon.List("phrasePlacePrepositions");
    private static readonly HashSet<string> DescribingWords = Lexicon.List("describingStopWords");
    // Keyed by the verb's stem and the particle, so that "signing off" and "signed off" mean what "sign off" does.
    private static readonly Dictionary<string, string> PhrasalVerbs = Lexicon.Map("phrasalVerbs")
        .ToDictionary(p => Words.Stem(p.Key.Split(' ')[0]) + " " + p.Key.Split(' ')[1], p => Words.Stem(p.Value), StringComparer.Ordinal);
    private static readonly HashSet<string> PassiveLeaders = ["be", "been", "being", "get", "gets", "getting"];
    private static readonly HashSet<string> Subjects = ReadingLexicon.Set("subjectPronouns");
    private static readonly HashSet<string> ObjectPronouns = ReadingLexicon.Set("objectPronouns");
    private static readonly HashSet<string> Helpers = ReadingLexicon.Set("helperWords");
    private static readonly HashSet<string> Auxiliaries = ReadingLexicon.Set("auxiliaryVerbs");
    private static readonly HashSet<string> SubjectAdverbs = ReadingLexicon.Set("subjectAdverbs");
    private static readonly HashSet<string> MovesOfAPerson = ReadingLexicon.Set("movesOfAPerson");
    private static readonly HashSet<string> MovingParticles = ReadingLexicon.Set("movingParticles");
    private static readonly HashSet<string> HandsOff = ReadingLexicon.Set("handsOffVerbs");
    private static readonly HashSet<string> GettingInVerbs = ReadingLexicon.Set("gettingInVerbs");
    private static readonly HashSet<string> GettingInParticles = ReadingLexicon.Set("gettingInParticles");
    private static readonly HashSet<string> ValueVerbs = ReadingLexicon.Set("valueVerbs");
    private static readonly HashSet<string> TopicPrepositions = ReadingLexicon.Set("topicPrepositions");
    private static readonly HashSet<string> AskingNouns = ReadingLexicon.Set("askingNouns").Select(Words.Stem).ToHashSet(StringComparer.Ordinal);
    private static readonly string EnterStem = Words.Stem("enter"), SubmitStem = Words.Stem("submit");

    // "to 190", "from 185 to 190 C": within the clause after the verb, "to" and a number.
    private static bool MovesToANumber(IReadOnlyList<Word> words, int i)
    {
        for (var k = i + 1; k + 1 < words.Count && k <= i + MovedValueReach && Words.SideBySide(words[k - 1], words[k]); k++)
            if (words[k].Lower == "to" && words[k + 1].Lower.Any(char.IsDigit)) return true;
        return false;
    }

    private const int MovedValueReach = 10;

    /// <param name="isAction">Whether a stem names an action the catalog or general English knows.</param>
    /// <param name="catalogWrites">Whether the catalog's descriptions write a verb (its stem) with a particle after it.</param>
    public static AskedActions Read(IReadOnlyList<Word> words, Func<string, bool> isAction, PlannerWeights? weights = null,
        Func<string, string, bool>? catalogWrites = null)
    {
        var reach = (weights ?? PlannerWeights.Default).NegationReach;
        var wanted = new List<string>();
        var negated = new List<string>();
        var lastNegation = -100;
        // "my badge doesn't open the engine room door": what a thing fails to do is the thing's work, no action the person asks.
        var thingFails = -100;
        // The last verb told of a subject of the story ("the SRO will still review"): "and issue them" after it is told of it too.
        var lastOfTheStory = -100;
        // "read the CAPA records": a word in capitals is a name, not a verb (unless the whole message is in capitals).
        var shouted = words.Count(Words.IsAcronym) * 2 > words.Count;
        for (var i = 0; i < words.Count; i++)
        {
            var w = words[i];
            if (Negations.Contains(w.Lower))
            {
                if (IsAThingThatFails(words, i)) thingFails = i;
                else if (!IsComplaint(words, i) && !IsMoreThan(words, i)) lastNegation = i;
                continue;
            }
            if (i == thingFails + 1) continue;
            if (w.Stem == "readonly" || (w.Lower == "only" && i > 0 && Privileges.ReadLevelStem(words[i - 1].Stem)))
            {
                if (Privileges.DescribesWhatIsHeld(words, w.Stem == "readonly" ? i : i - 1)) continue;
                Add(negated, Privileges.ChangeStem);
                if (w.Stem == "readonly") Add(wanted, "read");
                continue;
            }
            // "add me as a releaser": the role names the action ("releaser" releases, "checker" checks).
            if (i >= 2 && words[i - 2].Lower == "as" && words[i - 1].Lower is "a" or "an" && AgentOf(w, isAction) is { } done)
            {
                Add(i - lastNegation <= reach ? negated : wanted, done);
                continue;
            }
            // "i just want to see the playlist, not touching anything": keeping one's hands off rules out changing.
            // "i can see her account but i can't touch the exclusion": unable to lay hands on it, the person asks to change it.
            if (HandsOff.Contains(w.Lower))
            {
                var from = Math.Max(0, i - reach);
                if (i - lastNegation <= reach) Add(negated, Privileges.ChangeStem);
                else if (Enumerable.Range(from, i - from).Any(k => Negations.Contains(words[k].Lower) && IsComplaint(words, k)))
                    Add(wanted, Privileges.ChangeStem);
                continue;
            }
            // "put up a job ad": a verb and its particle mean the verb a catalog would use ("post"); where the catalog does not
            // use that verb ("dig into" where nothing drills), the verb said is the action.
            // Unless the catalog itself writes the verb with that particle ("put equipment in maintenance mode"): then the verb
            // said is the catalog's.
            var meant = PhrasalVerbAt(words, i) is { } phrasal && isAction(phrasal.Verb) && catalogWrites?.Invoke(w.Stem, phrasal.Particle) != true
                ? phrasal.Verb : w.Stem;
            // "how do i put in a ticket to maintenance": a request put in is submitted, not entered.
            if (meant != w.Stem && meant == EnterStem && NamesAnAskingNounAfter(words, i)) meant = SubmitStem;
            // "raise the TAH on R-102 from 185 to 190 C": a verb that moves a value, said with the number it moves to, changes
            // that value; it creates nothing ("raise a query" still does).
            if (ValueVerbs.Contains(w.Lower) && MovesToANumber(words, i)) meant = Privileges.ChangeStem;
            // "give Marisol timecard approval for Harbor Center": the noun of an act, after the thing it is done to, given or
            // needed, is the act asked for.
            if (ActNamedByItsNoun(words, i, isAction, (weights ?? PlannerWeights.Default).ActNounReach) is { } act)
            {
                Add(i - lastNegation <= reach ? negated : wanted, act);
                continue;
            }
            if (Words.IsStopWord(w.Lower) || !isAction(meant) || Privileges.IsGivingToSomeone(words, i) || !shouted && Words.IsAcronym(w)
                || Words.IsNounOfAVerb(w) || IsDoerInTheStory(words, i)) continue;
            var justNegated = i - lastNegation == 1;
            // "Underwriting approved a limit increase": a verb in the past tense tells what happened, not what is asked.
            // So is one after "never"/"not" ("the miles never posted"), unless it is a passive that rules out ("nothing should be changed").
            // "it would save time if I typed it straight in": after "if" and its subject, the past tense wishes; it tells no story.
            var wished = IsWished(words, i);
            if (w.Lower.EndsWith("ed", StringComparison.Ordinal) && !wished && !(i > 0 && (justNegated ? PassiveLeaders.Contains(words[i - 1].Lower) : VerbLeaders.Contains(words[i - 1].Lower)))
                && !(justNegated && i > 1 && PassiveLeaders.Contains(words[i - 2].Lower))) continue;
            // "one of our valets scraped his bumper and filed a claim": after "and", a past tense joined to one before it in the
            // clause tells the story too.
            if (!wished && IsPastTense(w) && i > 1 && words[i - 1].Lower is "and" or "or" && JoinedToAPastTense(words, i - 1)) continue;
            // "look at what we invoiced them": after its subject too, a verb in the past tense tells what was done ("we shred" is
            // no past tense).
            if (!justNegated && !wished && i > 0 && Subjects.Contains(words[i - 1].Lower) && IsPastTense(w)) continue;
            // "tess wont let me do refunds": the plural of an action, right after a light verb, is the action done again and again.
            var doneAgainAndAgain = i > 0 && LightVerbs.Contains(words[i - 1].Lower) && Words.SideBySide(words[i - 1], w) && EntitlementActions.IsPluralNoun(w);
            if (!justNegated && !doneAgainAndAgain && EntitlementActions.IsPluralNoun(w)) continue;
            // "i need to do the final sign off on the label": a verb and its particle that a light verb takes are the action asked
            // for, though a determiner leads them ("do the count" stays a thing: without its particle the verb's form is a noun).
            var takenByALightVerb = doneAgainAndAgain || i + 1 < words.Count && Words.SideBySide(words[i], words[i + 1])
                && PhrasalVerbs.ContainsKey($"{w.Stem} {words[i + 1].Lower}") && IsTakenByALightVerb(words, i);
            if (!takenByALightVerb && (i > 0 && Determiners.Contains(words[i - 1].Lower) || IsHeadOfANounPhrase(words, i))) continue;
            // "submit payments for release", "sent for approval": after a preposition a verb's form is its noun.
            // "call her about upgrading": after a preposition of what is talked of, the -ing form too.
            if (i > 0 && NounPrepositions.Contains(words[i - 1].Lower) && (!w.Lower.EndsWith("ing", StringComparison.Ordinal) || TopicPrepositions.Contains(words[i - 1].Lower))) continue;
            if (IsAStateOfTheThing(words, i)) continue;
            if (!justNegated && !takenByALightVerb && !StandsAsVerb(words, i)) continue;
            if (NamesWhatAnActionIsOn(words, i, isAction)) continue;
            if (IsAskedOfHelper(words, i) || KeepsHappening(words, i) || IsDoneByThePersonNamed(words, i) || IsOthersDoing(words, i)
                || i >= 2 && words[i - 1].Lower is "and" or "or" && IsOthersDoing(words, i - 2)
                || IsWhatGoesOnMeanwhile(words, i) || IsAPersonsMove(words, i) || IsGettingIn(words, i) || DescribesTheThings(words, i)) continue;
            if (SubjectOfTheStory(words, i) is not null || i == lastOfTheStory + 2 && words[i - 1].Lower is "and" or "or" && Words.SideBySide(words[i - 1], w))
            {
                lastOfTheStory = i;
                continue;
            }
            var isNegated = i - lastNegation <= reach
                || (i + 1 < words.Count && Nothing.Contains(words[i + 1].Lower))
                || (i + 2 < words.Count && Nothing.Contains(words[i + 2].Lower));
            Add(isNegated ? negated : wanted, meant);
        }
        if (wanted.Count == 0 && ActDoneAgain(words, isAction) is { } again) Add(wanted, again);
        wanted.RemoveAll(negated.Contains);
        return new AskedActions(wanted, negated);
    }

    /// <summary>
    /// "a guest wants a refund on their game card - can I get Embed access so we can just do it at our window": "do it" asks for
    /// the act named before it as one thing ("a refund"), the last one said so. Null when the message says no "do it" or names
    /// no such act before it.
    /// </summary>
    private static string? ActDoneAgain(IReadOnlyList<Word> words, Func<string, bool> isAction)
    {
        for (var k = words.Count - 2; k > 0; k--)
        {
            if (words[k].Lower != "do" || !DoneThings.Contains(words[k + 1].Lower)) continue;
            for (var j = k - 1; j > 0; j--)
                if (words[j - 1].Lower is "a" or "an" && !Words.IsStopWord(words[j].Lower) && isAction(words[j].Stem)
                    && !EntitlementActions.IsPluralNoun(words[j]))
                    return words[j].Stem;
            return null;
        }
        return null;
    }

    private static readonly HashSet<string> DoneThings = ReadingLexicon.Set("actTakenUp");

    // "send a quick push", "for our grand opening", "send a loyalty push to them", "with a new med list": after a determiner and one word describing
    // the thing, a verb's form names the thing. The describing word is an everyday adjective of the stop list ("quick",
    // "new"); any other word only where a preposition leads the phrase or follows it ("let my team edit the rota" has
    // neither, and stays a verb). "at the north loading dock": an -ing form before a noun, in a phrase a preposition of
    // place leads, describes that noun.
    internal static bool IsHeadOfANounPhrase(IReadOnlyList<Word> words, int i) =>
        IsHeadOfADescribedThing(words, i) || EndsADescribedThing(words, i) ||
        // "before the post-trip review", "for the night shift handover review": a preposition of the stop list, a determiner
        // and two words describing the thing.
        i >= 4 && NounPrepositions.Contains(words[i - 4].Lower) && Determiners.Contains(words[i - 3].Lower)
            && !Words.IsStopWord(words[i - 2].Lower) && !Words.IsStopWord(words[i - 1].Lower) && SameClause(words, i - 4, i)
        // "with a new med list": a determiner, an everyday describing word and one more word before it.
        || i >= 3 && Determiners.Contains(words[i - 3].Lower) && DescribingWords.Contains(words[i - 2].Lower) && !Words.IsStopWord(words[i - 1].Lower)
            && SameClause(words, i - 3, i)
        || i >= 2 && Determiners.Contains(words[i - 2].Lower)
        && (DescribingWords.Contains(words[i - 1].Lower)
            || !Words.IsStopWord(words[i - 1].Lower) && !Determiners.Contains(words[i - 1].Lower)
               && (i >= 3 && NounPrepositions.Contains(words[i - 3].Lower)
                   || i + 1 < words.Count && (NounPrepositions.Contains(words[i + 1].Lower) || words[i + 1].Lower == "to")
                   || i >= 3 && PlacePrepositions.Contains(words[i - 3].Lower) && DescribesTheNounAfter(words, i)));

    // "do the sign off", "handle the final sign off": a light verb, a determiner and at most one describing word before i, in
    // one clause ("doing the weight and stability update" names a task of several words, read by IsHeadOfADescribedThing).
    // The caller asks this only of a verb whose particle follows it.
    private static bool IsTakenByALightVerb(IReadOnlyList<Word> words, int i)
    {
        // "do a change of condition reassessment": a verb's form before "of" heads a thing.
        if (i + 1 < words.Count && words[i + 1].Lower == "of") return false;
        for (var det = i - 1; det >= Math.Max(1, i - 2); det--)
            if (Determiners.Contains(words[det].Lower))
                return LightVerbs.Contains(words[det - 1].Lower) && SameClause(words, det - 1, i)
                    && (det == i - 1 || !Words.IsStopWord(words[i - 1].Lower) || DescribingWords.Contains(words[i - 1].Lower));
        return false;
    }

    private static readonly HashSet<string> LightVerbs = ReadingLexicon.Set("lightVerbs");

    // "look up the INCI list + raw mat specs", "covering the UK range review for 2 months": after a determiner and one or two
    // words describing the thing, in one clause, a verb's form that ends the clause or meets a preposition is the thing
    // ("have the team edit the rota" goes on to what is edited, and stays a verb).
    private static bool EndsADescribedThing(IReadOnlyList<Word> words, int i)
    {
        if (AfterAPossessive(words, i)) return true;
        if (i + 1 < words.Count && Words.SideBySide(words[i], words[i + 1]) && !NounPrepositions.Contains(words[i + 1].Lower)) return false;
        for (var k = i - 1; k >= Math.Max(0, i - 3); k--)
        {
            if (Determiners.Contains(words[k].Lower)) return k < i - 1 && SameClause(words, k, i);
            if (Words.IsStopWord(words[k].Lower)) return false;
        }
        return false;
    }

    // "for thursday's safety review meeting": the words after a noun's "'s", up to a word of the stop list, name a thing.
    private static bool AfterAPossessive(IReadOnlyList<Word> words, int i)
    {
        for (var k = i - 1; k >= Math.Max(0, i - 3); k--)
        {
            // The word ends before its "'s": "thursday's safety" stand side by side when only the "'s" and a space are between.
            if (words[k].IsPossessive) return words[k + 1].Start - words[k].End <= 3 && SameClause(words, k + 1, i);
            if (Words.IsStopWord(words[k].Lower)) return false;
        }
        return false;
    }

    /// <summary>
    /// "doing the weight and stability update for the hull": a determiner, describing words joined by "and", and a
    /// preposition after it make the verb's form at <paramref name="i"/> the thing, not an action.
    /// </summary>
    public static bool IsHeadOfADescribedThing(IReadOnlyList<Word> words, int i) =>
        i + 1 < words.Count && NounPrepositions.Contains(words[i + 1].Lower) && IsDescribedAfterADeterminer(words, i);

    // Up to four words before i, back to a determiner in the same clause: at least two content words, one pair of them joined
    // by "and" or "&" ("the weight and stability").
    private static bool IsDescribedAfterADeterminer(IReadOnlyList<Word> words, int i)
    {
        var (content, joined) = (0, false);
        for (var k = i - 1; k >= Math.Max(0, i - 5); k--)
        {
            if (Determiners.Contains(words[k].Lower)) return content >= 2 && joined && SameClause(words, k, i + 1);
            if (words[k].Lower is "and" or "&") joined = true;
            else if (Words.IsStopWord(words[k].Lower)) return false;
            else content++;
        }
        return false;
    }

    // No punctuation between the words from..to.
    private static bool SameClause(IReadOnlyList<Word> words, int from, int to)
    {
        for (var k = from + 1; k <= to; k++)
            if (!Words.SideBySide(words[k - 1], words[k])) return false;
        return true;
    }

    // A ticket, a request or a claim within the verb's clause, up to five words on ("put in a maintenance ticket").
    private static bool NamesAnAskingNounAfter(IReadOnlyList<Word> words, int i)
    {
        for (var k = i + 1; k < Math.Min(words.Count, i + 6) && Words.SideBySide(words[k - 1], words[k]); k++)
            if (AskingNouns.Contains(words[k].Stem)) return true;
        return false;
    }

    // An -ing form followed, in the same clause, by a word that is no stop word: "loading" of "the loading dock".
    private static bool DescribesTheNounAfter(IReadOnlyList<Word> words, int i) =>
        words[i].Lower.EndsWith("ing", StringComparison.Ordinal) && i + 1 < words.Count && Words.SideBySide(words[i], words[i + 1])
        && !Words.IsStopWord(words[i + 1].Lower);

    // The verb a phrasal verb at i means: its particle next to it ("key in the invoices", "put up a job ad"), or "into"
    // or "onto" after its object, up to five words on ("put his updates into the log": "into" moves the thing into where
    // it is kept; "put a near miss in the safety system" names where, and stays "put"). Returns the verb meant and the
    // particle said.
    private static (string Verb, string Particle)? PhrasalVerbAt(IReadOnlyList<Word> words, int i)
    {
        if (i + 1 < words.Count && PhrasalVerbs.TryGetValue($"{words[i].Stem} {words[i + 1].Lower}", out var verb)) return (verb, words[i + 1].Lower);
        for (var k = i + 2; k < Math.Min(words.Count, i + 7); k++)
        {
            // The particle belongs to this verb only up to a break in the clause.
            if (!Words.SideBySide(words[k - 1], words[k])) return null;
            var particle = words[k].Lower switch { "into" => "in", "onto" => "on", _ => null };
            if (particle is not null && PhrasalVerbs.TryGetValue($"{words[i].Stem} {particle}", out verb)) return (verb, particle);
            // "put the request in and see when they get to it": a particle after a short object, where its clause ends or
            // another verb is joined on, belongs to the verb ("put a near miss in the safety system" has a place after "in";
            // "key CLIs in PRIME", with the app's name left out of the words, may too).
            if (k <= i + 4 && k + 1 < words.Count && (!Words.SideBySide(words[k], words[k + 1]) || words[k + 1].Lower is "and" or "or" or "so" or "then")
                && PhrasalVerbs.TryGetValue($"{words[i].Stem} {words[k].Lower}", out verb)) return (verb, words[k].Lower);
        }
        return null;
    }

    /// <summary>
    /// "I can't see the queue", "I cannot open it", "it won't let me edit": a negation that complains of what the person
    /// is unable or not allowed to do, and so still asks for it.
    /// </summary>
    public static bool IsComplaint(IReadOnlyList<Word> words, int negation) =>
        words[negation].Lower == "cannot"
        || (negation > 0 && Inabilities.Contains(words[negation - 1].Lower))
        || (negation + 1 < words.Count && PermissionVerbs.Contains(words[negation + 1].Lower))
        // "no one can release POs while Tom is out": nobody does it now, which is why it is asked.
        || (words[negation].Lower == "no" && negation + 2 < words.Count && words[negation + 1].Lower == "one")
        // "I have no way to approve or reject them", "no rights to post": what cannot be done yet, which is why it is asked.
        || (words[negation].Lower == "no" && negation + 2 < words.Count && words[negation + 2].Lower == "to"
            && (MeansNouns.Contains(words[negation + 1].Lower) || AccessNouns.Contains(words[negation + 1].Lower)))
        // "without edit rights I can't update ...": the access lacking, not an action ruled out.
        || (words[negation].Lower == "without" && words.Skip(negation + 1).Take(3).Any(w => AccessNouns.Contains(w.Lower)))
        || LackedForWhatCannotBeDone(words, negation)
        || IsAThingThatFails(words, negation);

    /// <summary>
    /// "my badge doesn't open anything back of house", "it does not load": a thing that fails to do something tells the
    /// problem the access is asked for; no person rules out an action. ("my intern does not need to edit" is a person's.)
    /// </summary>
    private static bool IsAThingThatFails(IReadOnlyList<Word> words, int negation)
    {
        if (words[negation].Lower != "not" || negation < 2 || !Auxiliaries.Contains(words[negation - 1].Lower)) return false;
        // "it doesn't need to be editable": what the access need not do is ruled out, whoever the subject.
        if (negation + 1 < words.Count && NeedingVerbs.Contains(words[negation + 1].Lower)) return false;
        var subject = words[negation - 2];
        if (subject.Lower == "it") return true;
        return negation >= 3 && Determiners.Contains(words[negation - 3].Lower) && !Words.IsStopWord(subject.Lower) && !char.IsUpper(subject.Text[0])
            && !People.Contains(subject.Lower) && !Words.IsDoerNoun(subject);
    }

    private static readonly HashSet<string> People = ReadingLexicon.Set("relations");
    private static readonly HashSet<string> NeedingVerbs = ReadingLexicon.Set("needingVerbs");

    /// <summary>
    /// "I can't set the care fee without seeing the care points": what one cannot do something without is what one needs.
    /// </summary>
    private static bool LackedForWhatCannotBeDone(IReadOnlyList<Word> words, int negation)
    {
        if (words[negation].Lower != "without" || negation + 1 >= words.Count || !words[negation + 1].Lower.EndsWith("ing", StringComparison.Ordinal)) return false;
        for (var k = negation - 1; k >= Math.Max(0, negation - InabilityReach); k--)
            if (words[k].Lower is "cannot" or "can't" or "cant" or "couldn't" or "couldnt" or "unable"
                || words[k].Lower is "can" or "could" && words[k + 1].Lower == "not") return true;
        return false;
    }

    // How far before "without" the inability ("can't", "unable") may stand.
    private const int InabilityReach = 8;

    /// <summary>"change the BOM, not just view it": more than the action named, which is not ruled out.</summary>
    private static bool IsMoreThan(IReadOnlyList<Word> words, int negation) =>
        negation + 1 < words.Count && words[negation].Lower == "not" && words[negation + 1].Lower is "just" or "only" or "merely" or "simply";

    private static readonly HashSet<string> AccessNouns = ReadingLexicon.Set("accessNouns");

    /// <summary>
    /// "the menus keep changing", "orders keep getting rejected", "what guests are writing": what keeps happening, or what
    /// someone else is doing, is the story, not an action asked for.
    /// </summary>
    public static bool KeepsHappening(IReadOnlyList<Word> words, int i) =>
        i > 0 && words[i].Lower.EndsWith("ing", StringComparison.Ordinal)
        && (words[i - 1].Lower is "keep" or "keeps" or "kept"
            // "what guests are writing about us", "the vendor is updating it", "if the reserve flight is actually making us
            // money": someone else's doing (an adverb may stand between), not the person's.
            || IsBeAfterAnotherSubject(words, i > 1 && SubjectAdverbs.Contains(words[i - 1].Lower) ? i - 2 : i - 1))
        // "starting next week", "beginning Monday": an -ing form before a time says when, not what.
        || words[i].Lower.EndsWith("ing", StringComparison.Ordinal) && i + 1 < words.Count && TimeWords.Contains(words[i + 1].Lower);

    private static bool IsBeAfterAnotherSubject(IReadOnlyList<Word> words, int be) =>
        be > 0 && words[be].Lower is "are" or "is" or "was" or "were" && words[be - 1].Lower is not ("i" or "we" or "you" or "it" or "this" or "that" or "there");

    // "[Noah Fischer] is moving over to trafficking": the story of the person named (their name is read apart), not a
    // task the access must allow. (It still says the person will work there: the level reads it as doing, not looking.)
    private static bool IsDoneByThePersonNamed(IReadOnlyList<Word> words, int i) =>
        i == 1 && words[0].Lower is "is" or "was" && words[i].Lower.EndsWith("ing", StringComparison.Ordinal);

    private static readonly HashSet<string> TimeWords = Lexicon.List("timeWords");

    /// <summary>
    /// "the Figma files the designers edit", "the reports they approve", "the pages who edit": a verb whose subject is
    /// someone else (a third person, or a plural noun after "the", "our", "their") tells what others do, not what is asked.
    /// </summary>
    public static bool IsOthersDoing(IReadOnlyList<Word> words, int i) =>
        i > 0 && IsAnotherPerson(words[i - 1].Lower)
        // "he'll still sign and file them": an adverb may stand between ("'ll" is not kept as a word).
        || i > 1 && SubjectAdverbs.Contains(words[i - 1].Lower) && IsAnotherPerson(words[i - 2].Lower) && Words.SideBySide(words[i - 2], words[i - 1])
        || i > 1 && words[i - 2].Lower is "the" or "our" or "their" or "his" or "her" or "your"
            && words[i - 1].Lower.Length > 3 && words[i - 1].Lower.EndsWith('s') && !words[i - 1].Lower.EndsWith("ss", StringComparison.Ordinal)
            && !Words.IsStopWord(words[i - 1].Lower);

    // "if I typed", "if we could": "if", "I" or "we", then the verb.
    private static bool IsWished(IReadOnlyList<Word> words, int i) =>
        i > 1 && words[i - 2].Lower == "if" && words[i - 1].Lower is "i" or "we" && Words.SideBySide(words[i - 2], words[i - 1]);

    private static bool IsAnotherPerson(string lower) => lower is "they" or "he" or "she" or "who" or "others" or "everyone";

    /// <summary>
    /// "I'm moving up from expediting to buyer", "she's transferring over to billing": a person's move to another job or
    /// place, a verb with a particle where a verb acting on a thing has its object, tells the story; it is no action the access
    /// must allow (the role moved to may still name the access).
    /// </summary>
    public static bool IsAPersonsMove(IReadOnlyList<Word> words, int i) =>
        MovesOfAPerson.Contains(words[i].Lower) && i + 1 < words.Count && MovingParticles.Contains(words[i + 1].Lower)
        && Words.SideBySide(words[i], words[i + 1])
        && i > 0 && (Subjects.Contains(words[i - 1].Lower) || words[i - 1].Lower is "am" or "is" or "are" or "was" or "were" or "been" or "be");

    // The act a noun names ("approval") after the thing it is done to, with a giving or needing verb at most reach words before.
    private static string? ActNamedByItsNoun(IReadOnlyList<Word> words, int i, Func<string, bool> isAction, int reach)
    {
        if (i == 0 || Words.VerbOfAlNoun(words[i]) is not { } act || !isAction(act)) return null;
        var thing = words[i - 1];
        if (Words.IsStopWord(thing.Lower) || !Words.SideBySide(thing, words[i]) || isAction(thing.Stem) && StandsAsVerb(words, i - 1)) return null;
        for (var k = i - 2; k >= Math.Max(0, i - reach); k--)
            if (GivingOrNeeding.Contains(words[k].Lower)) return act;
        return null;
    }

    private static readonly HashSet<string> GivingOrNeeding = ReadingLexicon.Set("givingOrNeeding");

    /// <summary>"everyone says its all in OPAS but i cant log in": getting into a system is access itself, not an action on a thing.</summary>
    private static bool IsGettingIn(IReadOnlyList<Word> words, int i) =>
        GettingInVerbs.Contains(words[i].Lower) && i + 1 < words.Count && GettingInParticles.Contains(words[i + 1].Lower)
        && Words.SideBySide(words[i], words[i + 1]);

    /// <summary>
    /// "the SRO will still review and issue them", "it never read the dose in": a verb whose subject is a thing ("it") or one
    /// named with "the" (up to three words), with an auxiliary between them, tells what someone or something else does, not
    /// what the access must allow. ("she will approve them" is left alone: she may be the one the access is for.) Returns
    /// where that subject starts ("the" of "the SRO will review", or "it"), or null when the verb at <paramref name="i"/> has none.
    /// </summary>
    public static int? SubjectOfTheStory(IReadOnlyList<Word> words, int i)
    {
        var k = i - 1;
        var (modal, negation) = (false, false);
        while (k >= 0 && Words.SideBySide(words[k], words[k + 1]))
        {
            if (Negations.Contains(words[k].Lower)) negation = true;
            else if (Auxiliaries.Contains(words[k].Lower)) modal = true;
            else if (k > 0 && Auxiliaries.Contains($"{words[k - 1].Lower} {words[k].Lower}") && Words.SideBySide(words[k - 1], words[k])) { modal = true; k--; }
            else if (!SubjectAdverbs.Contains(words[k].Lower)) break;
            k--;
        }
        if (k < 0 || !Words.SideBySide(words[k], words[k + 1])) return null;
        // "it never read in": of a thing, a negation is enough. What someone named will not do ("the supplier won't ship")
        // is a complaint of the story and stays negated, as does "the report, not change it".
        if (words[k].Lower == "it") return modal || negation ? k : null;
        if (!modal || negation) return null;
        var start = k;
        while (start >= 0 && k - start < 3 && !Words.IsStopWord(words[start].Lower) && (start == k || Words.SideBySide(words[start], words[start + 1]))) start--;
        if (start < 0 || start == k || words[start].Lower != "the" || !Words.SideBySide(words[start], words[start + 1])) return null;
        // "add it so all the stores can order it": what others may do once the person has done theirs is the purpose of the request.
        var before = start - 1;
        if (before >= 0 && words[before].Lower is "all" or "both" && Words.SideBySide(words[before], words[start])) before--;
        return before >= 0 && words[before].Lower is "so" or "that" && Words.SideBySide(words[before], words[before + 1]) ? null : start;
    }

    /// <summary>
    /// "my proposal is still in routing, has the dean signed", "the order is stuck in picking": an -ing form after "in" or
    /// "under" that acts on nothing after it tells where the thing stands, not a task ("help in routing the calls" acts on them).
    /// </summary>
    public static bool IsAStateOfTheThing(IReadOnlyList<Word> words, int i) =>
        i > 0 && words[i - 1].Lower is "in" or "under" && words[i].Lower.EndsWith("ing", StringComparison.Ordinal)
        && (i + 1 >= words.Count || !Words.SideBySide(words[i], words[i + 1])
            || Words.IsStopWord(words[i + 1].Lower) && !Determiners.Contains(words[i + 1].Lower) && !Subjects.Contains(words[i + 1].Lower)
               && !ObjectPronouns.Contains(words[i + 1].Lower));

    /// <summary>
    /// "check what's left on the lines I manage", "the sites that we cover": a verb of the person right after things named
    /// with "the" or "my" (a clause without "that" or with it) says which things they are, not what the access must allow.
    /// </summary>
    public static bool DescribesTheThings(IReadOnlyList<Word> words, int i)
    {
        if (i < 3 || words[i - 1].Lower is not ("i" or "we") || !Words.SideBySide(words[i - 1], words[i])) return false;
        var k = i - 2;
        if (words[k].Lower is "that" or "which" && Words.SideBySide(words[k], words[k + 1])) k--;
        if (k < 1 || !Words.SideBySide(words[k], words[k + 1]) || Words.IsStopWord(words[k].Lower) || !EntitlementActions.IsPluralNoun(words[k])) return false;
        for (var d = k - 1; d >= Math.Max(0, k - 3); d--)
        {
            if (Determiners.Contains(words[d].Lower)) return true;
            if (!Words.SideBySide(words[d], words[d + 1])) return false;
        }
        return false;
    }

    /// <summary>"reports out of Intacct while we build next year's budget": what goes on meanwhile is the circumstance, not an
    /// action the access must allow. So is what the team does before or after ("check the run metrics before we release the
    /// batch"): the time of the task, done by all of them.</summary>
    public static bool IsWhatGoesOnMeanwhile(IReadOnlyList<Word> words, int i) =>
        i >= 2 && (words[i - 2].Lower is "while" or "whilst" && Subjects.Contains(words[i - 1].Lower)
            || words[i - 2].Lower is "before" or "after" or "until" or "till" or "once" && words[i - 1].Lower == "we");

    /// <summary>"can someone fix it", "could you sort this": what the helper is asked to do is not what the access must allow.
    /// "Can you add me to the queue" and "could you give her ..." are how access is asked, not a task.</summary>
    public static bool IsAskedOfHelper(IReadOnlyList<Word> words, int i) =>
        i > 0 && Helpers.Contains(words[i - 1].Lower) && !Privileges.IsGivingToSomeone(words, i)
        && words[i].Lower is not ("give" or "grant" or "get" or "let" or "help" or "make" or "provision" or "enable" or "setup");

    /// <summary>
    /// "trader" -> "trade", "poster" -> "post", "controller" -> "control": the stem of the English verb a doer's noun is made
    /// from, or null ("order", "cashier", "user" are no doers of a verb).
    /// </summary>
    public static string? VerbOfDoer(Word w)
    {
        var lower = w.Lower;
        if (lower.Length < 5 || !(lower.EndsWith("er", StringComparison.Ordinal) || lower.EndsWith("or", StringComparison.Ordinal))) return null;
        var bare = lower[..^2];
        var undoubled = bare.Length > 3 && bare[^1] == bare[^2] ? bare[..^1] : bare;
        foreach (var verb in new[] { lower[..^1], bare + "e", bare, undoubled })
            if (verb.Length >= 3 && EnglishWords.Contains(verb)) return Words.Stem(verb);
        return null;
    }

    // "releaser" -> "release", "checker" -> "check", "approver" -> "approve": the verb a doer's noun is made from, when it is an action.
    private static string? AgentOf(Word w, Func<string, bool> isAction)
    {
        if (w.Lower.Length < 5 || !(w.Lower.EndsWith("er", StringComparison.Ordinal) || w.Lower.EndsWith("or", StringComparison.Ordinal))) return null;
        foreach (var verb in new[] { w.Lower[..^1], w.Lower[..^2], w.Lower[..^2] + "e" })
            if (isAction(Words.Stem(verb))) return Words.Stem(verb);
        return null;
    }

    // "the night auditor who did the postings": a doer's noun is a person of the story, not an action asked; "the QA approver
    // role", "approver rights" name the role that does it.
    private static bool IsDoerInTheStory(IReadOnlyList<Word> words, int i) =>
        Words.IsDoerNoun(words[i]) && !(i + 1 < words.Count && AccessNouns.Contains(words[i + 1].Lower));

    /// <summary>"invoiced", "approved", "planned", "copied": "-ed" the stemmer takes off ("shred", "need" keep theirs).</summary>
    // A past tense earlier in the clause ending at "and" (the words before it side by side), that no word leading a verb precedes.
    private static bool JoinedToAPastTense(IReadOnlyList<Word> words, int and)
    {
        for (var k = and - 1; k >= 0 && Words.SideBySide(words[k], words[k + 1]); k--)
            if (IsPastTense(words[k])) return k == 0 || !VerbLeaders.Contains(words[k - 1].Lower) && !PassiveLeaders.Contains(words[k - 1].Lower);
        return false;
    }

    private static bool IsPastTense(Word w) =>
        w.Lower.Length > 4 && w.Lower.EndsWith("ed", StringComparison.Ordinal) && w.Stem.Length <= w.Lower.Length - 2;

    // "I need to gate trailers" asks to gate; "scan freight at the cross dock" does not ask to dock. A level verb
    // ("edit access") or an -ing form ("charting access") is an action wherever it stands.
    private static bool StandsAsVerb(IReadOnlyList<Word> words, int i) =>
        i == 0 || Privileges.IsLevelVerb(words[i].Stem) || words[i].Lower.EndsWith("ing", StringComparison.Ordinal)
        || VerbLeaders.Contains(words[i - 1].Lower)
        // "asked me to e-sign the orders": the electronic "e-" before a verb leaves it the verb.
        || i > 1 && words[i - 1].Lower == "e" && Words.SideBySide(words[i - 1], words[i]) && VerbLeaders.Contains(words[i - 2].Lower)
        // "i can still log the steps", "to also approve": an adverb between the word leading a verb and the verb.
        || i > 1 && SubjectAdverbs.Contains(words[i - 1].Lower) && VerbLeaders.Contains(words[i - 2].Lower) && Words.SideBySide(words[i - 2], words[i - 1]);

    // "fare filing approval", "billing adjustments": an -ing form before a noun made of another action's verb names what that
    // action is done to; it asks for no action of its own.
    private static bool NamesWhatAnActionIsOn(IReadOnlyList<Word> words, int i, Func<string, bool> isAction) =>
        words[i].Lower.EndsWith("ing", StringComparison.Ordinal) && i + 1 < words.Count
        && words[i + 1].Stem != words[i].Stem
        && (Words.IsNounOfAVerb(words[i + 1]) && isAction(words[i + 1].Stem)
            || words[i + 1].Lower.TrimEnd('s') is { } noun && noun.EndsWith("al", StringComparison.Ordinal) && isAction(Words.Stem(noun[..^2])));

    private static void Add(List<string> list, string stem)
    {
        if (!list.Contains(stem)) list.Add(stem);
    }
}
