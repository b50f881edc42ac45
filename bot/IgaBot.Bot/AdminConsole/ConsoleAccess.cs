using System.Security.Claims;
using IgaBot.Core;

namespace IgaBot.Bot.AdminConsole;

/// <summary>
/// The console's settings (<c>Console:*</c>). Sign-in itself is the <c>AzureAd</c> section (Microsoft.Identity.Web).
/// </summary>
public sealed class ConsoleOptions
{
    public const string Section = "Console";

    /// <summary>
    /// Who sees and does everything: emails (as Entra ID signs them in: <c>preferred_username</c> or <c>email</c>) or
    /// Entra ID group object ids (the id token's <c>groups</c> claim). A list, or one string split at commas.
    /// App owners (the owners the catalog names) need no setting: they see their own apps.
    /// </summary>
    public List<string> Admins { get; set; } = [];

    /// <summary>
    /// A folder every instance shares (a mounted volume) for the keys that protect the console's session cookie and
    /// anti-forgery tokens; empty = this machine's own key ring, which is enough for one node. Behind a load balancer
    /// without it, a person signed in through one instance is sent to sign in again by another.
    /// </summary>
    public string? KeysPath { get; set; }

    internal static ConsoleOptions Read(IConfiguration configuration)
    {
        var options = new ConsoleOptions();
        var section = configuration.GetSection(Section).GetSection(nameof(Admins));
        var values = section.Value is { } single ? [single] : section.GetChildren().Select(c => c.Value ?? "");
        options.KeysPath = configuration[$"{Section}:{nameof(KeysPath)}"] is { Length: > 0 } keys ? keys : null;
        options.Admins = [.. values.SelectMany(v => v.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
        return options;
    }
}

/// <summary>
/// Who is looking: their email and name, whether they are an admin, and the apps they own (by catalog id).
/// Admins see everything; app owners only what concerns their apps.
/// </summary>
internal sealed record ConsoleViewer(string Email, string Name, bool IsAdmin, IReadOnlySet<string> OwnedApps)
{
    public bool MaySeeApp(string? appId) => IsAdmin || (appId is not null && OwnedApps.Contains(appId));

    /// <summary>
    /// The viewer for a signed-in principal, or null when they are neither an admin nor an app owner (refused).
    /// The email is the first of the <c>email</c>, <c>preferred_username</c> and <c>upn</c> claims that looks like one.
    /// </summary>
    public static ConsoleViewer? Of(ClaimsPrincipal user, Tenant tenant, ConsoleOptions options)
    {
        var email = EmailOf(user);
        if (email is null) return null;
        var groups = user.FindAll("groups").Select(c => c.Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var admin = options.Admins.Any(a => string.Equals(a, email, StringComparison.OrdinalIgnoreCase) || groups.Contains(a));
        var owned = tenant.Catalog.Apps.Where(a => string.Equals(a.Owner, email, StringComparison.OrdinalIgnoreCase))
            .Select(a => a.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (!admin && owned.Count == 0) return null;
        var name = tenant.Directory.Find(email)?.Name ?? user.FindFirst("name")?.Value ?? email;
        return new ConsoleViewer(email, name, admin, owned);
    }

    public static string? EmailOf(ClaimsPrincipal user) =>
        new[] { "email", ClaimTypes.Email, "preferred_username", "upn", ClaimTypes.Upn }
            .Select(t => user.FindFirst(t)?.Value?.Trim())
            .FirstOrDefault(v => v is { Length: > 2 } && v.Contains('@', StringComparison.Ordinal));
}
