using System.Collections.Concurrent;
using IgaBot.Core.People;
using Microsoft.Extensions.Logging;

namespace IgaBot.Core.Approvals;

/// <summary>
/// An <see cref="INotifier"/> that keeps what it was asked to deliver and logs it: the stand-in while no
/// channel is configured, and the observable notifier of tests. People listed in <see cref="Unreachable"/>
/// cannot be reached (the calls for them return false), as a blocked bot or an unknown user would.
/// Keeps the last <see cref="Capacity"/> items of each kind, so a long run without a channel does not grow without end.
/// </summary>
public sealed partial class RecordingNotifier(ILogger<RecordingNotifier> logger) : INotifier
{
    private readonly ConcurrentQueue<(string Approver, ApprovalView View)> _approvals = new();
    private readonly ConcurrentQueue<(string Approver, ApprovalView View)> _reminders = new();
    private readonly ConcurrentQueue<ApprovalView> _updates = new();
    private readonly ConcurrentQueue<LifecycleNotice> _notices = new();
    private readonly ConcurrentQueue<ManualTaskView> _tasks = new();
    private readonly ConcurrentQueue<MoverReviewView> _reviews = new();
    private readonly ConcurrentQueue<JoinerWelcomeView> _welcomes = new();

    public const int Capacity = 10_000;

    private static void Keep<T>(ConcurrentQueue<T> queue, T item)
    {
        queue.Enqueue(item);
        while (queue.Count > Capacity) queue.TryDequeue(out _);
    }

    /// <summary>Emails for which every delivery fails (case-insensitive).</summary>
    public ConcurrentDictionary<string, bool> Unreachable { get; } = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<(string Approver, ApprovalView View)> Approvals => [.. _approvals];
    public IReadOnlyList<(string Approver, ApprovalView View)> Reminders => [.. _reminders];
    public IReadOnlyList<ApprovalView> Updates => [.. _updates];
    public IReadOnlyList<LifecycleNotice> Notices => [.. _notices];
    public IReadOnlyList<ManualTaskView> Tasks => [.. _tasks];
    /// <summary>Mover review cards sent and their updates, in order.</summary>
    public IReadOnlyList<MoverReviewView> Reviews => [.. _reviews];
    public IReadOnlyList<JoinerWelcomeView> Welcomes => [.. _welcomes];

    public void MakeUnreachable(string email) => Unreachable[email] = true;

    public void Clear()
    {
        _approvals.Clear();
        _reminders.Clear();
        _updates.Clear();
        _notices.Clear();
        _tasks.Clear();
        _reviews.Clear();
        _welcomes.Clear();
    }

    public Task<bool> SendApprovalAsync(string approverEmail, ApprovalView view, CancellationToken ct)
    {
        if (Unreachable.ContainsKey(approverEmail))
        {
            LogUnreachable(approverEmail, "approval card");
            return Task.FromResult(false);
        }
        Keep(_approvals, (approverEmail, view));
        LogApproval(approverEmail, view.RequestId, view.StageOrder, view.EntitlementName, view.BeneficiaryEmail);
        return Task.FromResult(true);
    }

    public Task<bool> RemindApprovalAsync(string approverEmail, ApprovalView view, CancellationToken ct)
    {
        if (Unreachable.ContainsKey(approverEmail))
        {
            LogUnreachable(approverEmail, "approval reminder");
            return Task.FromResult(false);
        }
        Keep(_reminders, (approverEmail, view));
        LogReminder(approverEmail, view.RequestId, view.StageOrder);
        return Task.FromResult(true);
    }

    public Task UpdateApprovalAsync(ApprovalView view, CancellationToken ct)
    {
        Keep(_updates, view);
        LogUpdate(view.RequestId, view.StageOrder, view.Decision?.Kind.ToString() ?? "undecided");
        return Task.CompletedTask;
    }

    public Task<bool> NotifyAsync(LifecycleNotice notice, CancellationToken ct)
    {
        if (Unreachable.ContainsKey(notice.RecipientEmail))
        {
            LogUnreachable(notice.RecipientEmail, notice.Kind.ToString());
            return Task.FromResult(false);
        }
        Keep(_notices, notice);
        LogNotice(notice.Kind, notice.RecipientEmail, notice.Text);
        return Task.FromResult(true);
    }

    public Task<bool> SendManualTaskAsync(ManualTaskView task, CancellationToken ct)
    {
        if (Unreachable.ContainsKey(task.OwnerEmail))
        {
            LogUnreachable(task.OwnerEmail, "manual task");
            return Task.FromResult(false);
        }
        Keep(_tasks, task);
        LogTask(task.OwnerEmail, task.TaskId, task.Text, task.Resolution ?? "open");
        return Task.FromResult(true);
    }

    public Task<bool> SendMoverReviewAsync(MoverReviewView review, CancellationToken ct)
    {
        if (Unreachable.ContainsKey(review.ReviewerEmail))
        {
            LogUnreachable(review.ReviewerEmail, "mover review");
            return Task.FromResult(false);
        }
        Keep(_reviews, review);
        LogReview(review.ReviewerEmail, review.ReviewId, review.PersonEmail, review.Items.Count);
        return Task.FromResult(true);
    }

    public Task<bool> SendJoinerWelcomeAsync(JoinerWelcomeView welcome, CancellationToken ct)
    {
        if (Unreachable.ContainsKey(welcome.RecipientEmail))
        {
            LogUnreachable(welcome.RecipientEmail, "welcome");
            return Task.FromResult(false);
        }
        Keep(_welcomes, welcome);
        LogWelcome(welcome.RecipientEmail, welcome.Suggestions.Count);
        return Task.FromResult(true);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Mover review for {Reviewer} ({ReviewId}): {Person}, {Items} grants")]
    private partial void LogReview(string reviewer, Guid reviewId, string person, int items);

    [LoggerMessage(Level = LogLevel.Information, Message = "Welcome for {Recipient} with {Suggestions} suggestions")]
    private partial void LogWelcome(string recipient, int suggestions);

    [LoggerMessage(Level = LogLevel.Information, Message = "Approval card for {Approver}: request {RequestId} stage {Stage}, {Entitlement} for {Beneficiary}")]
    private partial void LogApproval(string approver, Guid requestId, int stage, string entitlement, string beneficiary);

    [LoggerMessage(Level = LogLevel.Information, Message = "Approval reminder for {Approver}: request {RequestId} stage {Stage}")]
    private partial void LogReminder(string approver, Guid requestId, int stage);

    [LoggerMessage(Level = LogLevel.Information, Message = "Approval cards of request {RequestId} stage {Stage} now show: {Decision}")]
    private partial void LogUpdate(Guid requestId, int stage, string decision);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notice {Kind} to {Recipient}: {Text}")]
    private partial void LogNotice(LifecycleKind kind, string recipient, string text);

    [LoggerMessage(Level = LogLevel.Information, Message = "Manual task for {Owner} ({TaskId}): {Text} [{Resolution}]")]
    private partial void LogTask(string owner, Guid taskId, string text, string resolution);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Recipient} cannot be reached for a {What}")]
    private partial void LogUnreachable(string recipient, string what);
}
