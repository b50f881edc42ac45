using IgaBot.Core.Grants;
using IgaBot.Core.Requests;

namespace IgaBot.Core.Analytics;

/// <summary>
/// The period an analytics report covers: requests created in [<see cref="From"/>, <see cref="To"/>), and grants whose
/// end (<c>expires_at</c>) falls in it; only one app's when <see cref="AppId"/> is set.
/// </summary>
public sealed record AnalyticsPeriod(DateTimeOffset From, DateTimeOffset To, string? AppId = null);

/// <summary>A request of the period, with the app of its entitlement.</summary>
public sealed record RequestFact(Guid Id, string AppId, string AppName, DateTimeOffset CreatedAt, RequestStatus Status);

/// <summary>An approval stage of a request of the period (its approvers as they are now: the escalated list after an escalation).</summary>
public sealed record StageFact(
    Guid RequestId,
    int Order,
    StageStatus Status,
    IReadOnlyList<string> Approvers,
    DateTimeOffset? ActivatedAt,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    bool Escalated);

/// <summary>The first delivery of a stage's card to one approver; <see cref="Escalated"/> when it went out after the escalation.</summary>
public sealed record DeliveryFact(Guid RequestId, int Order, string Approver, DateTimeOffset DeliveredAt, bool Escalated);

/// <summary>A temporary grant whose end falls in the period, and when (if yet) it was actually removed at the target.</summary>
public sealed record GrantEndFact(Guid GrantId, string AppId, string AppName, string Person, DateTimeOffset ExpiresAt, GrantStatus Status, DateTimeOffset? EndedAt);

/// <summary>Everything the analytics of one period are computed from, read in one consistent snapshot.</summary>
public sealed record ApprovalHistory(
    IReadOnlyList<RequestFact> Requests,
    IReadOnlyList<StageFact> Stages,
    IReadOnlyList<DeliveryFact> Deliveries,
    IReadOnlyList<GrantEndFact> GrantEnds,
    IReadOnlyDictionary<string, string> PeopleNames);

/// <summary>Reads the approval history of a period from the store (requests, stages, deliveries, grants, people).</summary>
public interface IApprovalHistoryReader
{
    /// <summary>The history of <paramref name="period"/>; emails in lower case.</summary>
    Task<ApprovalHistory> ReadAsync(AnalyticsPeriod period, CancellationToken ct);
}
