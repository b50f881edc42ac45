using IgaBot.Core;

namespace IgaBot.Adapters.Slack;

/// <summary>Settings section <c>Slack</c>. The channel is on when <see cref="SigningSecret"/> (HTTP) or <see cref="AppToken"/> (Socket Mode) is set.</summary>
public sealed class SlackOptions : ISelfValidatingOptions
{
    public const string Section = "Slack";

    /// <summary>Verifies that HTTP requests come from Slack (Basic Information → Signing Secret).</summary>
    public string SigningSecret { get; set; } = "";

    /// <summary>The bot token (<c>xoxb-…</c>) for Web API calls.</summary>
    public string BotToken { get; set; } = "";

    /// <summary>An app-level token (<c>xapp-…</c>, scope <c>connections:write</c>); when set the app also listens over Socket Mode.</summary>
    public string AppToken { get; set; } = "";

    public string ApiBaseUrl { get; set; } = "https://slack.com/api/";

    /// <summary>The bot's own user id (U…), to ignore its own messages; learned from events when empty.</summary>
    public string BotUserId { get; set; } = "";

    /// <summary>How far a request timestamp may be from now.</summary>
    public int SignatureWindowSeconds { get; set; } = 300;

    /// <summary>How long a Slack user → email lookup is trusted.</summary>
    public int IdentityCacheMinutes { get; set; } = 60;

    /// <summary>How many people's inbox items are worked on at once (one person's items always in order).</summary>
    public int InboxConcurrency { get; set; } = 4;

    /// <summary>Attempts before an inbox item is given up (the person is told).</summary>
    public int InboxMaxAttempts { get; set; } = 3;

    /// <summary>
    /// How long a worker's claim on an inbox item holds without being renewed (it renews every third of it while
    /// working): after a crash, another instance takes the item once this has passed.
    /// </summary>
    public int InboxClaimLeaseSeconds { get; set; } = 60;

    /// <summary>Whether the settings switch the Slack channel on (HTTP endpoints or Socket Mode).</summary>
    public static bool IsConfigured(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[$"{Section}:SigningSecret"]) || !string.IsNullOrWhiteSpace(configuration[$"{Section}:AppToken"]);

    public bool HttpEnabled => !string.IsNullOrWhiteSpace(SigningSecret);
    public bool SocketModeEnabled => !string.IsNullOrWhiteSpace(AppToken);

    /// <summary>Every problem of these settings, each naming its setting; empty when they can be used.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(BotToken)) problems.Add($"{Section}:BotToken is required.");
        if (string.IsNullOrWhiteSpace(ApiBaseUrl)) problems.Add($"{Section}:ApiBaseUrl is required.");
        Between(nameof(SignatureWindowSeconds), SignatureWindowSeconds, 1, 3600);
        Between(nameof(IdentityCacheMinutes), IdentityCacheMinutes, 0, 1440);
        Between(nameof(InboxConcurrency), InboxConcurrency, 1, 64);
        Between(nameof(InboxMaxAttempts), InboxMaxAttempts, 1, 20);
        Between(nameof(InboxClaimLeaseSeconds), InboxClaimLeaseSeconds, 10, 3600);
        if (!Uri.TryCreate(ApiBaseUrl, UriKind.Absolute, out _)) problems.Add($"{Section}:ApiBaseUrl must be an absolute URL.");
        if (!HttpEnabled && !SocketModeEnabled) problems.Add($"{Section} needs {Section}:SigningSecret (HTTP) or {Section}:AppToken (Socket Mode).");
        return problems;

        void Between(string setting, int value, int min, int max)
        {
            if (value < min || value > max) problems.Add($"{Section}:{setting} must be between {min} and {max}.");
        }
    }
}
