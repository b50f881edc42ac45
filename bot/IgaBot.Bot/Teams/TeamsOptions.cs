using Microsoft.Extensions.Configuration;

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

    /// <summary>
    /// Set when <c>Teams:AllowedTenants</c> is given both as a list and as one string with different tenants:
    /// which one configuration would pick depends on the order of its sources, so start-up refuses instead.
    /// </summary>
    public string? AllowedTenantsConflict { get; set; }

    internal static void Bind(TeamsOptions options, IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        options.Enabled = IsEnabled(configuration);
        // Every form: a JSON array or an environment list (Teams:AllowedTenants:0, :1, ...) and one string with
        // the tenants separated by commas, semicolons or spaces (Teams__AllowedTenants=a,b). The shipped
        // appsettings.json has "AllowedTenants": [], which configuration reads as an empty value of the key
        // itself; that empty value must not hide a list given elsewhere, so both are read.
        var tenants = section.GetSection(nameof(AllowedTenants));
        var fromList = Split(tenants.GetChildren().Select(c => c.Value ?? ""));
        var fromValue = Split(string.IsNullOrWhiteSpace(tenants.Value) ? [] : [tenants.Value]);
        options.AllowedTenants = fromList.Count > 0 ? fromList : fromValue;
        options.AllowedTenantsConflict = fromList.Count > 0 && fromValue.Count > 0 && !fromList.ToHashSet(StringComparer.OrdinalIgnoreCase).SetEquals(fromValue)
            ? $"Teams:AllowedTenants is set twice, as a list ({string.Join(", ", fromList)}) and as one value ({string.Join(", ", fromValue)}). " +
              "Keep one of them: IgaBot will not guess which tenants you meant to allow."
            : null;
        options.MicrosoftAppId = configuration["MicrosoftAppId"];
        options.MicrosoftAppType = configuration["MicrosoftAppType"];
        options.MicrosoftAppTenantId = configuration["MicrosoftAppTenantId"];
    }

    private static List<string> Split(IEnumerable<string> entries) => entries
        .SelectMany(e => e.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        .Distinct(StringComparer.OrdinalIgnoreCase)
        .ToList();

    /// <summary>The allow-list in force, as start-up logs it.</summary>
    public string DescribeAllowedTenants() => AllowedTenants.Count == 0
        ? "any tenant (Teams:AllowedTenants is empty)"
        : string.Join(", ", AllowedTenants);

    public const string EmptyAppIdMessage =
        "MicrosoftAppId is empty. Outside Development that would switch Bot Framework authentication off and let anyone " +
        "post to /api/messages, so IgaBot refuses to start. Set MicrosoftAppId (with MicrosoftAppPassword, or " +
        "MicrosoftAppType=UserAssignedMSI), or set Teams:Enabled=false to run without Teams.";

    /// <summary>
    /// Every problem of these settings that would leave the Teams endpoint open or broken; empty when they can be used.
    /// An empty MicrosoftAppId is allowed in Development only.
    /// </summary>
    public IReadOnlyList<string> Validate(bool isDevelopment)
    {
        if (!Enabled) return [];
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(MicrosoftAppId) && !isDevelopment)
            failures.Add(EmptyAppIdMessage);
        if (string.Equals(MicrosoftAppType, "SingleTenant", StringComparison.OrdinalIgnoreCase)
            && string.IsNullOrWhiteSpace(MicrosoftAppTenantId))
            failures.Add("MicrosoftAppType is SingleTenant but MicrosoftAppTenantId is empty: set the bot's Entra tenant id.");
        if (AllowedTenantsConflict is { } conflict)
            failures.Add(conflict);
        return failures;
    }
}
