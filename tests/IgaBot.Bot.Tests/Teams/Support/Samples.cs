using IgaBot.Core.Approvals;
using IgaBot.Core.Conversation;
using IgaBot.Core.Policy;

namespace IgaBot.Bot.Tests.Teams.Support;

/// <summary>Views and replies as the services would produce them, for cards and turns.</summary>
internal static class Samples
{
    public static readonly DateTimeOffset Now = new(2025, 5, 5, 9, 0, 0, TimeSpan.Zero);

    public static TurnReply DurationQuestion() => new(
        "Read-only access to prod AWS needs an end date.",
        new Question(Slot.Duration, "For how long do you need it?",
        [
            new QuestionOption("P1D", "1 day", "the default"),
            new QuestionOption("P3D", "3 days"),
            new QuestionOption("P7D", "1 week"),
        ]));

    public static TurnReply ScopeQuestionWithManyOptions() => new(
        "GitHub write access is per team.",
        new Question(Slot.Scope, "Which team?",
            new[] { "platform", "payments", "mobile", "web", "data", "infra", "security" }.Select(t => new QuestionOption(t, t)).ToList()));

    public static TurnReply JustificationQuestion() => new("", new Question(Slot.Justification, "Why do you need it?", []));

    public static TurnReply OutcomeOf(OutcomeKind kind) => new(
        kind switch
        {
            OutcomeKind.Submitted => "I sent your request to Nina Petrova.",
            OutcomeKind.AutoApproved => "Approved: most Software Engineers have it.",
            OutcomeKind.Denied => "I can't request this for you.",
            OutcomeKind.AlreadyHasAccess => "You already have it.",
            _ => "Done.",
        },
        Outcome: new Outcome
        {
            Kind = kind,
            EntitlementId = "aws-prod-readonly",
            EntitlementName = "AWS prod (read-only)",
            AppName = "AWS",
            Duration = kind is OutcomeKind.AlreadyHasAccess ? null : TimeSpan.FromDays(1),
            RequestId = Guid.Parse("6f1c2d3e-0000-4000-8000-000000000001"),
            Reason = kind == OutcomeKind.Denied ? "AWS prod conflicts with aws-prod-admin, which you hold." : "Policy decided.",
            Trace = ["Eligibility: Engineering may hold it.", "Duration: 1 day is within the 7 day maximum.", "Approval: manager (Nina Petrova)."],
            NextApprovers = kind == OutcomeKind.Submitted ? ["nina.petrova@contoso.com"] : [],
            HeldUntil = kind == OutcomeKind.AlreadyHasAccess ? Now.AddDays(3) : null,
            Beneficiary = "tom.baker@contoso.com",
        });

    public static ApprovalView PendingApproval(Guid? requestId = null) => new()
    {
        RequestId = requestId ?? Guid.Parse("6f1c2d3e-0000-4000-8000-000000000001"),
        StageOrder = 1,
        RequesterEmail = TestPeople.Tom.Email,
        RequesterName = TestPeople.Tom.Name,
        BeneficiaryEmail = TestPeople.Tom.Email,
        BeneficiaryName = TestPeople.Tom.Name,
        BeneficiaryTitle = TestPeople.Tom.Title,
        EntitlementId = "aws-prod-readonly",
        EntitlementName = "AWS prod (read-only)",
        AppName = "AWS",
        Duration = TimeSpan.FromDays(3),
        Until = Now.AddDays(3),
        Risk = "high",
        Justification = "Investigate failing payment jobs",
        PeersHolding = ["Lucy Evans"],
        PeerCount = 3,
        Trace = ["Eligibility: Engineering may hold it.", "Peers: 1 of 3 Software Engineers hold it, below the 60% needed.", "Approval: manager (Nina Petrova)."],
        Approvers = [TestPeople.Nina.Email, TestPeople.Raj.Email],
        ShorterOptions = [TimeSpan.FromDays(1), TimeSpan.FromHours(4)],
    };

