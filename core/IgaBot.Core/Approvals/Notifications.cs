using IgaBot.Core.Catalog;
using IgaBot.Core.Grants;
using IgaBot.Core.People;
using IgaBot.Core.Requests;

namespace IgaBot.Core.Approvals;

/// <summary>
/// Everything an approval card / message shows, channel-neutral. Teams renders it as an Adaptive Card,
/// Slack as Block Kit, the playground through Web Chat.
/// </summary>
public sealed record ApprovalView
{
    public required Guid RequestId { get; init; }
    public required int StageOrder { get; init; }
    public required string RequesterEmail { get; init; }
    public required string RequesterName { get; init; }
    public required string BeneficiaryEmail { get; init; }
    public required string BeneficiaryName { get; init; }
    public required string BeneficiaryTitle { get; init; }
    public required string EntitlementId { get; init; }
    public required string EntitlementName { get; init; }
    public required string AppName { get; init; }
    public string? Scope { get; init; }
    /// <summary>Null = permanent.</summary>
    public TimeSpan? Duration { get; init; }
    /// <summary>When the access would end if approved now (null = permanent).</summary>
    public DateTimeOffset? Until { get; init; }
    public required string Risk { get; init; }
    public string? Justification { get; init; }
    /// <summary>Peers with the same title who hold it (names).</summary>
    public IReadOnlyList<string> PeersHolding { get; init; } = [];
    public int PeerCount { get; init; }
    public IReadOnlyList<string> Trace { get; init; } = [];
    /// <summary>The approvers of this stage (emails): only they see the buttons.</summary>
    public IReadOnlyList<string> Approvers { get; init; } = [];
    /// <summary>Shorter durations an approver may pick instead (only for temporary requests or when policy allows).</summary>
    public IReadOnlyList<TimeSpan> ShorterOptions { get; init; } = [];
    /// <summary>Null while undecided; otherwise what happened (shown to everybody instead of the buttons).</summary>
    public ApprovalDecisionView? Decision { get; init; }
    /// <summary>
    /// The approvers of every stage of the request (escalations included) and whoever decided one: with the
    /// requester and the beneficiary, the people who may see this card (<see cref="MaySee"/>).
    /// </summary>
    public IReadOnlyList<string> RequestApprovers { get; init; } = [];

    /// <summary>
    /// Whether <paramref name="email"/> may see this card: the requester, the beneficiary and the approvers of the
    /// request. Everyone else is shown only that they cannot see it (<see cref="ApprovalViews.NotYours"/>).
    /// </summary>
    public bool MaySee(string? email)
    {
        if (string.IsNullOrWhiteSpace(email)) return false;
        bool Same(string? other) => PersonKey.Same(other, email);
        return Same(RequesterEmail) || Same(BeneficiaryEmail) || Approvers.Any(Same) || RequestApprovers.Any(Same);
    }
}

public enum DecisionKind { Approved, ApprovedShorter, Denied, Expired, Escalated, Cancelled }

public sealed record ApprovalDecisionView(DecisionKind Kind, string? ByEmail, string? ByName, DateTimeOffset At, string? Reason, TimeSpan? ApprovedDuration);

/// <summary>Messages to the requester/holder about their request or grant.</summary>
public enum LifecycleKind { Submitted, Approved, Denied, Provisioned, ProvisioningFailed, Expiring, Revoked, RequestExpired, Escalated, ApproverUnreachable }

public sealed record LifecycleNotice
{
    public required LifecycleKind Kind { get; init; }
    public required string RecipientEmail { get; init; }
    public required string EntitlementName { get; init; }
    public required string AppName { get; init; }
    public string? Scope { get; init; }
    public Guid? RequestId { get; init; }
    public Guid? GrantId { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    /// <summary>The sentence to show ("Nina Petrova approved ...", "denied: not needed").</summary>
    public required string Text { get; init; }
    /// <summary>For <see cref="LifecycleKind.Expiring"/>: the holder may Extend or Release now.</summary>
    public bool OffersExtendAndRelease => Kind == LifecycleKind.Expiring;
    /// <summary>
    /// Set when the notice is delivered from the outbox: its key, the same on every attempt. A channel that can find its
    /// own messages again marks the message with it, so that a <see cref="Redelivery"/> it already made is not sent twice.
    /// </summary>
    public string? DeliveryKey { get; init; }
    /// <summary>An earlier attempt may have reached the person before it failed or its instance died: look before sending.</summary>
    public bool Redelivery { get; init; }

    /// <summary>The notice of one event on <paramref name="grant"/> to the person who holds it; <paramref name="text"/> gets the entitlement's name.</summary>
    public static LifecycleNotice ToHolder(AccessCatalog catalog, Grant grant, LifecycleKind kind, DateTimeOffset? expiresAt, Func<string, string> text)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(text);
        var entitlement = catalog.FindEntitlement(grant.EntitlementId);
        var app = entitlement is null ? null : catalog.FindApp(entitlement.AppId);
        var name = entitlement?.Name ?? grant.EntitlementId;
        return new LifecycleNotice
        {
            Kind = kind,
            RecipientEmail = grant.Person,
            EntitlementName = name,
            AppName = app?.Name ?? "",
            Scope = grant.Scope,
            GrantId = grant.Id,
            RequestId = grant.RequestId,
            ExpiresAt = expiresAt,
            Text = text(name),
        };
    }

