using System.Text.RegularExpressions;

namespace IgaBot.Adapters.Planner;

/// <summary>What a message is for.</summary>
public enum Intent
{
    /// <summary>Wants (someone to get) access to something.</summary>
    AccessRequest,
    /// <summary>"What do I have?"</summary>
    ListMyAccess,
    /// <summary>"What can I request (in GitHub)?"</summary>
    BrowseCatalog,
    /// <summary>Give back access held today.</summary>
    Release,
    /// <summary>Keep access held today for longer.</summary>
    Extend,
    /// <summary>Drop the request in progress.</summary>
    Cancel,
    /// <summary>Drop the request in progress and begin a new one.</summary>
    StartOver,
    Help,
    Greeting,
    Thanks,
    /// <summary>Not about access (a broken laptop, the weather): answer with what the bot can do.</summary>
    OffTopic,
}

/// <summary>
/// Recognises the conversational intents from general English phrasing. Whether a remaining message is
/// an access request or off-topic needs the catalog and is decided by <see cref="RequestInterpreter"/>.
/// </summary>
public static partial class IntentClassifier
{
    [GeneratedRegex(@"^\W*(?:(?:hi|hello|hey|hiya|howdy|yo|greetings|good\s+(?:morning|afternoon|evening|day)|morning|afternoon|evening)(?:\s+(?:there|all|team|folks|everyone|bot|igabot|again))?)\b[\s!.,:;)-]*", RegexOptions.IgnoreCase)]
    private static partial Regex GreetingPrefix();

    [GeneratedRegex(@"^\W*(?:(?:thanks|thank\s+you|thx|ty|tyvm|cheers|bye|goodbye|that'?s\s+(?:all|it)|much\s+appreciated|appreciate\s+it|great|awesome|perfect|cool|nice|brilliant|wonderful|excellent|ok|okay|k|got\s+it|understood|noted|sounds\s+good|all\s+good|good|lovely|super)(?:\s+(?:so\s+much|a\s+lot|very\s+much|again|for\s+(?:the|your|all\s+the)\s+help|bot|mate|that'?s\s+(?:all|it|everything)|that\s+is\s+all|all\s+done|bye|goodbye|see\s+you|!))*[\s!.,:;)👍🙏-]*)+$", RegexOptions.IgnoreCase)]
    private static partial Regex ThanksOnly();

    [GeneratedRegex(@"^\W*(?:help|\?+|commands|menu|options|usage|what\s+now)\W*$|\b(?:what\s+(?:can|do)\s+you\s+do|how\s+does\s+(?:this|it)\s+work|how\s+do\s+(?:i|you)\s+(?:use\s+(?:this|you|it)|work\s+this|request\s+access|ask\s+for\s+access|get\s+started)|who\s+are\s+you|what\s+are\s+you|how\s+can\s+you\s+help|what\s+can\s+i\s+(?:ask|say)|how\s+(?:does|do)\s+(?:requesting|access\s+requests?)\s+work|what\s+is\s+this\s+bot|i\s+need\s+help\s*$|help\s+me\s*$|can\s+you\s+help(?:\s+me)?\W*$)", RegexOptions.IgnoreCase)]
    private static partial Regex Help();

    // "... so I can release my own orders", "in order to revoke leavers' accounts": a purpose clause names the task the
    // access is for, so a verb of giving access back there is that task, not a wish to give access back.
    [GeneratedRegex(@"\b(?:so\s+(?:that\s+)?(?:i|we|he|she|they)\s+(?:can|could|may|am\s+able\s+to|are\s+able\s+to|is\s+able\s+to)|in\s+order\s+to|to\s+be\s+able\s+to)\s+$", RegexOptions.IgnoreCase)]
    private static partial Regex PurposeBefore();

    private static bool IsPurpose(string before) => PurposeBefore().IsMatch(before);

    // Giving access back: "release my access", "revoke it", "give that back". "Release this week's pay run" is a task:
    // "this" or "that" before a word other than an access word is a thing to act on. "need release access", "can i get
    // revoke access": after a word that asks for access, the verb says what kind of access is asked for.

