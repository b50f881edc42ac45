using IgaBot.Core.Approvals;
using IgaBot.Core.People;

namespace IgaBot.Bot.Hosting;

/// <summary>
/// The <see cref="INotifier"/> the workflow talks to: it tries each configured channel in order
/// (Teams, Slack, playground) and stops at the first that reaches the person, so an approver gets
/// one card, in the channel where they can be reached. Updates go to every channel, because each
/// only updates the copies it sent.
/// </summary>
internal sealed class ChannelNotifier(IEnumerable<ChannelNotifierEntry> channels, ILogger<ChannelNotifier> logger) : INotifier
{
    private readonly IReadOnlyList<ChannelNotifierEntry> _channels = [.. channels];

    public Task<bool> SendApprovalAsync(string approverEmail, ApprovalView view, CancellationToken ct) =>
        FirstAsync(approverEmail, n => n.SendApprovalAsync(approverEmail, view, ct));

    public Task<bool> RemindApprovalAsync(string approverEmail, ApprovalView view, CancellationToken ct) =>
        FirstAsync(approverEmail, n => n.RemindApprovalAsync(approverEmail, view, ct));

    public async Task UpdateApprovalAsync(ApprovalView view, CancellationToken ct)
    {
        foreach (var channel in _channels)
            await channel.Notifier.UpdateApprovalAsync(view, ct);
    }

    public Task<bool> NotifyAsync(LifecycleNotice notice, CancellationToken ct) =>
        FirstAsync(notice.RecipientEmail, n => n.NotifyAsync(notice, ct));

    public Task<bool> SendManualTaskAsync(ManualTaskView task, CancellationToken ct) =>
        FirstAsync(task.OwnerEmail, n => n.SendManualTaskAsync(task, ct));

    public Task<bool> SendMoverReviewAsync(MoverReviewView review, CancellationToken ct) =>
        FirstAsync(review.ReviewerEmail, n => n.SendMoverReviewAsync(review, ct));

    public Task<bool> SendJoinerWelcomeAsync(JoinerWelcomeView welcome, CancellationToken ct) =>
        FirstAsync(welcome.RecipientEmail, n => n.SendJoinerWelcomeAsync(welcome, ct));

    private async Task<bool> FirstAsync(string person, Func<INotifier, Task<bool>> send)
    {
        foreach (var channel in _channels)
        {
            if (await send(channel.Notifier)) return true;
        }
        logger.LogWarning("No channel reached {Person}", person);
        return false;
    }
}

/// <summary>One channel's notifier; channels are tried in the order they are registered.</summary>
internal sealed record ChannelNotifierEntry(string Name, INotifier Notifier);
