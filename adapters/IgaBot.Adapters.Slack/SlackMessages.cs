using System.Text;
using IgaBot.Core.Approvals;
using IgaBot.Core.Conversation;
using IgaBot.Core.People;
using IgaBot.Core.Policy;
using static IgaBot.Adapters.Slack.SlackText;

namespace IgaBot.Adapters.Slack;

/// <summary>
/// Block Kit messages for everything the bot says in Slack. Text from people (and sentences that may
/// carry their words) is <see cref="SlackText.Literal"/> plain text; catalog names inside our mrkdwn are
/// escaped; every list is capped to Slack's limits.
/// </summary>
public static class SlackMessages
{
    /// <summary>Extension lengths offered on an expiring grant (policy may still cap them).</summary>
    public static IReadOnlyList<TimeSpan> ExtensionChoices { get; } =
        [TimeSpan.FromDays(1), TimeSpan.FromDays(3), TimeSpan.FromDays(7), TimeSpan.FromDays(14)];

    private const int MaxButtons = 5;

    public static SlackMessage Text(string text) =>
        new(Escape(text), [.. Paragraphs(text)]);

    /// <summary>The bot's answer to a turn: its text, then the question (buttons) or the outcome.</summary>
    public static SlackMessage Reply(TurnReply reply)
    {
        var blocks = new List<Block>();
        // The reply may echo what the person typed: plain text, shown as written.
        if (!string.IsNullOrWhiteSpace(reply.Text)) blocks.AddRange(Paragraphs(reply.Text));
        var fallback = new StringBuilder(Escape(reply.Text));
        if (reply.Question is { } question)
        {
            blocks.AddRange(QuestionBlocks(question));
            fallback.Append('\n').Append(Escape(question.Prompt));
        }
        if (reply.Outcome is { } outcome) blocks.AddRange(OutcomeBlocks(outcome));
        if (blocks.Count == 0) blocks.Add(new SectionBlock(Literal(" ")));
        return new(fallback.ToString().Trim(), Cap(blocks, MessageBlocks));
    }

    public static IReadOnlyList<Block> QuestionBlocks(Question question)
    {
        // The agent writes the prompt and may quote the person in it.
        var blocks = new List<Block> { new SectionBlock(Literal(question.Prompt)) };
        var slot = question.Slot;
        var options = question.Options
            .Where(o => Choice(slot, o.Value).Length <= OptionValue && !string.IsNullOrWhiteSpace(o.Value))
            .ToList();
        if (options.Count == 0)
        {
            blocks.Add(new ContextBlock([Mrkdwn("Type your answer here.")]));
            return blocks;
        }
        if (options.Count <= MaxButtons)
        {
            blocks.Add(new ActionsBlock([.. options.Select((o, i) => (BlockElement)new ButtonElement(Plain(o.Label, ButtonText))
            {
                ActionId = SlackActions.QuestionOptionPrefix + i,
                Value = Choice(slot, o.Value),
            })]) { BlockId = SlackActions.QuestionBlock });
            // Labels may be people's names (a beneficiary's direct reports).
            var hints = options.Where(o => !string.IsNullOrWhiteSpace(o.Hint)).Select(o => $"{o.Label}: {o.Hint}").ToList();
            var footer = hints.Count > 0 ? string.Join("\n", hints) + "\nOr type your answer." : "Or type your answer.";
            blocks.Add(new ContextBlock([Literal(footer)]));
            return blocks;
        }
        blocks.Add(new ActionsBlock([new StaticSelectElement(Plain("Choose…", OptionText))
        {
            ActionId = SlackActions.QuestionSelect,
            Options = [.. options.Take(SelectOptions).Select(o => new OptionObject(Plain(o.Label, OptionText), Choice(slot, o.Value))
            {
                Description = string.IsNullOrWhiteSpace(o.Hint) ? null : Plain(o.Hint, OptionText),
            })],
        }]) { BlockId = SlackActions.QuestionBlock });
        blocks.Add(new ContextBlock([Mrkdwn("Or type your answer.")]));
        return blocks;
    }

    private static string Choice(Slot slot, string value) => SlackActions.Choice(slot, value);

