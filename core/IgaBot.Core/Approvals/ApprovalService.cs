using IgaBot.Core.Budgets;
using IgaBot.Core.Provisioning;

namespace IgaBot.Core.Approvals;

/// <summary>
/// The <see cref="IApprovalService"/> channels call: decisions on stages, answers to manual tasks, approval cards
/// shown on request. Each of these is a click of the person's, taken from their card-click budget first
/// (<see cref="SlowDownException"/> when it is spent: nothing is decided, read or audited beyond the budget's own note).
/// </summary>
public sealed class ApprovalService(ApprovalWorkflow workflow, ManualTaskDesk desk, ITurnBudget? budget = null) : IApprovalService
{
    private readonly ITurnBudget _budget = budget ?? UnlimitedTurnBudget.Instance;

    public async Task<ApprovalResult> DecideAsync(ApprovalCommand command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        await _budget.EnsureAsync(BudgetKind.CardClick, command.ActorEmail, ct);
        return await workflow.DecideAsync(command, ct);
    }

    public Task<ApprovalView?> GetViewAsync(Guid requestId, int stageOrder, CancellationToken ct) => workflow.GetViewAsync(requestId, stageOrder, ct);

    public async Task<ApprovalView?> GetViewForAsync(Guid requestId, int stageOrder, string viewerEmail, CancellationToken ct)
    {
        await _budget.EnsureAsync(BudgetKind.CardClick, viewerEmail, ct);
        var view = await workflow.GetViewAsync(requestId, stageOrder, ct);
        if (view is not null && !view.MaySee(viewerEmail)) throw new ForbiddenException(ApprovalViews.NotYours);
        return view;
    }

    public async Task<ManualTaskView> CompleteManualTaskAsync(Guid taskId, string actorEmail, bool done, string? reason, CancellationToken ct)
    {
        await _budget.EnsureAsync(BudgetKind.CardClick, actorEmail, ct);
        return await desk.CompleteAsync(taskId, actorEmail, done, reason, ct);
    }
}
