using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace IgaBot.Bot.Teams;

/// <summary>
/// The Teams channel's settings: <c>Teams:*</c>, plus the Bot Framework keys the SDK reads at the
/// configuration root (<c>MicrosoftAppId</c>, <c>MicrosoftAppType</c>, <c>MicrosoftAppTenantId</c>).
/// </summary>
public sealed class TeamsOptions
{
    public const string Section = "Teams";

    /// <summary>False runs the bot without Teams (no <c>/api/messages</c>), e.g. a Slack-only deployment.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Tenant ids whose activities are accepted; empty accepts any tenant the bot is installed in.</summary>
    public List<string> AllowedTenants { get; set; } = [];

    public string? MicrosoftAppId { get; set; }
    public string? MicrosoftAppType { get; set; }
    public string? MicrosoftAppTenantId { get; set; }

    /// <summary>
    /// Whether the Teams channel runs: unless <c>Teams:Enabled</c> is false. Deliberately not "when
    /// MicrosoftAppId is set": an empty app id outside Development must stop start-up, not silently
    /// leave Teams off.
    /// </summary>
    public static bool IsEnabled(IConfiguration configuration) =>
        configuration.GetSection(Section).GetValue(nameof(Enabled), true);

    public bool AllowsTenant(string? tenantId) =>
        AllowedTenants.Count == 0
        || (tenantId is not null && AllowedTenants.Contains(tenantId, StringComparer.OrdinalIgnoreCase));

    internal static void Bind(TeamsOptions options, IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        options.Enabled = IsEnabled(configuration);
        // Accept a list (Teams:AllowedTenants:0) and a comma-separated string (one environment variable).
        var tenants = section.GetSection(nameof(AllowedTenants));
        var entries = tenants.Value is { } single ? [single] : tenants.GetChildren().Select(c => c.Value ?? "");
        options.AllowedTenants = entries
            .SelectMany(e => e.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        options.MicrosoftAppId = configuration["MicrosoftAppId"];
        options.MicrosoftAppType = configuration["MicrosoftAppType"];
        options.MicrosoftAppTenantId = configuration["MicrosoftAppTenantId"];
    }
}

/// <summary>Refuses to start with settings that would leave the Teams endpoint open or broken.</summary>
internal sealed class TeamsOptionsValidator(IHostEnvironment environment) : IValidateOptions<TeamsOptions>
{
    public const string EmptyAppIdMessage =
        "MicrosoftAppId is empty. Outside Development that would switch Bot Framework authentication off and let anyone " +
        "post to /api/messages, so IgaBot refuses to start. Set MicrosoftAppId (with MicrosoftAppPassword, or " +
        "MicrosoftAppType=UserAssignedMSI), or set Teams:Enabled=false to run without Teams.";

    public ValidateOptionsResult Validate(string? name, TeamsOptions options)
    {
        if (!options.Enabled) return ValidateOptionsResult.Success;
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.MicrosoftAppId) && !environment.IsDevelopment())
            failures.Add(EmptyAppIdMessage);
        if (string.Equals(options.MicrosoftAppType, "SingleTenant", StringComparison.OrdinalIgnoreCase)
            && string.IsNullOrWhiteSpace(options.MicrosoftAppTenantId))
            failures.Add("MicrosoftAppType is SingleTenant but MicrosoftAppTenantId is empty: set the bot's Entra tenant id.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