    public static IReadOnlyList<Block> OutcomeBlocks(Outcome o)
    {
        var title = o.Kind switch
        {
            OutcomeKind.Submitted => ":hourglass_flowing_sand: *Request submitted*",
            OutcomeKind.AutoApproved => ":white_check_mark: *Approved*",
            OutcomeKind.Denied => ":no_entry: *Not possible*",
            OutcomeKind.AlreadyHasAccess => ":information_source: *You already have this*",
            OutcomeKind.Cancelled => ":x: *Cancelled*",
            OutcomeKind.Released => ":wave: *Released*",
            OutcomeKind.ExtensionSubmitted => ":hourglass_flowing_sand: *Extension requested*",
            _ => "*Done*",
        };
        var facts = new List<TextObject[]> { Fact("Access", Mrkdwn($"{Escape(o.EntitlementName)} ({Escape(o.AppName)})", FieldText)) };
        if (!string.IsNullOrWhiteSpace(o.Scope)) facts.Add(Fact("Scope", Literal(o.Scope, FieldText)));
        if (o.Kind == OutcomeKind.AlreadyHasAccess)
            facts.Add(Fact("Until", Mrkdwn(o.HeldUntil is { } until ? Date(until) : "permanently", FieldText)));
        else if (o.Kind is not OutcomeKind.Denied and not OutcomeKind.Cancelled and not OutcomeKind.Released)
            facts.Add(Fact("Duration", Plain(o.Duration is { } d ? $"Temporary: {Durations.Describe(d)}" : "Permanent", FieldText)));
        if (!string.IsNullOrWhiteSpace(o.Beneficiary)) facts.Add(Fact("For", Literal(o.Beneficiary, FieldText)));
        if (o.NextApprovers.Count > 0) facts.Add(Fact("Waiting for", Literal(string.Join(", ", o.NextApprovers), FieldText)));

        var blocks = Facts(Mrkdwn(title), facts);
        if (!string.IsNullOrWhiteSpace(o.Reason)) blocks.Add(new SectionBlock(Literal(o.Reason)));
        var context = new List<TextObject>();
        if (o.Trace.Count > 0) context.Add(Literal("Policy: " + string.Join(" ", o.Trace)));
        if (o.RequestId is { } id) context.Add(Mrkdwn($"Request `{id}`"));
        if (context.Count > 0) blocks.Add(new ContextBlock(context));
        return blocks;
    }

    /// <summary>The approval message for one approver. Buttons only while undecided and only for an approver of the stage.</summary>
    public static SlackMessage Approval(ApprovalView v, string recipientEmail)
    {
        var canDecide = v.Decision is null && v.Approvers.Contains(recipientEmail, StringComparer.OrdinalIgnoreCase);
        var blocks = new List<Block>
        {
            new HeaderBlock(Plain($"Access request: {v.EntitlementName}", HeaderText)),
            new SectionBlock(Literal(Summary(v))),
        };
        blocks.AddRange(Facts(null,
        [
            Fact("Requester", Literal($"{v.RequesterName} ({v.RequesterEmail})", FieldText)),
            Fact("Beneficiary", Literal($"{v.BeneficiaryName}, {v.BeneficiaryTitle}", FieldText)),
            Fact("Access", Mrkdwn($"{Escape(v.EntitlementName)} ({Escape(v.AppName)})", FieldText)),
            Fact("Scope", string.IsNullOrWhiteSpace(v.Scope) ? Plain("—") : Literal(v.Scope, FieldText)),
            Fact("Duration", Mrkdwn(DurationText(v.Duration, v.Until), FieldText)),
            Fact("Risk", Plain(v.Risk, FieldText)),
            Fact("Peers with the same title who hold it", Literal(PeersText(v), FieldText)),
        ]));
        if (string.IsNullOrWhiteSpace(v.Justification))
            blocks.Add(new SectionBlock(Mrkdwn("*Justification*\n_none given_")));
        else
            blocks.AddRange(Labelled("Justification", v.Justification));
        if (v.Trace.Count > 0)
            blocks.Add(new ContextBlock([Literal("Policy: " + string.Join(" ", v.Trace))]));

        if (v.Decision is { } decision)
        {
            blocks.Add(new DividerBlock());
            blocks.AddRange(DecisionBlocks(decision));
        }
        else if (canDecide)
        {
            var value = SlackActions.Stage(v.RequestId, v.StageOrder);
            var elements = new List<BlockElement>
            {
                new ButtonElement(Plain("Approve", ButtonText)) { ActionId = SlackActions.Approve, Value = value, Style = "primary" },
                new ButtonElement(Plain("Deny…", ButtonText)) { ActionId = SlackActions.Deny, Value = value, Style = "danger" },
            };
            if (v.ShorterOptions.Count > 0)
            {
                elements.Add(new StaticSelectElement(Plain("Approve for less…", OptionText))
                {
                    ActionId = SlackActions.ApproveShorter,
                    Options = [.. v.ShorterOptions.Where(d => d > TimeSpan.Zero).Take(SelectOptions)
                        .Select(d => new OptionObject(Plain($"Approve for {Durations.Describe(d)}", OptionText), SlackActions.Shorter(v.RequestId, v.StageOrder, d)))],
                });
            }
            blocks.Add(new ActionsBlock(elements) { BlockId = "approval" });
        }
        else
        {
            blocks.Add(new ContextBlock([Literal("Waiting for a decision by " + string.Join(", ", v.Approvers) + ".")]));
        }
        blocks.Add(new ContextBlock([Mrkdwn($"Request `{v.RequestId}` · stage {v.StageOrder}")]));

        var text = v.Decision is { } d2
            ? $"{Escape(v.RequesterName)}'s request for {Escape(v.EntitlementName)}: {DecisionWord(d2.Kind)}"
            : $"Approval needed: {Escape(v.RequesterName)} asks for {Escape(v.EntitlementName)} ({Escape(v.AppName)})";
        return new(text, Cap(blocks, MessageBlocks));
    }

