using IgaBot.Core.Catalog;

namespace IgaBot.Adapters.Planner;

/// <summary>The outcome of choosing among an app's entitlements: one entitlement, or options to ask about.</summary>
/// <param name="ByName">The request named the chosen entitlement (its name, or a telling word of it): the person said which one.</param>
public sealed record Choice(EntitlementMatch? Chosen, IReadOnlyList<EntitlementMatch> Options, string Why, bool ByName = false);

/// <summary>
/// Picks the narrowest entitlement that does what the request says. A request that names no need
/// ("I need access to the CRM") gets options, narrowest first; a stated level ("read-only", "admin")
/// or a clear need decides; of two that fit about equally well, the narrower wins; an admin-level
/// entitlement is only chosen when the request asks for administration or clearly describes it; a
/// high- or critical-risk entitlement is not chosen for a vague need (see <see cref="IsVague"/>), it is offered.
/// </summary>
public static class LeastPrivilegeChooser
{

    /// <param name="candidates">The entitlements of the app(s) the request is about, with their search scores.</param>
    /// <param name="need">The level the request's words ask for.</param>
    /// <param name="needStated">Whether the request says anything about what it needs beyond the app's name.</param>
    /// <param name="weights">The margins (<see cref="PlannerWeights.Margin"/> and the like); the defaults when null.</param>
    /// <param name="askingWords">
    /// The stems of the sentences that ask, when a story is told beside them: what an entitlement offers of the request is
    /// what it offers of these ("One of our trucks hit a car. I need the dash cam video": the fleet map's "trucks" is the story's).
    /// </param>
    /// <param name="actedOn">The stems of what the changing actions asked for are done to ("enter the vendor invoices": "invoic").</param>
    /// <param name="namesAnotherDoing">
    /// Whether the words a candidate's name shares with the request are only an action the person does not ask to do
    /// ("I submit Fedwire payments for release": the release is the second person's, so "Payment Release" is not named).
    /// </param>
    /// <param name="namesTheActionsAsked">
    /// Whether an entitlement's own words name each action asked for ("Book, move and cancel tee times" for "book them"), not
    /// merely its rank; null when no action was asked.
    /// </param>
    public static Choice Choose(IReadOnlyList<EntitlementMatch> candidates, NeedLevel need, bool needStated, PlannerWeights? weights = null,
        IReadOnlySet<string>? askingWords = null, Func<EntitlementMatch, bool>? namesAnotherDoing = null, IReadOnlySet<string>? actedOn = null,
        Func<EntitlementMatch, bool>? namesTheActionsAsked = null)
    {
        HashSet<string> OfferedAsked(EntitlementMatch m) => Offered(m, askingWords);
        // "need rave so I can do SDV and raise queries": a level whose own words name every action asked ("open and close
        // manual queries") does the work, whatever rank its other verbs ("review") give it.
        // Not one that says it changes nothing ("Open estimates read-only"), nor in place of administration asked for.
        // Read once per candidate: the checks below ask it of every pair.
        var fitting = candidates.Where(c => Fits(c, need)
            || need.Level == PrivilegeLevel.Write && !need.ReadOnlyStated && namesTheActionsAsked?.Invoke(c) == true && !SaysItChangesNothing(c.Entitlement)).ToHashSet();
        bool FitsNeed(EntitlementMatch c) => fitting.Contains(c);
        var w = weights ?? PlannerWeights.Default;
        var margin = w.Margin;
        if (candidates.Count == 0) return new Choice(null, [], "nothing in the catalog matches");
        var narrowestFirst = candidates.OrderBy(c => Privileges.Breadth(c.Entitlement)).ThenByDescending(Relevance).ToList();
        if (candidates.Count == 1) return new Choice(candidates[0], [], $"the only entitlement of {candidates[0].App.Name}");
        if (!needStated && need.Level == PrivilegeLevel.Unknown)
            return new Choice(null, narrowestFirst, "the request names the app but not what is needed");

        // Named outright ("Organization Owner", "read-only", "ACCOUNTADMIN") and not contradicting the level asked for.
        var named = candidates
            .Where(c => c.NameMatch >= 1 && FitsNeed(c) && (c.AppMentioned || DistinctiveNameWords(c) >= 2) && namesAnotherDoing?.Invoke(c) != true)
            .OrderByDescending(Relevance).ThenBy(c => Privileges.Breadth(c.Entitlement)).ToList();
        if (named.Count > 0) return new Choice(named[0], [], $"names \"{named[0].Entitlement.Name}\"", ByName: true);

        // Named by a telling word of its own name that no sibling speaks of ("unescorted access" for Unescorted Physical
        // Access beside an operator who issues visitor badges), at no more than the level asked for: the person said which one.
        var toldApart = candidates.Where(c => FitsNeed(c) && (need.Level == PrivilegeLevel.Unknown || Capability(c) <= need.Level) && !c.Contradicted
                && namesAnotherDoing?.Invoke(c) != true)
            .Select(c => (Match: c, Said: TellingNameWordsSaid(c, askingWords))).Where(t => t.Said.Count > 0).ToList();
        // Not when another level that would do (of this app or another) holds more of the request's words in its own text, even
        // with the telling words counted twice: "see which terminal the ticket was validated on" against "Validation Reports"
        // is a word of a name, beside an investigator's description that says the whole task (serial, terminal, validations).
        if (toldApart is [var (told, said)] && candidates.Count(c => c.App.Id == told.App.Id) > 1
            && !candidates.Any(o => o != told && FitsNeed(o) && !o.Contradicted && Offered(o).Count > Offered(told).Count + said.Count))
            return new Choice(told, [], $"named by \"{string.Join(", ", said)}\" of \"{told.Entitlement.Name}\"", ByName: true);

        var doesTheJob = candidates.Where(c => FitsNeed(c) && !c.Contradicted).ToList();
        if (doesTheJob.Count == 0) doesTheJob = candidates.Where(c => !c.Contradicted).ToList();
        if (doesTheJob.Count == 0) doesTheJob = candidates.ToList();
        var outdone = doesTheJob.Where(c => IsOutdone(c, doesTheJob)).ToList();
        if (outdone.Count < doesTheJob.Count) doesTheJob = doesTheJob.Except(outdone).ToList();
        var best = doesTheJob.Max(Relevance);
        // Administration only when asked for, or when it is clearly the best description of the need.
        if (need.Level != PrivilegeLevel.Admin)
        {
            var nonAdmin = doesTheJob.Where(c => Capability(c) != PrivilegeLevel.Admin || c.NameMatch >= 1).ToList();
            // "members call for tee times, can I get ForeTees so I can book them": administration that allows the booking only by
            // its rank ("set booking windows") is no clear best while a narrower level says it books.
            var adminWinsClearly = doesTheJob.Any(c => Capability(c) == PrivilegeLevel.Admin && Relevance(c) >= best - 1e-9 && c.Lexical > w.AdminClearLexical
                && !(namesTheActionsAsked is not null && !namesTheActionsAsked(c) && nonAdmin.Any(namesTheActionsAsked))
                && HasNeedEvidence(c)
                && doesTheJob.Where(o => o != c).All(o => Relevance(o) < best - margin));
            // "change the turbine controller parameters": administration whose own words alone hold what the change is done to
            // ("Change turbine controller parameters and park controller configuration") is the only level that does the work.
            if (!adminWinsClearly && need.Level == PrivilegeLevel.Write && actedOn is { Count: > 0 }
                && doesTheJob.Where(c => HoldsAll(c, actedOn)).ToList() is [var adminDoer] && Capability(adminDoer) == PrivilegeLevel.Admin
                && nonAdmin.Count > 0 && nonAdmin.All(c => c.App.Id == adminDoer.App.Id))
                return new Choice(adminDoer, [], $"the only one that holds what the change is done to ({adminDoer.Why})");
            if (!adminWinsClearly)
            {
                if (nonAdmin.Count == 0)
                {
                    // The level words point at administration only ("write SQL" where querying is read-level),
                    // but the words of the need may clearly describe a narrower entitlement: take that one.
                    var narrower = candidates.Where(c => Capability(c) != PrivilegeLevel.Admin && !c.Contradicted).OrderByDescending(Relevance).ToList();
                    if (narrower.Count > 0 && narrower[0].Lexical >= w.NarrowerClearLexical && candidates.Where(o => o != narrower[0]).All(o => Relevance(o) < Relevance(narrower[0]) - margin))
                        return new Choice(narrower[0], [], $"clearly described, though narrower than the words suggest ({narrower[0].Why})");
                    return new Choice(null, narrowestFirst, "only administration would fit, and the request does not ask for it");
                }
                doesTheJob = nonAdmin;
                best = doesTheJob.Max(Relevance);
            }
        }
        var leader = doesTheJob.OrderByDescending(Relevance).First();
        // A safer entitlement gets the risk steps' extra margin only when its own words offer some of the request's, or the
        // leader's own words offer no more than a level ("read"): one that shares nothing but its app's words ("see the
        // injury details and run the investigation" beside a reporter who reports incidents) is no near fit, whatever its safety.
        var leaderOffers = OfferedAsked(leader);
        var leaderTopical = leaderOffers.Any(o => !Privileges.IsGenericLevelWord(o));
        var close = doesTheJob.Where(c => Relevance(c) >= best - (c == leader || !leaderTopical
                    || OfferedAsked(c).Count > 0 && 2 * OfferedAsked(c).Count >= leaderOffers.Count && Relevance(c) >= w.SaferShare * best ? MarginBelow(leader, c, w) : margin)
                || IsAsGoodAndNarrower(c, leader))
            .OrderBy(c => Privileges.Breadth(c.Entitlement)).ThenByDescending(Relevance).ToList();
        // With no level said, a lead that rests only on the scope ("for the OPS project") says where, not what: ask.
        if (close.Count == 1 && need.Level == PrivilegeLevel.Unknown && !HasNeedEvidence(close[0]) && doesTheJob.Count > 1)
            return new Choice(null, doesTheJob.OrderBy(c => Privileges.Breadth(c.Entitlement)).ToList(), "the request says where, not what is needed");
        // A vague need must not become a guessed high-risk request sent to approvers: ask which one, safest first.
        if (close.Count == 1 && close[0].Entitlement.Risk >= Risk.High && IsVague(close[0], need) && doesTheJob.Count > 1)
            return new Choice(null, doesTheJob.OrderBy(c => Privileges.Breadth(c.Entitlement)).ThenByDescending(Relevance).ToList(),
                $"the need is vague and its best match, {close[0].Entitlement.Name}, is {close[0].Entitlement.Risk.ToString().ToLowerInvariant()} risk");
        if (close.Count == 1) return new Choice(close[0], [], $"best fit for the need ({close[0].Why})");
        // "enter the invoices for Paul's jobs": of one app's levels about as good for a change, the only one whose own words hold
        // what the action is done to does the work; the safer one that enters something else (cost projections "for the jobs")
        // would be useless access.
        if (need.Level == PrivilegeLevel.Write && actedOn is { Count: > 0 } && close.Count > 1 && close.All(c => c.App.Id == leader.App.Id)
            && close.Where(c => actedOn.All(Offered(c).Contains)).ToList() is [var doer])
            return new Choice(doer, [], $"the only one of {close.Count} that holds what the change is done to ({doer.Why})");
        // Least privilege and the best fit agree: the leader is the narrowest of those about as good, and offers every word
        // of the request they offer ("a till login" beside a store manager who is only about the store), a word of substance.
        if (close.All(c => c.App.Id == leader.App.Id) && close[0] == leader && Offered(leader).Any(o => o.Length >= 3 && !Privileges.IsGenericLevelWord(o))
            && close.Skip(1).All(c => Privileges.Breadth(c.Entitlement) > Privileges.Breadth(leader.Entitlement) && Offered(c).IsSubsetOf(Offered(leader))))
            return new Choice(leader, [], $"the narrowest of {close.Count} that fit, and the best ({leader.Why})");
        // Least privilege orders the levels of one app; which app is meant is a question, not a ranking. Unless only one of them
        // holds what the change is done to ("need to edit it myself", "it" being the job template the message opened with).
        if (close.Select(c => c.App.Id).Distinct().Count() > 1)
        {
            if (need.Level == PrivilegeLevel.Write && actedOn is { Count: > 0 } && close.Where(c => HoldsAll(c, actedOn)).ToList() is [var onlyDoer])
                return new Choice(onlyDoer, [], $"of several apps, the only one that holds what the change is done to ({onlyDoer.Why})");
            return new Choice(null, close, "entitlements of several apps fit the request about equally");
        }
        if (need.Level != PrivilegeLevel.Unknown)
            return new Choice(close[0], [], $"the narrowest of {close.Count} that fit a {need.Level.ToString().ToLowerInvariant()} need");
        return new Choice(null, close, "several entitlements fit the request about equally");
    }

