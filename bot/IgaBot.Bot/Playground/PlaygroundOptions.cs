using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace IgaBot.Bot.Playground;

/// <summary>
/// The playground's settings (<c>Playground:*</c>). The playground is a local tool: it lets whoever opens
/// the page act as anyone of the tenant, so it is on in Development and elsewhere only when asked for.
/// </summary>
public sealed class PlaygroundOptions
{
    public const string Section = "Playground";

    /// <summary>Serve the playground outside Development too.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// The base address at which the bot reaches the playground's local Bot Connector (e.g.
    /// <c>http://127.0.0.1:3978</c>); empty = the server's own first HTTP address, on loopback.
    /// </summary>
    public string? ServiceUrl { get; set; }

    /// <summary>
    /// Greet every person of the tenant at start, as Teams does when the app is installed for them, so the
    /// bot has a conversation with each persona and approval cards can reach anyone.
    /// </summary>
    public bool GreetEveryone { get; set; } = true;

    /// <summary>The tenant id the playground's activities carry (the first of <c>Teams:AllowedTenants</c>, else a fixed one).</summary>
    public string TenantId { get; set; } = DefaultTenantId;

    public const string DefaultTenantId = "00000000-0000-0000-0000-00000000c0de";

    /// <summary>Why the playground is off for these settings, or null when it is on.</summary>
    internal static string? WhyOff(IConfiguration configuration, IHostEnvironment environment)
    {
        var enabled = configuration.GetSection(Section).GetValue<bool>(nameof(Enabled));
        if (!enabled && !environment.IsDevelopment())
            return "the playground is a local tool: it is on in Development, elsewhere only with Playground:Enabled=true";
        if (!string.IsNullOrWhiteSpace(configuration["MicrosoftAppId"]))
            return "MicrosoftAppId is set, so /api/messages demands Bot Framework tokens the local playground cannot issue";
        if (!Teams.TeamsOptions.IsEnabled(configuration))
            return "Teams:Enabled is false, and the playground talks to the bot through its Teams endpoint (/api/messages)";
        return null;
    }

    internal static void Bind(PlaygroundOptions options, IConfiguration configuration)
    {
        configuration.GetSection(Section).Bind(options);
        var tenants = configuration.GetSection("Teams:AllowedTenants");
        var first = (tenants.Value is { } single ? [single] : tenants.GetChildren().Select(c => c.Value ?? ""))
            .SelectMany(t => t.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .FirstOrDefault();
        if (first is not null && configuration[$"{Section}:{nameof(TenantId)}"] is null) options.TenantId = first;
    }
}
