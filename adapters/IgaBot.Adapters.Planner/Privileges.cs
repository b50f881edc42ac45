using IgaBot.Core.Catalog;

namespace IgaBot.Adapters.Planner;

/// <summary>How much power a need asks for, or an entitlement gives: reading, changing, administering.</summary>
public enum PrivilegeLevel { Unknown = 0, Read = 1, Write = 2, Admin = 3 }

/// <summary>What a request says about the level it needs.</summary>
public sealed record NeedLevel(PrivilegeLevel Level, bool ReadOnlyStated, IReadOnlyList<string> Cues);

/// <summary>
/// General English cues for reading, changing and administering, used both on what a person writes
/// and on the catalog's own entitlement names and descriptions.
/// </summary>
public static class Privileges
{
    private static readonly HashSet<string> ReadCues = Lexicon.Default.StemList("readVerbs");

    private static readonly HashSet<string> WriteCues = Lexicon.Default.StemList("writeVerbs");

    // Tokens that name power over the whole thing; any token containing "admin" counts as well
    // (ACCOUNTADMIN, superadmin, AdministratorAccess).
    private static readonly HashSet<string> AdminCues = Lexicon.Default.StemList("adminWords");

    // Words that only say the level ("read", "view", "write", "admin"): the level is matched by
    // capability, so they must not make one entitlement look more relevant than a sibling of the same level.
    private static readonly HashSet<string> GenericLevelWords = Lexicon.Default.StemList("genericLevelWords");

    /// <summary>True for a stem that only names a level of access ("read", "view", "edit", "admin").</summary>
    public static bool IsGenericLevelWord(string stem) => GenericLevelWords.Contains(stem);

    /// <summary>True for a stem of a reading verb ("view", "look", "read").</summary>
    public static bool ReadLevelStem(string stem) => ReadCues.Contains(stem);

    /// <summary>The stem of "change", the general word for any write-level action ("I won't change anything").</summary>
    public static string ChangeStem { get; } = Words.Stem("change");

    /// <summary>The level a single verb stem names on its own: "view" Read, "edit" Write, "admin" Admin; Unknown for others.</summary>
    public static PrivilegeLevel LevelOfStem(string stem) =>
        stem.Contains("admin", StringComparison.Ordinal) || AdminCues.Contains(stem) ? PrivilegeLevel.Admin
        : WriteCues.Contains(stem) ? PrivilegeLevel.Write
        : ReadCues.Contains(stem) || stem == "readonly" ? PrivilegeLevel.Read
        : PrivilegeLevel.Unknown;

    /// <summary>
    /// True for a level verb: a reading or changing verb, or "administer". The nouns of power ("owner",
    /// "root", "settings") name a level but are no action ("owner-operators").
    /// </summary>
    public static bool IsLevelVerb(string stem) => ReadCues.Contains(stem) || WriteCues.Contains(stem) || stem == "admin";

    /// <summary>True for a stem that says what to do (read, edit, approve...) rather than what to do it to.</summary>
    public static bool IsActionWord(string stem) => ReadCues.Contains(stem) || WriteCues.Contains(stem) || AdminCues.Contains(stem);

    private static readonly HashSet<string> FullCues = Lexicon.Default.StemList("fullWords");

    private static readonly HashSet<string> Determiners = Lexicon.Default.List("determiners");
    private static readonly HashSet<string> VerbLeaders = Lexicon.Default.List("verbLeaders");

    private static readonly HashSet<string> Possessives = ["the", "my", "our", "their", "his", "her", "your", "these", "those", "its"];

    private static readonly HashSet<string> Negations = Lexicon.Default.List("negations");

