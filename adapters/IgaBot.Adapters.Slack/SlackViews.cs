using IgaBot.Core.Approvals;
using IgaBot.Core.Catalog;
using IgaBot.Core.Grants;
using IgaBot.Core.People;
using IgaBot.Core.Policy;
using static IgaBot.Adapters.Slack.SlackText;

namespace IgaBot.Adapters.Slack;

/// <summary>Modals and the App Home tab.</summary>
public static class SlackViews
{
    public static class Blocks
    {
        public const string What = "what";
        public const string App = "app";
        public const string Entitlement = "entitlement";
        public const string Scope = "scope";
        public const string Duration = "duration";
        public const string Justification = "justification";
        public const string Reason = "reason";
    }

    /// <summary>Durations offered in the request modal; "permanent" asks for no end date.</summary>
    public static IReadOnlyList<(string Value, string Label)> DurationChoices { get; } =
    [
        ("PT4H", "4 hours"), ("P1D", "1 day"), ("P3D", "3 days"), ("P7D", "1 week"), ("P14D", "2 weeks"),
        ("P30D", "30 days"), ("P90D", "90 days"), ("permanent", "Permanently"),
    ];

    public static SlackView Home(Person person, AppHomeModel model, DateTimeOffset now)
    {
        var blocks = new List<Block>
        {
            new HeaderBlock(Plain("Your access", HeaderText)),
            new SectionBlock(Mrkdwn("Ask for access in plain words with `/access`, or here:"))
            {
                Accessory = new ButtonElement(Plain("Request access", ButtonText)) { ActionId = SlackActions.NewRequest, Style = "primary" },
            },
        };

        const int perList = 20;
        var access = model.Access.Where(a => a.Status is GrantStatus.Active or GrantStatus.Revoking or GrantStatus.RevokeFailed).ToList();
        if (access.Count == 0) blocks.Add(new ContextBlock([Mrkdwn("_You hold no access granted through IgaBot yet._")]));
        foreach (var a in access.Take(perList))
        {
            var when = a.ExpiresAt is { } expires
                ? $"{TimeLeft(expires - now)} left (until {Date(expires)})"
                : "Permanent";
            var status = a.Status switch
            {
                GrantStatus.Revoking => " · _being removed_",
                GrantStatus.RevokeFailed => " · :warning: _removal failed, IT has been told_",
                _ => "",
            };
            var text = $"*{Escape(a.EntitlementName)}* ({Escape(a.AppName)})\n{when}{status}";
            var fields = ScopeField(a.Scope);
            if (a.Status != GrantStatus.Active)
            {
                blocks.Add(new SectionBlock(Mrkdwn(text)) { Fields = fields });
                continue;
            }
            if (a.ExpiresAt is null)
            {
                blocks.Add(new SectionBlock(Mrkdwn(text)) { Fields = fields, Accessory = SlackMessages.GrantActions(a.GrantId, extendable: false)[0] });
                continue;
            }
            blocks.Add(new SectionBlock(Mrkdwn(text)) { Fields = fields });
            blocks.Add(new ActionsBlock(SlackMessages.GrantActions(a.GrantId, extendable: true)));
        }
        More(blocks, access.Count, perList);

        blocks.Add(new DividerBlock());
        blocks.Add(new HeaderBlock(Plain("Your open requests", HeaderText)));
        const int requestsShown = 15;
        if (model.OpenRequests.Count == 0) blocks.Add(new ContextBlock([Mrkdwn("_No open requests._")]));
        foreach (var r in model.OpenRequests.Take(requestsShown))
        {
            var fields = new List<TextObject>(ScopeField(r.Scope) ?? []);
            if (!string.IsNullOrWhiteSpace(r.WaitingOn)) fields.AddRange(SlackMessages.Fact("Waiting for", Literal(r.WaitingOn, FieldText)));
            blocks.Add(new SectionBlock(Mrkdwn($"*{Escape(r.EntitlementName)}* ({Escape(r.AppName)})\n{StatusWords(r.Status)} since {Date(r.CreatedAt)}"))
            {
                Fields = fields.Count == 0 ? null : fields,
            });
        }
        More(blocks, model.OpenRequests.Count, requestsShown);

        blocks.Add(new DividerBlock());
        blocks.Add(new HeaderBlock(Plain("Waiting for your approval", HeaderText)));
        var waitingApprovals = model.ApprovalsWaiting.Where(v => v.Decision is null).ToList();
        if (waitingApprovals.Count == 0) blocks.Add(new ContextBlock([Mrkdwn("_Nothing waits for you._")]));
        const int approvalsShown = 10;
        foreach (var v in waitingApprovals.Take(approvalsShown))
        {
            // The requester's name, scope and justification are theirs: literal values beside our bold labels.
            var fields = new List<TextObject>(SlackMessages.Fact("Requester", Literal(v.RequesterName, FieldText)));
            fields.AddRange(ScopeField(v.Scope) ?? []);
            if (!string.IsNullOrWhiteSpace(v.Justification)) fields.AddRange(SlackMessages.Fact("Justification", Literal(v.Justification, FieldText)));
            blocks.Add(new SectionBlock(Mrkdwn(
                $"*{Escape(v.EntitlementName)}* ({Escape(v.AppName)})\n{SlackMessages.DurationText(v.Duration, v.Until)} · risk {Escape(v.Risk)}"))
            {
                Fields = fields,
            });
            var value = SlackActions.Stage(v.RequestId, v.StageOrder);
            blocks.Add(new ActionsBlock(
            [
                new ButtonElement(Plain("Approve", ButtonText)) { ActionId = SlackActions.Approve, Value = value, Style = "primary" },
                new ButtonElement(Plain("Deny…", ButtonText)) { ActionId = SlackActions.Deny, Value = value, Style = "danger" },
            ]));
        }
        More(blocks, waitingApprovals.Count, approvalsShown);
        blocks.Add(new ContextBlock([Mrkdwn($"Updated {Date(now)}")]));
        return new SlackView("home", SlackMessages.Cap(blocks, ViewBlocks));
    }