    /// <summary>
    /// The level to ask for when the person already holds the chosen one: least privilege took the narrowest that could
    /// do the job, and one who holds it and still asks ("I need to pull a unit out of the plan for a week", holding the
    /// plan's viewer) shows that it does not. It is the narrowest broader level of the same app that does what is asked,
    /// that the words fit at least as well, and that does no more kind of thing than asked: a wider view for one who asks
    /// to look, never an editor ("can she get on the video platform to watch the match", held, stays held); administration
    /// only when asked for, or for a change whose words only its own hold. Nothing when the request named the chosen level or
    /// said "read-only". Never one whose own words do not hold what the change is done to, when the held one's do ("change
    /// the estimate" to one who holds the cataloguer, whose own words list estimates, is no request for the reserves level).
    /// A wider level of the same kind is no step up when all its own words add to the held one's is a verb the message does not
    /// ask to do: "read the SAE narratives ... for thursday's safety review meeting" to one who holds the reader is no request for
    /// the medical reviewer, whose "review" is all it adds.
    /// </summary>
    public static EntitlementMatch? NextLevelUp(Choice choice, IReadOnlyList<EntitlementMatch> fits, NeedLevel need, IReadOnlySet<string>? actedOn = null)
    {
        if (choice.Chosen is not { } held || choice.ByName || need.ReadOnlyStated) return null;
        var most = need.Level == PrivilegeLevel.Unknown ? PrivilegeLevel.Write : (PrivilegeLevel)Math.Max((int)need.Level, (int)Capability(held));
        // Administration too, when its own words hold a word of the request that the held level's do not ("the hi temp
        // thresholds" to one who holds the alarm operator, beside "Change alarm thresholds"): that word is what the held one lacks.
        var heldOffers = Offered(held);
        bool Allowed(EntitlementMatch c) => Capability(c) <= most
            || Capability(c) == PrivilegeLevel.Admin && most == PrivilegeLevel.Write && Offered(c).Any(w => !heldOffers.Contains(w) && !Privileges.IsGenericLevelWord(w));
        return fits.Where(c => c != held && c.App.Id == held.App.Id && !c.Contradicted && Fits(c, need) && Allowed(c)
                && Privileges.Breadth(c.Entitlement) > Privileges.Breadth(held.Entitlement) && Relevance(c) >= Relevance(held)
                && (Capability(c) > Capability(held) || !AddsOnlyAVerb(c, heldOffers))
                && !(actedOn is { Count: > 0 } && HoldsAll(held, actedOn) && !HoldsAll(c, actedOn)))
            .OrderBy(c => Privileges.Breadth(c.Entitlement)).ThenByDescending(Relevance).FirstOrDefault();
    }