    /// <summary>"Alice asks for Logs admin in Datadog for Bob.": names from the directory, so plain text.</summary>
    private static string Summary(ApprovalView v)
    {
        var forWhom = PersonKey.Same(v.RequesterEmail, v.BeneficiaryEmail) ? "" : $" for {v.BeneficiaryName}";
        return $"{v.RequesterName} asks for {v.EntitlementName} in {v.AppName}{forWhom}.";
    }

    public static string DurationText(TimeSpan? duration, DateTimeOffset? until) => duration is { } d
        ? $"Temporary: {Durations.Describe(d)}" + (until is { } u ? $", until {Date(u)}" : "")
        : "Permanent";

    private static string PeersText(ApprovalView v)
    {
        if (v.PeersHolding.Count == 0)
            return v.PeerCount > 0 ? $"None of {v.PeerCount} peers" : "No peers with the same title";
        var names = string.Join(", ", v.PeersHolding.Take(20));
        if (v.PeersHolding.Count > 20) names += $" and {v.PeersHolding.Count - 20} more";
        return v.PeerCount > 0 ? $"{v.PeersHolding.Count} of {v.PeerCount}: {names}" : names;
    }

    /// <summary>What was decided, by whom and why: our headline in mrkdwn, the name and the reason as written.</summary>
    public static List<Block> DecisionBlocks(ApprovalDecisionView d)
    {
        var by = d.ByName ?? d.ByEmail;
        var facts = new List<TextObject[]>();
        if (by is not null) facts.Add(Fact(d.Kind == DecisionKind.Escalated ? "To" : "By", Literal(by, FieldText)));
        if (!string.IsNullOrWhiteSpace(d.Reason)) facts.Add(Fact("Reason", Literal(d.Reason, FieldText)));
        var headline = d.Kind switch
        {
            DecisionKind.Approved => $":white_check_mark: *Approved* on {Date(d.At)}",
            DecisionKind.ApprovedShorter => $":white_check_mark: *Approved for {(d.ApprovedDuration is { } a ? Durations.Describe(a) : "a shorter time")}* on {Date(d.At)}",
            DecisionKind.Denied => $":no_entry: *Denied* on {Date(d.At)}",
            DecisionKind.Expired => $":hourglass: *Expired*: nobody decided in time ({Date(d.At)})",
            DecisionKind.Escalated => $":arrow_up: *Escalated* on {Date(d.At)}",
            DecisionKind.Cancelled => $":x: *Cancelled* on {Date(d.At)}",
            _ => d.Kind.ToString(),
        };
        return Facts(Mrkdwn(headline), facts);
    }