    /// <summary>The notice of one event on <paramref name="request"/> to its requester and to its beneficiary (one notice when they are the same person).</summary>
    public static IEnumerable<LifecycleNotice> ToRequestParties(AccessCatalog catalog, AccessRequest request, LifecycleKind kind, string text,
        Guid? grantId = null, DateTimeOffset? expiresAt = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(request);
        var entitlement = catalog.FindEntitlement(request.EntitlementId);
        var app = entitlement is null ? null : catalog.FindApp(entitlement.AppId);
        return new[] { request.Requester, request.Beneficiary }.Distinct(PersonKey.Comparer).Select(person => new LifecycleNotice
        {
            Kind = kind,
            RecipientEmail = person,
            EntitlementName = entitlement?.Name ?? request.EntitlementId,
            AppName = app?.Name ?? "",
            Scope = request.Scope,
            RequestId = request.Id,
            GrantId = grantId,
            ExpiresAt = expiresAt,
            Text = text,
        });
    }
}

/// <summary>A manual provisioning task for an app owner, answered with Done / Can't do.</summary>
public sealed record ManualTaskView
{
    public required Guid TaskId { get; init; }
    public required string OwnerEmail { get; init; }
    public required string AppName { get; init; }
    public required string EntitlementName { get; init; }
    public string? Scope { get; init; }
    public required string PersonEmail { get; init; }
    public required string PersonName { get; init; }
    /// <summary>"grant" or "revoke".</summary>
    public required string Operation { get; init; }
    public required string Text { get; init; }
    /// <summary>Null while open; "done" or "cannot" with who answered.</summary>
    public string? Resolution { get; init; }
}

/// <summary>
/// Delivers approval cards, lifecycle notices and manual tasks to people through whatever channel
/// reaches them (Teams, Slack, playground). Implementations must not throw for an unreachable person:
/// they return false so the workflow can escalate.
/// </summary>
public interface INotifier
{
    /// <summary>Sends (or updates in place, when already sent) the approval card for one approver.</summary>
    Task<bool> SendApprovalAsync(string approverEmail, ApprovalView view, CancellationToken ct);

    /// <summary>
    /// Reminds an approver who has not answered: brings their card up to date and sends a new, short message
    /// that notifies them (an update in place notifies nobody). The reminder carries no buttons of its own, so
    /// there is still one card to decide on; when the card never reached them, it is sent now instead.
    /// </summary>
    Task<bool> RemindApprovalAsync(string approverEmail, ApprovalView view, CancellationToken ct);

    /// <summary>Updates every sent copy of the request's approval cards to show the decision.</summary>
    Task UpdateApprovalAsync(ApprovalView view, CancellationToken ct);

    Task<bool> NotifyAsync(LifecycleNotice notice, CancellationToken ct);

    Task<bool> SendManualTaskAsync(ManualTaskView task, CancellationToken ct);

    /// <summary>
    /// Sends a mover's review card to the new manager, or updates the copy sent before (after an answer, at the due
    /// date). A channel that has no such card returns false.
    /// </summary>
    Task<bool> SendMoverReviewAsync(MoverReviewView review, CancellationToken ct) => Task.FromResult(false);

    /// <summary>Sends a joiner their welcome with suggested access. A channel that has no such card returns false.</summary>
    Task<bool> SendJoinerWelcomeAsync(JoinerWelcomeView welcome, CancellationToken ct) => Task.FromResult(false);
}