    /// <summary>
    /// The level a request asks for. "read-only"/"view only" fixes it at <see cref="PrivilegeLevel.Read"/>;
    /// otherwise the strongest cue wins ("view and edit" is Write).
    /// </summary>
    public static NeedLevel NeedOf(IReadOnlyList<Word> words)
    {
        var cues = new List<string>();
        var level = PrivilegeLevel.Unknown;
        var readOnly = false;
        var onlyReading = false;
        var lastNegation = -10;
        var lastOfTheStory = -10;
        for (var i = 0; i < words.Count; i++)
        {
            var w = words[i];
            // "I can't even pull up her account" complains of what is wanted; "I don't need to edit" rules out.
            if (Negations.Contains(w.Lower) && !ActionReader.IsComplaint(words, i)) lastNegation = i;
            // "I don't need to edit anything": a cue shortly after a negation is what is not wanted.
            if (i - lastNegation <= 3 || ActionReader.IsAskedOfHelper(words, i) || ActionReader.KeepsHappening(words, i)
                || ActionReader.IsOthersDoing(words, i) || ActionReader.IsWhatGoesOnMeanwhile(words, i) || ActionReader.DescribesTheThings(words, i)) continue;
            // "drafts only, the desk will edit and publish his stuff": what someone of the story will do is not asked for.
            if (IsActionWord(w.Stem) && (ActionReader.SubjectOfTheStory(words, i) is not null
                || i == lastOfTheStory + 2 && words[i - 1].Lower is "and" or "or" && Words.SideBySide(words[i - 1], w)))
            {
                lastOfTheStory = i;
                continue;
            }
            if (IsGivingToSomeone(words, i))
            {
                // "add me to the on-call schedule": to be a member of it, the least a member needs, not to change it.
                if (w.Lower is "add" or "put" && i + 2 < words.Count && words[i + 1].Lower is "me" or "us" or "him" or "her" or "them"
                    && words[i + 2].Lower is "to" or "on" or "in" or "into")
                {
                    cues.Add(w.Text);
                    if (level < PrivilegeLevel.Read) level = PrivilegeLevel.Read;
                }
                continue;
            }
            if (w.Stem == "readonly" || (w.Lower is "only" && i > 0 && ReadCues.Contains(words[i - 1].Stem)))
            {
                // "it's read-only for me", "my login is view only": what the person holds today, the trouble they ask about.
                if (DescribesWhatIsHeld(words, w.Stem == "readonly" ? i : i - 1)) continue;
                readOnly = true;
                cues.Add(w.Text);
                continue;
            }
            // "I need to do their rosters", "to do the reconciliations": doing someone's work items is making them. Unless the
            // message said what it does first ("I need to read the narratives to do the SAE recon": the doing is the reading's).
            var cue = w.Lower == "do" && level == PrivilegeLevel.Unknown && i > 0 && words[i - 1].Lower == "to" && i + 1 < words.Count && Possessives.Contains(words[i + 1].Lower)
                ? PrivilegeLevel.Write
                : LevelOf(w, i + 1 < words.Count ? words[i + 1] : (Word?)null);
            if (cue == PrivilegeLevel.Unknown) continue;
            // "the batch reports in the plant settings": a noun of power after "in" says where the things asked for are.
            if (cue == PrivilegeLevel.Admin && IsPowerNounOfAPlace(words, i)) continue;
            // After "the"/"my" a verb form is an adjective or a noun ("the published dashboards",
            // "the edit history"); level names stay levels ("an admin", "the owner role").
            if (cue != PrivilegeLevel.Admin && (i > 0 && Determiners.Contains(words[i - 1].Lower) || ActionReader.IsHeadOfANounPhrase(words, i))) continue;
            // "what's already committed on lot 47", "the ones already posted": a participle after "already" tells how things stand.
            if (cue != PrivilegeLevel.Admin && i > 0 && words[i - 1].Lower == "already" && w.Lower.EndsWith("ed", StringComparison.Ordinal)) continue;
            // "before they are approved", "waiting to be released": done to the things by others, not by the person.
            if (cue != PrivilegeLevel.Admin && i > 1 && w.Lower.EndsWith("ed", StringComparison.Ordinal)
                && (words[i - 1].Lower is "are" or "is" or "was" or "were" or "be" or "been" or "get" or "gets" or "got"
                    && words[i - 2].Lower is "they" or "it" or "these" or "those" or "which" or "that"
                    || words[i - 1].Lower is "be" && words[i - 2].Lower is "to")) continue;
            cues.Add(w.Text);
            if (cue > level) level = cue;
            // "I only need to read the BEOs", "just want to look": reading, and only that.
            if (cue == PrivilegeLevel.Read && (i >= 1 && IsOnly(words[i - 1])
                || i >= 3 && IsOnly(words[i - 3]) && words[i - 2].Lower is "need" or "want" or "have" && words[i - 1].Lower == "to")) onlyReading = true;
        }
        if (readOnly || onlyReading && level == PrivilegeLevel.Read) { readOnly = true; level = PrivilegeLevel.Read; }
        return new NeedLevel(level, readOnly, cues);
    }

    public static NeedLevel NeedOf(string text) => NeedOf(Words.Tokenize(text));

    private static bool IsOnly(Word w) => w.Lower is "only" or "just" or "merely";