    private static string DecisionWord(DecisionKind kind) => kind switch
    {
        DecisionKind.Approved or DecisionKind.ApprovedShorter => "approved",
        DecisionKind.Denied => "denied",
        DecisionKind.Expired => "expired",
        DecisionKind.Escalated => "escalated",
        _ => "cancelled",
    };

    /// <summary>
    /// A reminder to an approver: a new message, so Slack notifies them. It has no buttons of its own and
    /// points at the approval message, which stays the one place to decide.
    /// </summary>
    public static SlackMessage ApprovalReminder(ApprovalView v, Uri? approvalMessage)
    {
        var where = approvalMessage is null
            ? "Approve or deny it in my earlier message about it."
            : $"<{Escape(approvalMessage.AbsoluteUri)}|Open the request> to approve or deny it.";
        return new($"Reminder: {Escape(v.RequesterName)} is still waiting for your decision on {Escape(v.EntitlementName)}",
        [
            new SectionBlock(Mrkdwn($":bell: Reminder: *still waiting for your decision*. {where}")),
            new SectionBlock(Literal(Summary(v))),
        ]);
    }

    public static SlackMessage Lifecycle(LifecycleNotice n)
    {
        var icon = n.Kind switch
        {
            LifecycleKind.Approved or LifecycleKind.Provisioned => ":white_check_mark:",
            LifecycleKind.Denied or LifecycleKind.ProvisioningFailed => ":no_entry:",
            LifecycleKind.Expiring => ":alarm_clock:",
            LifecycleKind.Revoked => ":lock:",
            LifecycleKind.RequestExpired => ":hourglass:",
            LifecycleKind.Escalated => ":arrow_up:",
            LifecycleKind.ApproverUnreachable => ":warning:",
            _ => ":information_source:",
        };
        var title = n.Kind switch
        {
            LifecycleKind.Submitted => "Request submitted",
            LifecycleKind.Approved => "Approved",
            LifecycleKind.Denied => "Denied",
            LifecycleKind.Provisioned => "Access ready",
            LifecycleKind.ProvisioningFailed => "Setup failed",
            LifecycleKind.Expiring => "Expiring soon",
            LifecycleKind.Revoked => "Access removed",
            LifecycleKind.RequestExpired => "Request expired",
            LifecycleKind.Escalated => "Escalated",
            LifecycleKind.ApproverUnreachable => "Approver unreachable",
            _ => "Update",
        };
        var facts = new List<TextObject[]> { Fact("Access", Mrkdwn($"{Escape(n.EntitlementName)} ({Escape(n.AppName)})", FieldText)) };
        if (!string.IsNullOrWhiteSpace(n.Scope)) facts.Add(Fact("Scope", Literal(n.Scope, FieldText)));
        if (n.ExpiresAt is { } expires) facts.Add(Fact(n.Kind == LifecycleKind.Revoked ? "Ended" : "Expires", Mrkdwn(Date(expires), FieldText)));
        // The sentence names people and may carry a denial's reason.
        var blocks = new List<Block> { new SectionBlock(Mrkdwn($"{icon} *{title}*")) };
        blocks.AddRange(Facts(Literal(n.Text), facts));
        if (n.OffersExtendAndRelease && n.GrantId is { } grant)
            blocks.Add(new ActionsBlock(GrantActions(grant, extendable: true)) { BlockId = "grant" });
        if (n.RequestId is { } id) blocks.Add(new ContextBlock([Mrkdwn($"Request `{id}`")]));
        return new(Escape(n.Text), blocks);
    }

    /// <summary>Extend (a new request through policy) and Release now, for a grant the reader holds.</summary>
    public static IReadOnlyList<BlockElement> GrantActions(Guid grantId, bool extendable)
    {
        var elements = new List<BlockElement>();
        if (extendable)
        {
            elements.Add(new StaticSelectElement(Plain("Extend by…", OptionText))
            {
                ActionId = SlackActions.Extend,
                Options = [.. ExtensionChoices.Select(d => new OptionObject(Plain(Durations.Describe(d), OptionText), SlackActions.Extension(grantId, d)))],
            });
        }
        elements.Add(new ButtonElement(Plain("Release now", ButtonText)) { ActionId = SlackActions.Release, Value = SlackActions.Id(grantId), Style = "danger" });
        return elements;
    }