    [GeneratedRegex(@"(?<!\b(?:need|needs|want|wants|get|request|requesting|have|has|with|some|the|a)\s+)\b(?:release|revoke|relinquish|give\s+up|give\s+back|hand\s+back|surrender|deprovision|offboard)\s+(?:me\s+from|(?:all\s+)?(?:of\s+)?my\b|(?:it|access)\b|(?:this|that)\b(?!\s+(?!access|role|permission|licen[cs]e|seat|grant|membership)[a-z]))|\b(?:remove|drop|end|terminate|cancel|deactivate|disable|withdraw|take\s+away|get\s+rid\s+of|delete|close|turn\s+off|switch\s+off)\s+(?:all\s+)?(?:of\s+)?my\s+(?:[\w-]+\s+){0,3}(?:access|permissions?|roles?|accounts?|licen[cs]es?|seats?|membership|rights|grants?|privileges?)\b|\bremove\s+me\s+from\b|\btake\s+me\s+off\b|\bno\s+longer\s+need\b|\b(?:don'?t|do\s+not|won'?t)\s+need\b.*\b(?:anymore|any\s+more|any\s+longer)\b|\bi'?m\s+(?:done|finished)\s+with\b", RegexOptions.IgnoreCase)]
    private static partial Regex Release();

    // "extend my access", "renew the Figma licence", "extend it": keeping access held today. "renew the certificate" is a task.
    [GeneratedRegex(@"\b(?:extend|renew|prolong|lengthen)\s+(?:my\b|it\b|that\b|this\b|(?:the\s+|our\s+)?(?:[\w-]+\s+){0,3}(?:access|role|permissions?|licen[cs]e|seat|grant|membership)\b)|^\W*(?:please\s+|can\s+you\s+|could\s+you\s+)?(?:extend|renew|prolong)\b|\b(?:extension|renewal)\s+(?:of|on|for|to)\s+(?:my|the\s+(?:[\w-]+\s+){0,3}(?:access|role|licen[cs]e|seat|grant))\b|\b(?:need|want|like)\s+(?:an?\s+)?(?:extension|renewal)\b|\bmore\s+time\s+(?:on|with|for)\s+(?:my\b|it\b|this\b|that\b|(?:[\w-]+\s+){0,4}(?:access|role|permissions?|licen[cs]e|seat)\b)|\bkeep\s+(?:my\s+|the\s+|this\s+)?(?:[\w-]+\s+){0,3}(?:access|role|permissions?|licen[cs]e|seat)\b(?!\s+to\b)|\b(?:access|role|permissions?|licen[cs]e|seat)\s+(?:is\s+)?(?:expiring|expires|about\s+to\s+expire|runs?\s+out|running\s+out)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Extend();

    [GeneratedRegex(@"\b(?:what|which)\s+(?:\w+\s+){0,2}(?:access|permissions?|roles?|entitlements?|apps?|applications?|systems?|tools?|licen[cs]es?|grants?|groups?)\s+(?:do|have|did)\s+i\b(?!\s+(?:need|want|require|request|ask|use|go\s+to|log\s+into))|\bwhat\s+do\s+i\s+(?:currently\s+|already\s+)?(?:have|hold|own)\b|\b(?:show|list|see|view|display|check|review|give)\s+(?:me\s+)?(?:all\s+)?(?:of\s+)?my\s+(?:current\s+|existing\s+|active\s+|pending\s+|open\s+)?(?:access|permissions?|roles?|entitlements?|grants?|apps?|applications?|licen[cs]es?|requests?|groups?)\b|^\W*my\s+(?:current\s+)?(?:access|permissions|roles|entitlements|grants|requests|apps)\W*$|\bwhat(?:'s|\s+is|\s+are)\s+(?:all\s+)?my\s+(?:current\s+|existing\s+)?(?:access|permissions?|roles?|entitlements?|grants?|apps?|requests?)\b|\bwhat\s+am\s+i\s+(?:allowed|entitled|permitted|authori[sz]ed)\b|\bdo\s+i\s+(?:already\s+|still\s+)?have\s+(?:access|an?\s+account|permission|a\s+licen[cs]e|the\s+)|\bwhere\s+do\s+i\s+have\s+access\b|\bstatus\s+of\s+my\b|\bwhat(?:'s|\s+is)\s+(?:the\s+status|happening\s+with)\s+(?:of\s+)?my\b", RegexOptions.IgnoreCase)]
    private static partial Regex ListMine();

    [GeneratedRegex(@"\bwhat\s+(?:else\s+)?(?:can|could|may|should)\s+i\s+(?:request|ask\s+for|get|apply\s+for|choose|pick)\b|\bwhat(?:'s|\s+is|\s+are)\s+(?:\w+\s+)?(?:available|there|on\s+offer|requestable|offered)\b|\bwhat\s+(?:kinds?\s+of\s+|types?\s+of\s+|sort\s+of\s+)?(?:access|roles?|permissions?|entitlements?|options?|levels?|licen[cs]es?|apps?|applications?|systems?)\s+(?:are|is|does|do|can|could|exist)\b|\b(?:show|list|browse|see|view)\s+(?:me\s+)?(?:all\s+)?(?:the\s+)?(?:catalog(?:ue)?|apps|applications|(?:available|possible)\s+\w+|options|(?:[\w-]+\s+)?(?:roles|entitlements|access\s+levels|permission\s+levels))\b|\bwhich\s+(?:[\w-]+\s+)?(?:roles?|entitlements?|levels?|options?|apps?|applications?|systems?|licen[cs]es?)\s+(?:are|is|can|could|exist|does|do\s+you)\b|\bwhat\s+does\s+[\w\s-]+\s+offer\b|\bwhat\s+(?:access\s+)?(?:levels?|roles?|options?|tiers?)\s+(?:in|for|of)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Browse();

    [GeneratedRegex(@"\b(?:broken|broke|not\s+working|doesn'?t\s+work|does\s+not\s+work|isn'?t\s+working|is\s+not\s+working|won'?t\s+(?:start|turn\s+on|boot|load|open|work|connect)|crash(?:ed|es|ing)?|froze|frozen|freezing|forgot\s+my\s+password|locked\s+out|can'?t\s+log\s*in|cannot\s+log\s*in|can'?t\s+sign\s*in|(?:reset|change|update|unlock)\s+my\s+(?:own\s+)?(?:password|account|phone|pin)|my\s+password|password\s+(?:expired|reset\s+for\s+me)|error\s+message|blue\s+screen|too\s+slow|lost\s+my|stolen|cracked|spilled|weather|forecast\s+for\s+(?:today|tonight|tomorrow|the\s+weekend)|joke|lunch|dinner|coffee|parking|holiday\s+calendar|meeting\s+room|printer|wifi|wi-fi|monitor\s+is|keyboard|mouse|headset|laptop|desktop\s+(?:is|won)|phone\s+(?:is|won))\b", RegexOptions.IgnoreCase)]
    private static partial Regex Trouble();

    [GeneratedRegex(@"\b(?:access|permissions?|role|rights|privileges?|licen[cs]e|seat|entitlement|log-?[io]ns?|credentials|creds|admin\w*|owner|read[- ]?only|write|viewer|editor|member(?:ship)?|grant\s+me|add\s+me|give\s+me|make\s+me|let\s+me|get\s+me|set\s+me\s+up|put\s+me|onboard\s+me|join|need\s+to|want\s+to|have\s+to|has\s+to|got\s+to|gotta|(?:i|we)\s+(?:have|'ve\s+got|got)\s+(?:[\w~-]+\s+){1,6}?to\s+(?=[a-z])|would\s+like|'d\s+like|\bid\s+like\s+to|be\s+able\s+to|can\s+i|could\s+i|may\s+i|i\s+need|i\s+want|request)\b|(?:^|[.!?;]\s+)\W*(?:(?:pls|please)\s+)?need\b", RegexOptions.IgnoreCase)]
    private static partial Regex AccessCue();

    /// <summary>Strips a leading greeting ("Hi, I need ...") and returns what is left.</summary>
    public static string WithoutGreeting(string text) => GreetingPrefix().Replace(text, "", 1).Trim();

    /// <summary>
    /// The conversational intent of a message, or null when it reads as a request (or an off-topic
    /// remark): the caller decides between those two with the catalog.
    /// </summary>
    public static Intent? Classify(string text)
    {
        var t = text.Trim();
        if (t.Length == 0) return Intent.Help;
        var rest = WithoutGreeting(t);
        if (rest.Length == 0) return Intent.Greeting;
        if (ThanksOnly().IsMatch(rest)) return Intent.Thanks;
        if (Release().Match(rest) is { Success: true } release && !IsPurpose(rest[..release.Index])
            && !Regex.IsMatch(rest, @"\bmy\s+(?:\w+\s+)?requests?\b", RegexOptions.IgnoreCase)) return Intent.Release;
        if (Command(rest) is { } command)
        {
            // "never mind, I need Jira instead": the command clears the way for the request after it.
            if (command.Rest.Length == 0 || !HasAccessCue(command.Rest)) return command.Intent;
            return null;
        }
        if (Extend().IsMatch(rest)) return Intent.Extend;
        // "do I already have the supervisor level at Elm Park? if not can I get it": a request, answered with what is held.
        if (ListMine().Match(rest) is { Success: true } mine && !AsksIfNot(rest[(mine.Index + mine.Length)..])) return Intent.ListMyAccess;
        if (Browse().IsMatch(rest) && !Regex.IsMatch(rest, @"\b(?:i\s+need|need\s+to|i\s+want\s+to)\b", RegexOptions.IgnoreCase)) return Intent.BrowseCatalog;
        if (Help().IsMatch(rest)) return Intent.Help;
        return null;
    }

    // "if not, can I get it", "otherwise please add me": after asking what is held, the person asks for it.
    private static bool AsksIfNot(string after) =>
        IfNot().Match(after) is { Success: true } m && HasAccessCue(after[m.Index..]);

    [GeneratedRegex(@"\b(?:if\s+not|otherwise|or\s+else|and\s+if\s+i\s+don'?t)\b", RegexOptions.IgnoreCase)]
    private static partial Regex IfNot();

    /// <summary>The text after a leading "never mind," or "start over:" when a new request follows it.</summary>
    public static string WithoutCancelPrefix(string text)
    {
        var rest = WithoutGreeting(text.Trim());
        return Command(rest) is { Rest.Length: > 0 } command && HasAccessCue(command.Rest) ? command.Rest : rest;
    }

    private static readonly Lazy<Regex> CancelCommand = new(() => CommandPattern("cancelCommands"));
    private static readonly Lazy<Regex> StartOverCommand = new(() => CommandPattern("startOverCommands"));

    // A command counts only when the message IS the command, or opens with it and a break ("never mind, ...",
    // "start over: ..."): "restart the service" or "stop the job" are words of a request.
    private static Regex CommandPattern(string list) => new(
        $@"^\W*(?:{ReadingLexicon.Alternation("commandOpeners")}[\s,]+)*(?<command>{ReadingLexicon.Alternation(list)})" +
        @"(?:\s+(?:please|pls|now|thanks|thank\s+you))*(?<end>\W*$|\s*(?:[.,;:!?]+|\s[-–—])\s*|\s+(?:and|then)\s+)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private sealed record CommandMatch(Intent Intent, string Rest);

    private static CommandMatch? Command(string text)
    {
        foreach (var (pattern, intent) in new[] { (CancelCommand.Value, Intent.Cancel), (StartOverCommand.Value, Intent.StartOver) })
        {
            var m = pattern.Match(text);
            if (m.Success) return new CommandMatch(intent, text[m.Length..].Trim());
        }
        return null;
    }

    [GeneratedRegex(@"\b(?:access|permissions?|roles?|rights|privileges?|authority|licen[cs]es?|seats?|entitlements?|log-?[io]ns?|credentials|creds|admin\w*|owner|read[- ]?only|write\s+access|viewer|editor|grant\s+me|add\s+me|make\s+me|give\s+me\s+(?:\w+\s+){0,3}(?:access|role|rights))\b", RegexOptions.IgnoreCase)]
    private static partial Regex StrongAccessCue();

    /// <summary>Words that can only be about access ("access", "role", "admin", "read-only", "add me").</summary>
    public static bool HasStrongAccessCue(string text) => StrongAccessCue().IsMatch(text);

    /// <summary>
    /// Words that mark a message as being about access at all: access words, or an everyday shape of asking to
    /// get at something ("set up an account for", "where can I see", "I can't open", "how do I get into").
    /// </summary>
    public static bool HasAccessCue(string text) => AccessCue().IsMatch(text) || RequestShape.Value.IsMatch(text);

    /// <summary>"i can't touch the exclusion", "we're unable to post it": something the person cannot do.</summary>
    public static bool SaysWhatCannotBeDone(string text) => Inability().IsMatch(text);

    [GeneratedRegex(@"\b(?:i|we)\s*(?:can['’]?t|cannot|can\s+not|(?:am|are|['’]m|['’]re)\s+unable\s+to)\s+(?:even\s+|still\s+|just\s+)?[a-z]{3,}\b", RegexOptions.IgnoreCase)]
    private static partial Regex Inability();

    /// <summary>Access words only ("access", "role", "I need", "give me"), without the everyday shapes of <see cref="HasAccessCue"/>.</summary>
    public static bool HasAccessWords(string text) => AccessCue().IsMatch(text);

    /// <summary>
    /// The text with the ways of asking for an account ("set up an account for", "set Tom up with") blanked out,
    /// same length: they say that access is wanted, not what it must let the person do ("set up" is no admin task here).
    /// </summary>
    public static string WithoutProvisioningWords(string text) =>
        SetUpAtTheEnd().Replace(ProvisioningPhrase.Value.Replace(text, m => new string(' ', m.Length)), m => new string(' ', m.Length));

    /// <summary>"set up an account for", "set me up with", "could I get Bluebeam set up?": a way of asking for access.</summary>
    public static bool HasProvisioningWords(string text) => ProvisioningPhrase.Value.IsMatch(text) || SetUpAtTheEnd().IsMatch(text);

    // "could i get bluebeam setup please?", "can I have Revit set up for monday": one or two words got "set up" at the end of
    // the ask are the thing provisioned; "set up" says access is wanted, not that the person will set anything up.
    [GeneratedRegex(@"(?<=\b(?:get|got|have)\s+(?:[\w'’-]+\s+){1,2})set\s*-?\s*up\b(?=\s*(?:$|[.,!?;]|please\b|pls\b|plz\b|asap\b|today\b|tomorrow\b|by\b|from\b|before\b|for\s+(?:me|him|her|them|monday|tuesday|wednesday|thursday|friday|next|this)\b))", RegexOptions.IgnoreCase)]
    private static partial Regex SetUpAtTheEnd();

    private static readonly Lazy<Regex> ProvisioningPhrase = new(() =>
        new Regex($@"\b{ReadingLexicon.Alternation("provisioningPhrases")}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant));

    private static readonly Lazy<Regex> RequestShape = new(() =>
        new Regex($@"\b{ReadingLexicon.Alternation("requestShapes")}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant));

    /// <summary>Words of an IT problem or small talk ("my laptop is broken", "the weather").</summary>
    public static bool HasTroubleCue(string text) => Trouble().IsMatch(text);

    /// <summary>
    /// "did my drawdesk access get dropped or is that just a me thing?", "did somebody take my access off??": a question
    /// whether the access one has is still there, which asks to check it, not for more.
    /// </summary>
    public static bool AsksWhetherStillHeld(string text) =>
        Question().Matches(text).Any(q => OwnAccess.Value.IsMatch(q.Value) && AccessLost.Value.IsMatch(q.Value));

    [GeneratedRegex(@"[^.?!]*\?")]
    private static partial Regex Question();

    private static readonly Lazy<Regex> OwnAccess = new(() => new Regex(
        $@"\bmy\b[^.?!]*\b{ReadingLexicon.Alternation("accessNouns")}\b|\bi\b[^.?!]*\b{ReadingLexicon.Alternation("accessNouns")}\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant));

    private static readonly Lazy<Regex> AccessLost = new(() => new Regex(
        $@"\b{ReadingLexicon.Alternation("accessLostWords")}\b|\bdid\b[^.?!]*\b{ReadingLexicon.Alternation("accessLosingVerbs")}\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant));

    /// <summary>"... who do I tell?", "who should we call about it": asks whom to tell of a problem.</summary>
    public static bool AsksWhomToTell(string text) => WhomToTell.Value.IsMatch(text);

    private static readonly Lazy<Regex> WhomToTell = new(() =>
        new Regex($@"\bwho\s+(?:do|should|can|could|would|shall)\s+(?:i|we)\s+{ReadingLexicon.Alternation("tellingVerbs")}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant));
}