    private static readonly HashSet<string> BeingWords = ReadingLexicon.Set("beingWords");

    /// <summary>
    /// "it's read only", "it is still view-only for me", "I only have read only": said of the access as it is (the
    /// trouble the person asks about), not of the level asked for: a word of being or having before it, an adverb aside.
    /// </summary>
    public static bool DescribesWhatIsHeld(IReadOnlyList<Word> words, int i)
    {
        var k = i - 1;
        while (k >= 0 && words[k].Lower is "still" or "only" or "just" or "currently" or "now" or "always") k--;
        return k >= 0 && BeingWords.Contains(words[k].Lower);
    }

    /// <summary>
    /// "add me to", "get Tom", "set up my new hire with read access": the verb moves a person into access;
    /// it says nothing about changing or configuring the app.
    /// </summary>
    public static bool IsGivingToSomeone(IReadOnlyList<Word> words, int i)
    {
        var w = words[i];
        var next = i + 1 < words.Count ? words[i + 1] : (Word?)null;
        if (w.Lower is "add" or "put" or "get" or "set")
            return next is { } n && (n.Lower is "me" or "us" or "him" or "her" or "them" or "to" || char.IsUpper(n.Text[0]));
        // "setting up my new hire", "setting up Jake with read access": a person after "setting up".
        if (w.Lower is "setting" && next is { Lower: "up" } && i + 2 < words.Count)
            return words[i + 2] is var who && (who.Lower is "me" or "us" or "him" or "her" or "them" or "my" or "our" or "his" or "their"
                || char.IsUpper(who.Text[0]) && !Words.IsAcronym(who));
        // "the normal reporter setup": the noun after a role or a thing is the usual provisioning, not configuring.
        if (w.Stem == "setup")
            return next is not { } after || after.Lower is "me" or "us" or "him" or "her" or "them" or "my" or "our" or "your" or "his"
                or "their" or "with" or "for" || (char.IsUpper(after.Text[0]) && !after.Text.All(char.IsUpper))
                || IsNounAfterAThing(words, i) || IsARoleOrAccessSetUp(words, i);
        return false;
    }

    // "need encompass processor set up", "get my account set up": a role (a doer's noun) or the access itself, set up, is given.
    private static bool IsARoleOrAccessSetUp(IReadOnlyList<Word> words, int i) =>
        i > 0 && Words.SideBySide(words[i - 1], words[i]) && (Words.IsDoerNoun(words[i - 1]) || AccessNouns.Contains(words[i - 1].Lower));

    private static readonly HashSet<string> AccessNouns = ReadingLexicon.Set("accessNouns");

    // "reporter setup" (written as one word, after a word that is neither a function word, a verb's lead nor a level word).
    private static bool IsNounAfterAThing(IReadOnlyList<Word> words, int i) =>
        i > 0 && words[i].End - words[i].Start == words[i].Text.Length && !Words.IsStopWord(words[i - 1].Lower)
        && !VerbLeaders.Contains(words[i - 1].Lower) && !AdminCues.Contains(words[i - 1].Stem);

    /// <summary>
    /// The level an entitlement gives, from its name first (Admin, Owner, Read Only, Viewer), then from
    /// the verbs of its description's first sentence, ignoring what it says it cannot do.
    /// </summary>
    public static PrivilegeLevel CapabilityOf(Entitlement entitlement) =>
        (PrivilegeLevel)Capabilities.GetValue(entitlement, e => (object)ReadCapability(e));

    // Entitlements are immutable catalog records: remember each one's level instead of re-reading it.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Entitlement, object> Capabilities = new();

    private static PrivilegeLevel ReadCapability(Entitlement entitlement)
    {
        var name = Words.Tokenize(entitlement.Name);
        if (name.Any(IsAdminWord)) return PrivilegeLevel.Admin;
        if (name.Any(w => w.Stem == "readonly") || name.Any(w => w.Stem is "view" or "read" or "brows" or "audit")) return PrivilegeLevel.Read;

        var level = PrivilegeLevel.Unknown;
        foreach (var sentence in entitlement.Description.Split(['.', ';'], StringSplitOptions.RemoveEmptyEntries))
        {
            var words = Words.Tokenize(sentence);
            var negated = false;
            for (var i = 0; i < words.Count; i++)
            {
                if (EntitlementActions.NegatesInDescription(words[i].Lower)) negated = true;
                if (negated) continue;
                // "owner-operators", "admin-approved": a word hyphenated to the next one qualifies it; it is no level.
                if (words[i].End < sentence.Length && sentence[words[i].End] == '-') continue;
                if (IsInsideANounAfterAPreposition(words, i)) continue;
                var cue = LevelOf(words[i], i + 1 < words.Count ? words[i + 1] : (Word?)null);
                if (cue == PrivilegeLevel.Admin) return cue;
                if (cue > level) level = cue;
            }
            if (level != PrivilegeLevel.Unknown) return level;
        }
        return PrivilegeLevel.Write;
    }