    public static SlackMessage ManualTask(ManualTaskView t)
    {
        var verb = string.Equals(t.Operation, "revoke", StringComparison.OrdinalIgnoreCase) ? "Remove" : "Give";
        var blocks = new List<Block>
        {
            new HeaderBlock(Plain($"Manual task: {verb.ToLowerInvariant()} access in {t.AppName}", HeaderText)),
        };
        // The scope is copied into the target system: it must read exactly as typed.
        blocks.AddRange(Facts(Literal(t.Text),
        [
            Fact("Person", Literal($"{t.PersonName} ({t.PersonEmail})", FieldText)),
            Fact("Access", Mrkdwn($"{Escape(t.EntitlementName)} ({Escape(t.AppName)})", FieldText)),
            Fact("Scope", string.IsNullOrWhiteSpace(t.Scope) ? Plain("—") : Literal(t.Scope, FieldText)),
            Fact("To do", Plain(verb == "Remove" ? "Remove the access" : "Give the access")),
        ]));
        if (t.Resolution is null)
        {
            var id = SlackActions.Id(t.TaskId);
            blocks.Add(new ActionsBlock(
            [
                new ButtonElement(Plain("Done", ButtonText)) { ActionId = SlackActions.TaskDone, Value = id, Style = "primary" },
                new ButtonElement(Plain("Can't do…", ButtonText)) { ActionId = SlackActions.TaskCannot, Value = id, Style = "danger" },
            ]) { BlockId = "task" });
        }
        else
        {
            // "cannot by …: <the owner's reason>".
            blocks.Add(new SectionBlock(Mrkdwn(":memo: *Answered*")));
            blocks.Add(new SectionBlock(Literal(t.Resolution)));
        }
        blocks.Add(new ContextBlock([Mrkdwn($"Task `{t.TaskId}`")]));
        return new($"Manual task: {verb.ToLowerInvariant()} {Escape(t.EntitlementName)} ({Escape(t.AppName)}) for {Escape(t.PersonName)}", blocks);
    }

    /// <summary>
    /// The mover's review for the new manager: what changed, then each grant with why it is listed and its own
    /// Keep until &lt;date&gt; / Revoke buttons, replaced by the outcome once answered.
    /// </summary>
    public static SlackMessage MoverReview(MoverReviewView r)
    {
        var blocks = new List<Block>
        {
            new HeaderBlock(Plain($"Review {r.PersonName}'s access", HeaderText)),
            new SectionBlock(Literal($"{r.PersonName} ({r.PersonTitle}) moved: {r.ChangeText}. As their manager now, please decide what they keep.")),
            new ContextBlock([Mrkdwn(r.Open
                ? $"Answer by {r.DueAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC; access their new department may not hold is revoked if nobody answers."
                : "This review is closed.")]),
        };
        var n = 0;
        foreach (var item in r.Items.Take(MaxReviewItems))
        {
            n++;
            var what = item.Scope is null ? $"{item.AppName}: {item.EntitlementName}" : $"{item.AppName}: {item.EntitlementName} ({item.Scope})";
            blocks.Add(new DividerBlock());
            blocks.Add(new SectionBlock(Literal(what)));
            blocks.Add(new ContextBlock([Literal(item.Why)]));
            if (item.Outcome is not null)
            {
                blocks.Add(new SectionBlock(Literal(char.ToUpperInvariant(item.Outcome[0]) + item.Outcome[1..])));
            }
            else if (r.Open)
            {
                var value = SlackActions.ReviewItem(r.ReviewId, item.GrantId);
                blocks.Add(new ActionsBlock(
                [
                    new ButtonElement(Plain($"Keep until {item.KeepUntil:yyyy-MM-dd}", ButtonText)) { ActionId = SlackActions.ReviewKeep, Value = value, Style = "primary" },
                    new ButtonElement(Plain("Revoke", ButtonText)) { ActionId = SlackActions.ReviewRevoke, Value = value, Style = "danger" },
                ]) { BlockId = $"review.{n}" });
            }
        }
        if (r.Items.Count > MaxReviewItems) blocks.Add(new ContextBlock([Mrkdwn($"…and {r.Items.Count - MaxReviewItems} more: answer these first, the rest follow.")]));
        return new($"Review {Escape(r.PersonName)}'s access after their move", blocks);
    }

