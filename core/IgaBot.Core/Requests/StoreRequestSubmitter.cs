using IgaBot.Core.Agent;
using IgaBot.Core.Audit;
using IgaBot.Core.Policy;
using IgaBot.Core.Storage;
using Microsoft.Extensions.Logging;

namespace IgaBot.Core.Requests;

/// <summary>
/// The default <see cref="IRequestSubmitter"/>: in one store transaction it reads the current access,
/// runs the policy engine, refuses a duplicate of an open request, and stores the request (Approved or
/// PendingApproval with its stages, the first one Pending) with its audit row. After the commit the
/// request goes to every registered <see cref="IRequestWorkflow"/>.
/// </summary>
public sealed partial class StoreRequestSubmitter(
    IIgaStore store,
    ITenantAccessor tenant,
    IEnumerable<IRequestWorkflow> workflows,
    ILogger<StoreRequestSubmitter> log) : IRequestSubmitter
{
    public async Task<SubmitResult> SubmitAsync(SubmitCommand command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        var result = await store.RunAsync(s => SubmitInAsync(s, command), ct);
        if (result.Request is { } request)
        {
            LogSubmitted(log, request.Id, request.EntitlementId, request.Beneficiary, request.Status);
            foreach (var workflow in workflows)
            {
                try
                {
                    await workflow.StartAsync(request, result.Stages, ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The request is stored; the workflow's own sweep picks up requests it never started.
                    LogWorkflowFailed(log, ex, request.Id, workflow.GetType().Name);
                }
            }
        }
        return result;
    }

    private async Task<SubmitResult> SubmitInAsync(IStoreSession s, SubmitCommand command)
    {
        var snapshot = await StoreAccess.SnapshotForAsync(s, command.Beneficiary, tenant.Current.Directory);
        var decision = PolicyEngine.Evaluate(
            new PolicyRequest(command.Requester, command.Beneficiary, command.Entitlement, command.Scope, command.Duration, command.Justification),
            tenant.Current, snapshot, s.Now);
        if (decision.Outcome is not (PolicyOutcome.AutoApproved or PolicyOutcome.NeedsApproval))
            return new SubmitResult { Decision = decision, Refusal = decision.Summary };

        var scope = decision.Scope ?? command.Scope;
        var open = await s.Requests.ListOpenForBeneficiaryAsync(command.Beneficiary.Email);
        var duplicate = open.FirstOrDefault(r => r.ExtendsGrantId is null
            && string.Equals(r.EntitlementId, command.Entitlement.Id, StringComparison.OrdinalIgnoreCase)
            && string.Equals(r.Scope, scope, StringComparison.OrdinalIgnoreCase));
        if (duplicate is not null)
            return new SubmitResult
            {
                Decision = decision,
                Duplicate = duplicate,
                Refusal = $"There is already an open request for {command.Entitlement.Name}{(scope is null ? "" : $" for {scope}")} " +
                    $"({duplicate.Status}, since {AgentText.When(duplicate.CreatedAt)}); nothing new was submitted.",
            };

        var auto = decision.Outcome == PolicyOutcome.AutoApproved;
        var request = new AccessRequest
        {
            Id = Guid.NewGuid(),
            Requester = command.Requester.Email,
            Beneficiary = command.Beneficiary.Email,
            EntitlementId = command.Entitlement.Id,
            Scope = scope,
            Duration = decision.Duration,
            Justification = command.Justification,
            Status = auto ? RequestStatus.Approved : RequestStatus.PendingApproval,
            CreatedAt = s.Now,
            UpdatedAt = s.Now,
            Trace = string.Join("\n", decision.Trace),
        };
        var stages = decision.Stages.Select(plan => new ApprovalStage
        {
            RequestId = request.Id,
            Order = plan.Order,
            Step = string.Join("+", plan.Steps.Select(step => step.ToString())),
            Approvers = plan.Approvers,
            Status = plan.Order == 1 ? StageStatus.Pending : StageStatus.Waiting,
            ActivatedAt = plan.Order == 1 ? s.Now : null,
        }).ToList();
        var what = scope is null ? command.Entitlement.Id : $"{command.Entitlement.Id}:{scope}";
        var length = decision.Duration is { } d ? Durations.ToIso(d) : "permanent";
        await s.Requests.CreateAsync(request, stages, new AuditEntry(command.Requester.Email,
            auto ? "request.auto_approved" : "request.submitted", LifecycleSubjects.Request(request.Id),
            $"{what} for {command.Beneficiary.Email}, {length}: {decision.Summary}"));
        return new SubmitResult { Decision = decision, Request = request, Stages = stages };
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {RequestId} is stored but {Workflow} could not start it; its sweep will retry")]
    private static partial void LogWorkflowFailed(ILogger logger, Exception exception, Guid requestId, string workflow);

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {RequestId} for {EntitlementId} (beneficiary {Beneficiary}) stored as {Status}")]
    private static partial void LogSubmitted(ILogger logger, Guid requestId, string entitlementId, string beneficiary, RequestStatus status);
}
