using IgaBot.Core.Approvals;
using IgaBot.Core.Grants;
using IgaBot.Core.Requests;

namespace IgaBot.Adapters.Slack;

/// <summary>What a person's App Home shows. Implemented over storage by the host.</summary>
public interface IAppHomeData
{
    Task<AppHomeModel> GetAsync(string personEmail, CancellationToken ct);
}

public sealed record AppHomeModel(
    IReadOnlyList<HeldAccess> Access,
    IReadOnlyList<OpenRequest> OpenRequests,
    IReadOnlyList<ApprovalView> ApprovalsWaiting)
{
    public static AppHomeModel Empty { get; } = new([], [], []);
}

/// <summary>A grant the person holds. <see cref="ExpiresAt"/> null = permanent.</summary>
public sealed record HeldAccess(Guid GrantId, string EntitlementName, string AppName, string? Scope, DateTimeOffset? ExpiresAt, GrantStatus Status);

/// <summary>A request of the person (as requester or beneficiary) that is not finished.</summary>
public sealed record OpenRequest(Guid RequestId, string EntitlementName, string AppName, string? Scope, RequestStatus Status, DateTimeOffset CreatedAt, string? WaitingOn = null);
