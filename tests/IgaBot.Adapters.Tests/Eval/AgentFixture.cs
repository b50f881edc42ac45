using IgaBot.Adapters.Eval;
using IgaBot.Adapters.Tenant;
using IgaBot.Core.Conversation;
using IgaBot.Core.Policy;
using IgaBot.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IgaBot.Adapters.Tests.Eval;

/// <summary>The eval tenant with the real agent, store and offline planner; the semantic index is built once per test run.</summary>
internal static class AgentFixture
{
    private static readonly Lazy<Core.Tenant> Tenant = new(() => TenantLoader.LoadOrThrow(EvalPath("catalog.yaml"), EvalPath("directory.yaml")));
    private static readonly Lazy<Task<LocalAgentHost.SharedPieces>> Shared = new(() => LocalAgentHost.SharedPieces.CreateAsync(Tenant.Value, CancellationToken.None));

    public static string EvalPath(string file) => Path.Combine(TestContext.CurrentContext.TestDirectory, "eval", file);

    public static Core.Tenant EvalTenant => Tenant.Value;

    public static async Task<LocalAgentHost> StartAsync(string databasePath, IConfiguration? settings = null, bool initialize = true,
        Action<IServiceCollection>? configure = null) =>
        await LocalAgentHost.StartAsync(Tenant.Value, databasePath, await Shared.Value, settings, initialize, configure);
}

/// <summary>A folder for one test's database files, removed afterwards.</summary>
internal sealed class TempFolder : IDisposable
{
    public DirectoryInfo Directory { get; } = System.IO.Directory.CreateTempSubdirectory("igabot-agent-test-");

    public string File(string name) => Path.Combine(Directory.FullName, name);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>One person's conversation with a host.</summary>
internal sealed class Chat(LocalAgentHost host, string person, string conversationId = "c1")
{
    public ConversationKey Key { get; } = new("test", conversationId);

    public Task<TurnReply> SayAsync(string text) => host.Conversation.HandleTurnAsync(Key, person, TurnInput.FromText(text), CancellationToken.None);

    public Task<TurnReply> PickAsync(Slot slot, string value) => host.Conversation.HandleTurnAsync(Key, person, TurnInput.FromChoice(slot, value), CancellationToken.None);

    public Task<T> StoreAsync<T>(Func<IStoreSession, Task<T>> work) => host.Services.GetRequiredService<IIgaStore>().RunAsync(work, CancellationToken.None);
}