    /// <summary>A scope as typed, as a label/value pair of fields; null when there is none.</summary>
    private static TextObject[]? ScopeField(string? scope) =>
        string.IsNullOrWhiteSpace(scope) ? null : SlackMessages.Fact("Scope", Literal(scope, FieldText));

    public static SlackView UnknownPersonHome() => new("home",
    [
        new HeaderBlock(Plain("IgaBot", HeaderText)),
        new SectionBlock(Mrkdwn(UnknownPersonText)),
    ]);

    public const string UnknownPersonText =
        "I can't find you in the company directory, so I can't do anything for you yet. " +
        "Ask your IT team to add your Slack account (or its email) to the directory.";

    public static SlackView RequestModal(AccessCatalog catalog)
    {
        var apps = catalog.Apps.Where(a => a.Entitlements.Count > 0).ToList();
        var blocks = new List<Block>
        {
            new InputBlock(Plain("What do you need?", InputLabel), new PlainTextInputElement
            {
                ActionId = SlackActions.InputAction,
                Multiline = true,
                MaxLength = 2000,
                Placeholder = Plain("e.g. read access to the production logs for two days", 150),
            }) { BlockId = Blocks.What, Optional = true, Hint = Plain("Plain words are fine. Or pick below.", 2000) },
        };
        if (apps.Count > 0)
        {
            blocks.Add(new InputBlock(Plain("App", InputLabel), new StaticSelectElement(Plain("Choose an app", 150))
            {
                ActionId = SlackActions.InputAction,
                Options = [.. apps.Take(SelectOptions).Select(a => new OptionObject(Plain(a.Name, OptionText), Limit(a.Id, OptionValue)))],
            }) { BlockId = Blocks.App, Optional = true });

            var groups = new List<OptionGroup>();
            var budget = SelectOptions;
            foreach (var app in apps)
            {
                if (budget <= 0) break;
                var options = app.Entitlements.Where(e => e.Id.Length <= OptionValue).Take(budget)
                    .Select(e => new OptionObject(Plain(e.Name, OptionText), e.Id)).ToList();
                if (options.Count == 0) continue;
                budget -= options.Count;
                groups.Add(new OptionGroup(Plain(app.Name, OptionText), options));
            }
            blocks.Add(new InputBlock(Plain("Access", InputLabel), new StaticSelectElement(Plain("Choose the access", 150))
            {
                ActionId = SlackActions.InputAction,
                OptionGroups = groups,
            }) { BlockId = Blocks.Entitlement, Optional = true });
        }
        blocks.Add(new InputBlock(Plain("Scope", InputLabel), new PlainTextInputElement
        {
            ActionId = SlackActions.InputAction,
            MaxLength = 200,
            Placeholder = Plain("e.g. a project, an environment, a repository", 150),
        }) { BlockId = Blocks.Scope, Optional = true });
        blocks.Add(new InputBlock(Plain("For how long?", InputLabel), new StaticSelectElement(Plain("Choose a duration", 150))
        {
            ActionId = SlackActions.InputAction,
            Options = [.. DurationChoices.Select(d => new OptionObject(Plain(d.Label, OptionText), d.Value))],
        }) { BlockId = Blocks.Duration, Optional = true });
        blocks.Add(new InputBlock(Plain("Why do you need it?", InputLabel), new PlainTextInputElement
        {
            ActionId = SlackActions.InputAction,
            Multiline = true,
            MaxLength = 2000,
        }) { BlockId = Blocks.Justification, Optional = true });

        return new SlackView("modal", blocks)
        {
            CallbackId = SlackActions.RequestModal,
            Title = Plain("Request access", ModalTitle),
            Submit = Plain("Continue", ModalTitle),
            Close = Plain("Cancel", ModalTitle),
        };
    }