    // "disposition NCRs at material review board": a verb's form between a word that follows a preposition and the noun after
    // it names that noun (the board); it is nothing the entitlement lets one do.
    private static bool IsInsideANounAfterAPreposition(IReadOnlyList<Word> words, int i) =>
        i >= 2 && i + 1 < words.Count && (NounPrepositions.Contains(words[i - 2].Lower) || PhrasePlacePrepositions.Contains(words[i - 2].Lower))
        && !Words.IsStopWord(words[i - 1].Lower) && !Words.IsStopWord(words[i + 1].Lower)
        && Words.SideBySide(words[i - 2], words[i - 1]) && Words.SideBySide(words[i - 1], words[i]) && Words.SideBySide(words[i], words[i + 1]);

    private static readonly HashSet<string> NounPrepositions = Lexicon.Default.List("nounPrepositions");

    private static readonly HashSet<string> PhrasePlacePrepositions = Lexicon.Default.List("phrasePlacePrepositions");

    private static PrivilegeLevel LevelOf(Word w, Word? next)
    {
        if (PeopleWithPower.Contains(w.Lower)) return PrivilegeLevel.Unknown;
        // "setting up the quiz night": the verb makes something (a change), it is not the settings of the app. (Setting up a
        // person is giving them access: "setting up my new hire" is read by IsGivingToSomeone.)
        if (w.Lower is "setting" && next is { Lower: "up" }) return PrivilegeLevel.Write;
        if (IsAdminWord(w)) return PrivilegeLevel.Admin;
        if (FullCues.Contains(w.Stem) && next is { } n && (n.Lower is "access" or "control" or "rights" or "permissions" || IsAdminWord(n))) return PrivilegeLevel.Admin;
        // Requests and catalog descriptions use verbs in their base form ("view", "edit"); a plural is
        // the noun ("monitors", "changes", "reviews", "logs").
        if (w.Lower.EndsWith('s') && !w.Lower.EndsWith("ss") && w.Stem != w.Lower) return PrivilegeLevel.Unknown;
        // So is a noun made of a verb ("the on-call rotation", "adjustments").
        if (Words.IsNounOfAVerb(w)) return PrivilegeLevel.Unknown;
        if (WriteCues.Contains(w.Stem)) return PrivilegeLevel.Write;
        if (ReadCues.Contains(w.Stem) || w.Stem == "readonly") return PrivilegeLevel.Read;
        return PrivilegeLevel.Unknown;
    }

    private static readonly HashSet<string> PeopleWithPower = Lexicon.Default.List("peopleWithPower");

    private static readonly HashSet<string> PlacePrepositions = Lexicon.Default.List("placePrepositions");

    // A noun of power ("settings", not "admin" or "configure") with "in"/"under" before it, a determiner and up to two
    // words of what it is between: the place where something is.
    private static bool IsPowerNounOfAPlace(IReadOnlyList<Word> words, int i)
    {
        if (words[i].Lower.Contains("admin", StringComparison.Ordinal) || IsLevelVerb(words[i].Stem) || words[i].Lower.StartsWith("configur", StringComparison.Ordinal)) return false;
        for (var k = i - 1; k >= Math.Max(0, i - 4); k--)
        {
            if (PlacePrepositions.Contains(words[k].Lower)) return true;
            if (!Determiners.Contains(words[k].Lower) && (Words.IsStopWord(words[k].Lower) || LevelOf(words[k], words[k + 1]) != PrivilegeLevel.Unknown)) return false;
        }
        return false;
    }

    private static bool IsAdminWord(Word w) => w.Lower.Contains("admin") || AdminCues.Contains(w.Stem);


    /// <summary>
    /// Orders entitlements from narrowest to broadest: risk first, then the level they give.
    /// Used for option lists and to never pick the broader of two equally good matches.
    /// </summary>
    public static int Breadth(Entitlement entitlement) => (int)entitlement.Risk * 4 + (int)CapabilityOf(entitlement);
}