    private static bool AddsOnlyAVerb(EntitlementMatch c, HashSet<string> heldOffers)
    {
        var added = Offered(c).Where(o => !heldOffers.Contains(o) && !Privileges.IsGenericLevelWord(o)).ToList();
        return added.Count > 0 && added.All(Privileges.IsActionWord);
    }

    /// <summary>How much better a riskier entitlement must fit than a safer one to be preferred: more for each risk step.</summary>
    public static double MarginBelow(EntitlementMatch leader, EntitlementMatch other, PlannerWeights weights) =>
        weights.Margin + weights.RiskStepMargin * Math.Max(0, (int)leader.Entitlement.Risk - (int)other.Entitlement.Risk);

    /// <summary>How well an entitlement fits the words of the request, app mention aside.</summary>
    public static double Relevance(EntitlementMatch m) => m.Relevance;

    /// <summary>
    /// A need that names neither the app nor the entitlement, says nothing of what is to be done (read,
    /// change, administer), and matches on a single word of the request ("the thing for payments"): the
    /// word says what area, not which of its entitlements.
    /// </summary>
    public static bool IsVague(EntitlementMatch m, NeedLevel need) =>
        !m.AppMentioned && m.NameMatch < 1 && need.Level == PrivilegeLevel.Unknown && NeedWords(m) <= 1;