    public static ApprovalView Decided(ApprovalView view, DecisionKind kind, string? reason = null) => view with
    {
        Decision = new ApprovalDecisionView(kind, TestPeople.Nina.Email, TestPeople.Nina.Name, Now.AddHours(1), reason,
            kind == DecisionKind.ApprovedShorter ? TimeSpan.FromDays(1) : null),
    };

    public static LifecycleNotice Notice(LifecycleKind kind) => new()
    {
        Kind = kind,
        RecipientEmail = TestPeople.Tom.Email,
        EntitlementName = "AWS prod (read-only)",
        AppName = "AWS",
        RequestId = Guid.Parse("6f1c2d3e-0000-4000-8000-000000000001"),
        GrantId = Guid.Parse("6f1c2d3e-0000-4000-8000-0000000000aa"),
        ExpiresAt = Now.AddDays(3),
        Text = kind switch
        {
            LifecycleKind.Denied => "Nina Petrova denied your request: not needed for your role.",
            LifecycleKind.Expiring => "Your access to AWS prod (read-only) ends in 1 day.",
            _ => $"Your request is now {kind}.",
        },
    };

    public static ManualTaskView ManualTask(string? resolution = null) => new()
    {
        TaskId = Guid.Parse("6f1c2d3e-0000-4000-8000-0000000000bb"),
        OwnerEmail = TestPeople.Raj.Email,
        AppName = "NetSuite",
        EntitlementName = "AP clerk",
        PersonEmail = TestPeople.Tom.Email,
        PersonName = TestPeople.Tom.Name,
        Operation = "grant",
        Text = "NetSuite is not connected to the identity provider: please add Tom Baker to the AP clerk role.",
        Resolution = resolution,
    };

    public static Core.People.MoverReviewView MoverReview(bool answered = false, bool open = true) => new()
    {
        ReviewId = Guid.Parse("6f1c2d3e-0000-4000-8000-0000000000cc"),
        ReviewerEmail = TestPeople.Nina.Email,
        PersonEmail = TestPeople.Tom.Email,
        PersonName = TestPeople.Tom.Name,
        PersonTitle = "Account Executive",
        ChangeText = "department Engineering → Sales; manager Olivia Brown → Nina Petrova",
        DueAt = new DateTimeOffset(2025, 3, 17, 8, 0, 0, TimeSpan.Zero),
        Open = open,
        Items =
        [
            new()
            {
                GrantId = Guid.Parse("6f1c2d3e-0000-4000-8000-0000000000d1"), EntitlementName = "Prod read-only", AppName = "AWS",
                Why = "Eligibility: Prod read-only is limited to Engineering; Tom Baker is in Sales, so the request is denied.",
                Ineligible = true, KeepUntil = new DateTimeOffset(2025, 6, 1, 8, 0, 0, TimeSpan.Zero),
                Outcome = answered ? "revoked by Nina Petrova" : null,
            },
            new()
            {
                GrantId = Guid.Parse("6f1c2d3e-0000-4000-8000-0000000000d2"), EntitlementName = "Write", AppName = "GitHub", Scope = "payments",
                Why = "Approved by Olivia Brown, Tom Baker's previous manager.", Ineligible = false,
                KeepUntil = new DateTimeOffset(2025, 6, 1, 8, 0, 0, TimeSpan.Zero),
            },
        ],
    };

    public static Core.People.JoinerWelcomeView Welcome(int suggestions = 2) => new()
    {
        RecipientEmail = TestPeople.Tom.Email,
        PersonName = TestPeople.Tom.Name,
        Title = "Software Engineer",
        Suggestions = [.. new[]
        {
            new Core.People.JoinerSuggestion { EntitlementId = "github-read", EntitlementName = "Read", AppName = "GitHub", Holders = 3, Peers = 3, RequestText = "I need Read" },
            new Core.People.JoinerSuggestion { EntitlementId = "jira-user", EntitlementName = "User", AppName = "Jira", Holders = 2, Peers = 3, RequestText = "I need User" },
        }.Take(suggestions)],
    };
}
