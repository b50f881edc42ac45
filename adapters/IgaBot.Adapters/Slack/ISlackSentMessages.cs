using IgaBot.Core.People;

namespace IgaBot.Adapters.Slack;

/// <summary>A message the bot sent that may have to be updated later (an approval, a manual task).</summary>
/// <param name="Subject">What it shows: <c>approval:{requestId}:{stage}</c> or <c>task:{taskId}</c>.</param>
public sealed record SlackSentMessage(string Subject, string RecipientEmail, string Channel, string Ts, DateTimeOffset SentAt);

/// <summary>Where the bot's updatable messages are (channel + ts), so a decision can update every copy in place.</summary>
public interface ISlackSentMessages
{
    Task AddAsync(SlackSentMessage message, CancellationToken ct);

    Task<IReadOnlyList<SlackSentMessage>> FindAsync(string subject, CancellationToken ct);
}

public sealed class InMemorySlackSentMessages : ISlackSentMessages
{
    private readonly Lock _gate = new();
    private readonly List<SlackSentMessage> _messages = [];

    public Task AddAsync(SlackSentMessage message, CancellationToken ct)
    {
        lock (_gate)
        {
            _messages.RemoveAll(m => m.Subject == message.Subject && PersonKey.Same(m.RecipientEmail, message.RecipientEmail));
            _messages.Add(message);
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SlackSentMessage>> FindAsync(string subject, CancellationToken ct)
    {
        lock (_gate) return Task.FromResult<IReadOnlyList<SlackSentMessage>>(_messages.Where(m => m.Subject == subject).ToList());
    }
}
