namespace IgaBot.Adapters.Planner;

/// <summary>
/// Every number the offline planner weighs with, in one place (issue 11, clean room). The defaults are
/// the values measured on the eval sets; a test or a deployment may pass others to
/// <see cref="EntitlementSearch.BuildAsync"/>, which hands them to every step of the pipeline.
/// </summary>
public sealed record PlannerWeights
{
    /// <summary>The defaults.</summary>
    public static PlannerWeights Default { get; } = new();

    // Retrieval (EntitlementSearch): score = semantic·SemanticWeight + lexical·LexicalWeight + name·NameWeight + AppMentionBonus.

    /// <summary>Weight of the MiniLM cosine similarity of the message and the entitlement's text.</summary>
    public double SemanticWeight { get; init; } = 0.5;
    /// <summary>Weight of the IDF-weighted share of the message's words found in the entitlement's text.</summary>
    public double LexicalWeight { get; init; } = 0.5;
    /// <summary>Weight of the share of the entitlement's distinctive name words the message says (halved for a one-word name said without its app).</summary>
    public double NameWeight { get; init; } = 0.3;
    /// <summary>Added to every entitlement of an app the message names: naming the app outweighs any wording.</summary>
    public double AppMentionBonus { get; init; } = 0.5;
    /// <summary>IDF of a word no entitlement uses, as a share of log(entitlements + 1): unknown words dilute the lexical share.</summary>
    public double UnknownWordIdfShare { get; init; } = 0.6;
    /// <summary>Lexical credit of a word found in the entitlement's own name.</summary>
    public double NameWordCredit { get; init; } = 1.0;
    /// <summary>Lexical credit of a word found in the entitlement's description.</summary>
    public double DescriptionWordCredit { get; init; } = 0.8;
    /// <summary>Lexical credit of a description word the entitlement only mentions when the message wants to change things.</summary>
    public double MentionedWordCredit { get; init; } = 0.5;
    /// <summary>Lexical credit (a penalty) of a word the description rules out ("no IAM changes").</summary>
    public double RuledOutWordCredit { get; init; } = -0.6;
    /// <summary>Lexical credit of a word that is only one of its scope's values or label.</summary>
    public double ScopeWordCredit { get; init; } = 0.15;
    /// <summary>Lexical credit of a word found only in its app's name or description (shared by its siblings).</summary>
    public double AppWordCredit { get; init; } = 0.3;

    // Understanding (RequestInterpreter): is the message about something in the catalog, and which app.

    /// <summary>Below this relevance even a message with access words matches nothing in the catalog.</summary>
    public double WeakMatch { get; init; } = 0.22;
    /// <summary>At or above this relevance a message is about the catalog even without access words.</summary>
    public double StrongMatch { get; init; } = 0.42;
    /// <summary>Least cosine similarity for a message resting on a single shared word to count as about the catalog.</summary>
    public double MinimumMeaning { get; init; } = 0.2;
    /// <summary>Cosine similarity at which the meaning alone ties a message to an entitlement.</summary>
    public double ClearMeaning { get; init; } = 0.45;
    /// <summary>Another app's best entitlement this close to the best one makes the app itself a question.</summary>
    public double AppMargin { get; init; } = 0.05;
    /// <summary>
    /// A level verb ("publish", "approve") granted by at most this many entitlements of the catalog is as telling as
    /// the catalog's own verbs: saying it ties a message to the catalog.
    /// </summary>
    public int DistinctiveActionEntitlements { get; init; } = 2;
    /// <summary>How far before "timecard approval" the giving or needing verb may stand ("give Marisol Vega timecard approval").</summary>
    public int ActNounReach { get; init; } = 5;
    /// <summary>Words a message shares with its best match that tie it to the catalog however much else it says.</summary>
    public int ManySharedWords { get; init; } = 3;
    /// <summary>How many words after a negation it still negates ("I won't ever change anything").</summary>
    public int NegationReach { get; init; } = 3;

    // Choice (LeastPrivilegeChooser).

    /// <summary>How close two relevances are to count as "about equally good".</summary>
    public double Margin { get; init; } = 0.08;
    /// <summary>How much more a riskier entitlement must fit than a safer one, per risk step, to be preferred.</summary>
    public double RiskStepMargin { get; init; } = 0.05;
    /// <summary>Least share of the leader's relevance a safer entitlement must have to be given the risk steps' extra margin.</summary>
    public double SaferShare { get; init; } = 0.6;
    /// <summary>Least lexical share for an administration entitlement to win without being asked for.</summary>
    public double AdminClearLexical { get; init; } = 0.25;
    /// <summary>Least lexical share for a narrower entitlement to be taken when the level words point at administration only.</summary>
    public double NarrowerClearLexical { get; init; } = 0.3;

    // Reading the catalog's words (CatalogWords, ScopeFinder).

    /// <summary>The shortest word the spelling check puts right: shorter words are too often another real word.</summary>
    public int MinimumCorrectedLength { get; init; } = 6;
    /// <summary>The longest acronym read (letters, without a plural "s").</summary>
    public int LongestAcronym { get; init; } = 5;
}