    // The distinct words of the request the entitlement's text holds, leaving out what it rules out and mere scope values.
    private static int NeedWords(EntitlementMatch m) =>
        m.MatchedWords.Count(w => !w.StartsWith("not ", StringComparison.Ordinal) && !w.StartsWith("scope ", StringComparison.Ordinal));

    // Words of the request found in what the entitlement lets you do, not just in its scope's label or values.
    private static bool HasNeedEvidence(EntitlementMatch m)
    {
        var scope = m.Entitlement.Scope is { } s ? Words.ContentStems(string.Join(" ", s.Options.Prepend(s.Label))).ToHashSet() : [];
        return m.MatchedWords.Any(w => !w.StartsWith("not ", StringComparison.Ordinal) && !w.StartsWith("scope ", StringComparison.Ordinal) && !scope.Contains(w));
    }

    /// <summary>Whether the entitlement's own words (name, description) hold every one of the stems given, as words it shares with the message.</summary>
    internal static bool HoldsAll(EntitlementMatch m, IReadOnlySet<string> stems) => stems.All(Offered(m).Contains);

    /// <summary>Whether the entitlement's own name or description holds this word of the request.</summary>
    internal static bool Holds(EntitlementMatch m, string stem) => Offered(m).Contains(stem);

    // Words of the request that the entitlement's own name or description holds (its app's description is shared by its siblings).
    private static HashSet<string> Offered(EntitlementMatch m, IReadOnlySet<string>? askingWords = null)
    {
        var own = Words.ContentStems(m.Entitlement.Name + " " + m.Entitlement.Description).ToHashSet();
        return m.MatchedWords.Where(w => own.Contains(w) && (askingWords is null || askingWords.Contains(w))).ToHashSet();
    }

