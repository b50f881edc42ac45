using IgaBot.Core.People;
using Microsoft.Extensions.Logging;

namespace IgaBot.Adapters.Slack;

/// <summary>Publishes a person's App Home tab: on opening it and after anything that changed what it shows.</summary>
public sealed partial class SlackHome(
    SlackPeople people,
    SlackApiClient api,
    IAppHomeData data,
    TimeProvider time,
    ILogger<SlackHome> logger)
{
    /// <summary>Publishes the tab for a Slack user. Failures are logged, never thrown: the tab is a view, not the record.</summary>
    public async Task PublishAsync(string slackUserId, Person? person, CancellationToken ct)
    {
        try
        {
            person ??= await people.FindPersonAsync(slackUserId, ct);
            var view = person is null
                ? SlackViews.UnknownPersonHome()
                : SlackViews.Home(person, await data.GetAsync(person.Email, ct), time.GetUtcNow());
            await api.PublishHomeAsync(slackUserId, view, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogNotPublished(logger, e, slackUserId);
        }
    }

    public async Task PublishForEmailAsync(string email, CancellationToken ct)
    {
        try
        {
            var userId = await people.FindSlackUserIdAsync(email, ct);
            if (userId is not null) await PublishAsync(userId, null, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogNotPublished(logger, e, email);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "App Home for {Who} was not published")]
    private static partial void LogNotPublished(ILogger logger, Exception e, string who);
}
