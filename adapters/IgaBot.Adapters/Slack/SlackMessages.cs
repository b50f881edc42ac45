using System.Text;
using IgaBot.Core.Approvals;
using IgaBot.Core.Conversation;
using IgaBot.Core.Policy;
using static IgaBot.Adapters.Slack.SlackText;

namespace IgaBot.Adapters.Slack;

/// <summary>
/// Block Kit messages for everything the bot says in Slack. Every piece of text that did not come
/// from this file is escaped; every list is capped to Slack's limits.
/// </summary>
public static class SlackMessages
{
    /// <summary>Extension lengths offered on an expiring grant (policy may still cap them).</summary>
    public static IReadOnlyList<TimeSpan> ExtensionChoices { get; } =
        [TimeSpan.FromDays(1), TimeSpan.FromDays(3), TimeSpan.FromDays(7), TimeSpan.FromDays(14)];

    private const int MaxButtons = 5;

    public static SlackMessage Text(string text) =>
        new(Escape(text), [.. Paragraphs(Escape(text))]);

    /// <summary>The bot's answer to a turn: its text, then the question (buttons) or the outcome.</summary>
    public static SlackMessage Reply(TurnReply reply)
    {
        var blocks = new List<Block>();
        if (!string.IsNullOrWhiteSpace(reply.Text)) blocks.AddRange(Paragraphs(Escape(reply.Text)));
        var fallback = new StringBuilder(Escape(reply.Text));
        if (reply.Question is { } question)
        {
            blocks.AddRange(QuestionBlocks(question));
            fallback.Append('\n').Append(Escape(question.Prompt));
        }
        if (reply.Outcome is { } outcome) blocks.AddRange(OutcomeBlocks(outcome));
        if (blocks.Count == 0) blocks.Add(new SectionBlock(Mrkdwn(" ")));
        return new(fallback.ToString().Trim(), Cap(blocks, MessageBlocks));
    }

    public static IReadOnlyList<Block> QuestionBlocks(Question question)
    {
        var blocks = new List<Block> { new SectionBlock(Mrkdwn($"*{Escape(question.Prompt)}*")) };
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
            var hints = options.Where(o => !string.IsNullOrWhiteSpace(o.Hint)).Select(o => $"*{Escape(o.Label)}*: {Escape(o.Hint)}").ToList();
            var footer = hints.Count > 0 ? string.Join("\n", hints) + "\nOr type your answer." : "Or type your answer.";
            blocks.Add(new ContextBlock([Mrkdwn(footer)]));
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
        var fields = new List<TextObject> { Field("Access", $"{Escape(o.EntitlementName)} ({Escape(o.AppName)})") };
        if (!string.IsNullOrWhiteSpace(o.Scope)) fields.Add(Field("Scope", Escape(o.Scope)));
        if (o.Kind == OutcomeKind.AlreadyHasAccess)
            fields.Add(Field("Until", o.HeldUntil is { } until ? Date(until) : "permanently"));
        else if (o.Kind is not OutcomeKind.Denied and not OutcomeKind.Cancelled and not OutcomeKind.Released)
            fields.Add(Field("Duration", o.Duration is { } d ? $"Temporary: {Durations.Describe(d)}" : "Permanent"));
        if (!string.IsNullOrWhiteSpace(o.Beneficiary)) fields.Add(Field("For", Escape(o.Beneficiary)));
        if (o.NextApprovers.Count > 0) fields.Add(Field("Waiting for", Escape(string.Join(", ", o.NextApprovers))));

        var blocks = new List<Block>
        {
            new SectionBlock(Mrkdwn(title)) { Fields = [.. fields.Take(SectionFields)] },
        };
        if (!string.IsNullOrWhiteSpace(o.Reason)) blocks.Add(new SectionBlock(Mrkdwn(Escape(o.Reason))));
        var context = new List<TextObject>();
        if (o.Trace.Count > 0) context.Add(Mrkdwn("Policy: " + Escape(string.Join(" ", o.Trace))));
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
        };
        var forWhom = string.Equals(v.RequesterEmail, v.BeneficiaryEmail, StringComparison.OrdinalIgnoreCase)
            ? ""
            : $" for *{Escape(v.BeneficiaryName)}*";
        blocks.Add(new SectionBlock(Mrkdwn($"*{Escape(v.RequesterName)}* asks for *{Escape(v.EntitlementName)}* in *{Escape(v.AppName)}*{forWhom}.")));
        blocks.Add(new SectionBlock(null)
        {
            Fields =
            [
                Field("Requester", $"{Escape(v.RequesterName)} ({Escape(v.RequesterEmail)})"),
                Field("Beneficiary", $"{Escape(v.BeneficiaryName)}, {Escape(v.BeneficiaryTitle)}"),
                Field("Access", $"{Escape(v.EntitlementName)} ({Escape(v.AppName)})"),
                Field("Scope", string.IsNullOrWhiteSpace(v.Scope) ? "—" : Escape(v.Scope)),
                Field("Duration", DurationText(v.Duration, v.Until)),
                Field("Risk", Escape(v.Risk)),
            ],
        });
        blocks.Add(new SectionBlock(Mrkdwn(string.IsNullOrWhiteSpace(v.Justification)
            ? "*Justification*\n_none given_"
            : "*Justification*\n" + Quote(Escape(v.Justification)))));
        blocks.Add(new SectionBlock(Mrkdwn("*Peers with the same title who hold it*\n" + PeersText(v))));
        if (v.Trace.Count > 0)
            blocks.Add(new ContextBlock([Mrkdwn("Policy: " + Escape(string.Join(" ", v.Trace)))]));