    // "Chart and place orders" against "Read charts; cannot order" and "Document notes and place orders": the
    // first rules out something asked for that a sibling offers, along with all it offers itself, so it is no fit.
    private static bool IsOutdone(EntitlementMatch c, IReadOnlyList<EntitlementMatch> others)
    {
        var ruledOut = c.MatchedWords.Where(w => w.StartsWith("not ", StringComparison.Ordinal)).Select(w => w[4..]).ToList();
        if (ruledOut.Count == 0) return false;
        var offered = Offered(c);
        return others.Any(o => o != c && o.App.Id == c.App.Id && !o.Contradicted
            && Offered(o) is var theirs && ruledOut.Any(theirs.Contains) && offered.IsSubsetOf(theirs));
    }

    // A narrower entitlement that holds every word of the request the leader holds fits as well, whatever
    // the embedding or a name word adds: the leader's extra score is no evidence for its extra power.
    private static bool IsAsGoodAndNarrower(EntitlementMatch c, EntitlementMatch leader)
    {
        if (c == leader || c.App.Id != leader.App.Id || c.Contradicted) return false;
        if (Privileges.Breadth(c.Entitlement) >= Privileges.Breadth(leader.Entitlement)) return false;
        var theirs = Offered(leader);
        return theirs.Count > 0 && theirs.IsSubsetOf(Offered(c)) && HasNeedEvidence(c);
    }

    // Words of the request in the entitlement's name that neither its app (name and description: "the HR system") nor
    // a sibling's name or description has, level words ("read", "admin") aside: those say which one of the app's
    // entitlements is meant. Said in the sentences that ask, when a story is told beside them ("a source keeps hitting the
    // paywall ... how do I comp him a sub?" tells of the paywall; it does not name the Paywall Editor).
    private static IReadOnlyList<string> TellingNameWordsSaid(EntitlementMatch m, IReadOnlySet<string>? askingWords)
    {
        var appName = Words.ContentStems(m.App.Name).ToHashSet();
        var appDescription = Words.ContentStems(m.App.Description).ToHashSet();
        var ownDescription = Words.ContentStems(m.Entitlement.Description).ToHashSet();
        var siblings = m.App.Entitlements.Where(e => e.Id != m.Entitlement.Id).SelectMany(e => Words.ContentStems(e.Name + " " + e.Description)).ToHashSet();
        return Words.ContentStems(m.Entitlement.Name).Distinct()
            .Where(s => !appName.Contains(s) && (!appDescription.Contains(s) || ownDescription.Contains(s)) && !siblings.Contains(s)
                && !Privileges.IsGenericLevelWord(s) && m.MatchedWords.Contains(s) && askingWords?.Contains(s) != false).ToList();
    }

    private static int DistinctiveNameWords(EntitlementMatch m) =>
        Words.ContentStems(m.Entitlement.Name).Distinct().Count() - Words.ContentStems(m.App.Name).Distinct().Count(s => Words.ContentStems(m.Entitlement.Name).Contains(s));

    private static PrivilegeLevel Capability(EntitlementMatch m) => Privileges.CapabilityOf(m.Entitlement);

    private static bool SaysItChangesNothing(Entitlement e) =>
        Words.Tokenize(e.Description).Any(w => w.Stem == "readonly")
        || EntitlementActions.Of(e).RuledOut.Any(s => Privileges.LevelOfStem(s) >= PrivilegeLevel.Write);

    private static bool Fits(EntitlementMatch m, NeedLevel need) =>
        need.ReadOnlyStated ? Capability(m) == PrivilegeLevel.Read : need.Level == PrivilegeLevel.Unknown || Capability(m) >= need.Level;
}