    /// <summary>Keeps a review inside Slack's 50 blocks (4 per grant plus the header).</summary>
    private const int MaxReviewItems = 11;

    /// <summary>The joiner's welcome: what most people with their title hold, each with a Request button that asks for it in words.</summary>
    public static SlackMessage Welcome(JoinerWelcomeView w)
    {
        var blocks = new List<Block> { new SectionBlock(Literal(w.Text)) };
        var n = 0;
        foreach (var s in w.Suggestions)
        {
            n++;
            blocks.Add(new SectionBlock(Literal($"{s.AppName}: {s.EntitlementName}")));
            blocks.Add(new ContextBlock([Mrkdwn($"Held by {s.Holders} of your {s.Peers} peers")]));
            blocks.Add(new ActionsBlock([new ButtonElement(Plain("Request", ButtonText)) { ActionId = SlackActions.WelcomeRequest, Value = s.EntitlementId }]) { BlockId = $"welcome.{n}" });
        }
        return new(Escape(w.Text), blocks);
    }

    /// <summary>
    /// One row of a label/value table made of section fields (which flow in two columns): the label is our
    /// bold mrkdwn, the value its own text object, <see cref="SlackText.Literal"/> when a person wrote it.
    /// A single mrkdwn field could not hold both a bold label and a literal value.
    /// </summary>
    internal static TextObject[] Fact(string label, TextObject value) => [Mrkdwn($"*{Escape(label)}*", FieldText), value];

    /// <summary>Rows of <see cref="Fact"/>s in as few sections as Slack's ten fields allow, split evenly; the first carries <paramref name="text"/>.</summary>
    internal static List<Block> Facts(TextObject? text, IReadOnlyList<TextObject[]> facts)
    {
        const int rowsPerSection = SectionFields / 2;
        var sections = Math.Max(1, (facts.Count + rowsPerSection - 1) / rowsPerSection);
        var rows = Math.Max(1, (facts.Count + sections - 1) / sections);
        var blocks = new List<Block>();
        for (var i = 0; i < sections; i++)
        {
            var fields = facts.Skip(i * rows).Take(rows).SelectMany(f => f).ToList();
            var first = i == 0 ? text : null;
            if (first is null && fields.Count == 0) continue;
            blocks.Add(new SectionBlock(first) { Fields = fields.Count == 0 ? null : fields });
        }
        return blocks;
    }

    /// <summary>A bold label over a person's text, shown as written (a justification).</summary>
    internal static IEnumerable<Block> Labelled(string label, string text) =>
        [new SectionBlock(Mrkdwn($"*{Escape(label)}*")), .. Paragraphs(text)];

    /// <summary>Splits long plain text into literal sections of at most 3000 characters, at line ends where possible.</summary>
    internal static IEnumerable<Block> Paragraphs(string text)
    {
        var rest = text.AsMemory();
        while (rest.Length > 0)
        {
            if (rest.Length <= SectionText) { yield return new SectionBlock(Literal(rest.ToString())); yield break; }
            var window = rest[..SectionText].Span;
            var cut = window.LastIndexOf('\n');
            if (cut < SectionText / 2) cut = window.LastIndexOf(' ');
            if (cut < SectionText / 2)
            {
                // No break anywhere near the end: cut hard, but not inside a surrogate pair.
                cut = SectionText - 1;
                if (char.IsHighSurrogate(window[cut - 1])) cut--;
            }
            yield return new SectionBlock(Literal(rest[..cut].ToString()));
            rest = rest[cut..].TrimStart();
        }
    }

    /// <summary>At most <paramref name="max"/> blocks; when cut, the last one says how much was left out.</summary>
    public static IReadOnlyList<Block> Cap(IReadOnlyList<Block> blocks, int max)
    {
        if (blocks.Count <= max) return blocks;
        var kept = blocks.Take(max - 1).ToList();
        kept.Add(new ContextBlock([Mrkdwn($"…{blocks.Count - kept.Count} more not shown.")]));
        return kept;
    }
}