        if (v.Decision is { } decision)
        {
            blocks.Add(new DividerBlock());
            blocks.Add(new SectionBlock(Mrkdwn(DecisionText(decision))));
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
            blocks.Add(new ContextBlock([Mrkdwn("Waiting for a decision by " + Escape(string.Join(", ", v.Approvers)) + ".")]));
        }
        blocks.Add(new ContextBlock([Mrkdwn($"Request `{v.RequestId}` · stage {v.StageOrder}")]));

        var text = v.Decision is { } d2
            ? $"{Escape(v.RequesterName)}'s request for {Escape(v.EntitlementName)}: {DecisionWord(d2.Kind)}"
            : $"Approval needed: {Escape(v.RequesterName)} asks for {Escape(v.EntitlementName)} ({Escape(v.AppName)})";
        return new(text, Cap(blocks, MessageBlocks));
    }

    public static string DurationText(TimeSpan? duration, DateTimeOffset? until) => duration is { } d
        ? $"Temporary: {Durations.Describe(d)}" + (until is { } u ? $", until {Date(u)}" : "")
        : "Permanent";

    private static string PeersText(ApprovalView v)
    {
        if (v.PeersHolding.Count == 0)
            return v.PeerCount > 0 ? $"None of {v.PeerCount} peers" : "_No peers with the same title_";
        var names = Escape(string.Join(", ", v.PeersHolding.Take(20)));
        if (v.PeersHolding.Count > 20) names += $" and {v.PeersHolding.Count - 20} more";
        return v.PeerCount > 0 ? $"{v.PeersHolding.Count} of {v.PeerCount}: {names}" : names;
    }

    public static string DecisionText(ApprovalDecisionView d)
    {
        var by = d.ByName ?? d.ByEmail;
        var who = by is null ? "" : $" by *{Escape(by)}*";
        var reason = string.IsNullOrWhiteSpace(d.Reason) ? "" : "\n" + Quote(Escape(d.Reason));
        return d.Kind switch
        {
            DecisionKind.Approved => $":white_check_mark: *Approved*{who} on {Date(d.At)}",
            DecisionKind.ApprovedShorter => $":white_check_mark: *Approved for {(d.ApprovedDuration is { } a ? Durations.Describe(a) : "a shorter time")}*{who} on {Date(d.At)}{reason}",
            DecisionKind.Denied => $":no_entry: *Denied*{who} on {Date(d.At)}{reason}",
            DecisionKind.Expired => $":hourglass: *Expired*: nobody decided in time ({Date(d.At)}){reason}",
            DecisionKind.Escalated => $":arrow_up: *Escalated*{(by is null ? "" : $" to *{Escape(by)}*")} on {Date(d.At)}{reason}",
            DecisionKind.Cancelled => $":x: *Cancelled*{who} on {Date(d.At)}{reason}",
            _ => d.Kind.ToString(),
        };
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
        var forWhom = string.Equals(v.RequesterEmail, v.BeneficiaryEmail, StringComparison.OrdinalIgnoreCase)
            ? ""
            : $" for *{Escape(v.BeneficiaryName)}*";
        var where = approvalMessage is null
            ? "Approve or deny it in my earlier message about it."
            : $"<{Escape(approvalMessage.AbsoluteUri)}|Open the request> to approve or deny it.";
        var text = $":bell: Reminder: *{Escape(v.RequesterName)}* is still waiting for your decision on *{Escape(v.EntitlementName)}* in *{Escape(v.AppName)}*{forWhom}. {where}";
        return new($"Reminder: {Escape(v.RequesterName)} is still waiting for your decision on {Escape(v.EntitlementName)}",
            [new SectionBlock(Mrkdwn(text))]);
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
        var fields = new List<TextObject> { Field("Access", $"{Escape(n.EntitlementName)} ({Escape(n.AppName)})") };
        if (!string.IsNullOrWhiteSpace(n.Scope)) fields.Add(Field("Scope", Escape(n.Scope)));
        if (n.ExpiresAt is { } expires) fields.Add(Field(n.Kind == LifecycleKind.Revoked ? "Ended" : "Expires", Date(expires)));
        var blocks = new List<Block> { new SectionBlock(Mrkdwn($"{icon} {Escape(n.Text)}")) { Fields = fields } };
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
            new SectionBlock(Mrkdwn(Escape(t.Text)))
            {
                Fields =
                [
                    Field("Person", $"{Escape(t.PersonName)} ({Escape(t.PersonEmail)})"),
                    Field("Access", $"{Escape(t.EntitlementName)} ({Escape(t.AppName)})"),
                    Field("Scope", string.IsNullOrWhiteSpace(t.Scope) ? "—" : Escape(t.Scope)),
                    Field("To do", verb == "Remove" ? "Remove the access" : "Give the access"),
                ],
            },
        };
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
            blocks.Add(new SectionBlock(Mrkdwn(":memo: " + Escape(t.Resolution))));
        }
        blocks.Add(new ContextBlock([Mrkdwn($"Task `{t.TaskId}`")]));
        return new($"Manual task: {verb.ToLowerInvariant()} {Escape(t.EntitlementName)} ({Escape(t.AppName)}) for {Escape(t.PersonName)}", blocks);
    }

    internal static TextObject Field(string label, string value) => Mrkdwn($"*{label}*\n{value}", FieldText);

    internal static string Quote(string escaped) => string.Join("\n", escaped.Split('\n').Select(l => "> " + l));

    /// <summary>Splits long escaped text into sections of at most 3000 characters, at line ends where possible.</summary>
    internal static IEnumerable<Block> Paragraphs(string escaped)
    {
        var rest = escaped.AsMemory();
        while (rest.Length > 0)
        {
            if (rest.Length <= SectionText) { yield return new SectionBlock(Mrkdwn(rest.ToString())); yield break; }
            var window = rest[..SectionText].Span;
            var cut = window.LastIndexOf('\n');
            if (cut < SectionText / 2) cut = window.LastIndexOf(' ');
            if (cut < SectionText / 2)
            {
                // No break anywhere near the end: cut hard, but not inside an entity such as &amp;.
                cut = SectionText - 1;
                var amp = window[(cut - 5)..cut].LastIndexOf('&');
                if (amp >= 0) cut = cut - 5 + amp;
            }
            yield return new SectionBlock(Mrkdwn(rest[..cut].ToString()));
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
