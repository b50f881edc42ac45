namespace IgaBot.Bot.Cli;

/// <summary>Verbs about the tenant files: <c>catalog validate</c>.</summary>
internal static class TenantVerbs
{
    public static IReadOnlyList<CliVerb> All { get; } = [];
}