    /// <summary>A modal that asks for a reason (denying an approval, refusing a manual task).</summary>
    public static SlackView ReasonModal(string callbackId, string title, string prompt, string submit, string privateMetadata) =>
        new("modal",
        [
            new InputBlock(Plain(prompt, InputLabel), new PlainTextInputElement
            {
                ActionId = SlackActions.InputAction,
                Multiline = true,
                MaxLength = 1000,
            }) { BlockId = Blocks.Reason },
        ])
        {
            CallbackId = callbackId,
            Title = Plain(title, ModalTitle),
            Submit = Plain(submit, ModalTitle),
            Close = Plain("Cancel", ModalTitle),
            PrivateMetadata = Limit(privateMetadata, PrivateMetadata),
        };

    /// <summary>"3 days 4 hours", "2 hours", "less than a minute".</summary>
    public static string TimeLeft(TimeSpan left)
    {
        if (left <= TimeSpan.Zero) return "no time";
        if (left.TotalDays >= 1)
            return left.Hours > 0 ? $"{Plural(left.Days, "day")} {Plural(left.Hours, "hour")}" : Plural(left.Days, "day");
        if (left.TotalHours >= 1)
            return left.Minutes > 0 ? $"{Plural(left.Hours, "hour")} {Plural(left.Minutes, "minute")}" : Plural(left.Hours, "hour");
        return left.TotalMinutes >= 1 ? Plural(left.Minutes, "minute") : "less than a minute";
    }

    private static string Plural(int n, string unit) => n == 1 ? $"1 {unit}" : $"{n} {unit}s";

    private static string StatusWords(Core.Requests.RequestStatus status) => status switch
    {
        Core.Requests.RequestStatus.Draft => "Draft",
        Core.Requests.RequestStatus.Submitted => "Submitted",
        Core.Requests.RequestStatus.PendingApproval => "Waiting for approval",
        Core.Requests.RequestStatus.Approved => "Approved, being set up",
        Core.Requests.RequestStatus.Provisioning => "Being set up",
        _ => status.ToString(),
    };

    private static void More(List<Block> blocks, int total, int shown)
    {
        if (total > shown) blocks.Add(new ContextBlock([Mrkdwn($"…and {total - shown} more.")]));
    }

    internal static string DurationWords(string value) =>
        value == "permanent" ? "permanently" : Durations.TryParseIso(value, out var d) ? $"for {Durations.Describe(d)}" : "";
}
