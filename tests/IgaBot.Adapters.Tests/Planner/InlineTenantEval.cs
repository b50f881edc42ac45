using System.Text.Json;
using IgaBot.Adapters.Eval;
using IgaBot.Adapters.Planner;
using IgaBot.Adapters.Tenant;
using IgaBot.Core.People;
using IgaBot.Adapters.Tests.Eval;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>One eval case through the real conversation, agent, tools and policy, on a small tenant written in the test.</summary>
internal static class InlineTenantEval
{
    /// <summary>Whether the case passed, what was filed (JSON) and the bot's last reply.</summary>
    public sealed record Result(bool Passed, string Actual, string LastReply);

    public static async Task<Result> RunAsync(string catalog, string directory, string @case)
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("catalog.yaml"), catalog);
        File.WriteAllText(folder.File("directory.yaml"), directory);
        File.WriteAllText(folder.File("cases.jsonl"), @case);
        var output = new StringWriter();
        var exit = await EvalRunner.RunAsync(folder.File("catalog.yaml"), folder.File("directory.yaml"), folder.File("cases.jsonl"), folder.File("result.json"),
            output, CancellationToken.None);
        TestContext.Out.WriteLine(output.ToString());
        Assert.That(exit, Is.Zero);
        using var document = JsonDocument.Parse(File.ReadAllText(folder.File("result.json")));
        var result = document.RootElement.GetProperty("results")[0];
        var transcript = result.GetProperty("transcript");
        return new Result(result.GetProperty("passed").GetBoolean(), result.GetProperty("actual").ToString(),
            transcript[transcript.GetArrayLength() - 1].GetProperty("bot").GetString()!);
    }
}

/// <summary>A small tenant written in a test, loaded and indexed for the planner's steps.</summary>
internal static class InlineTenant
{
    public static (Core.Tenant Tenant, EntitlementSearch Search) Load(string catalog, string directory)
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("catalog.yaml"), catalog);
        File.WriteAllText(folder.File("directory.yaml"), directory);
        var tenant = TenantLoader.LoadOrThrow(folder.File("catalog.yaml"), folder.File("directory.yaml"));
        return (tenant, EntitlementSearch.BuildAsync(tenant.Catalog, MiniLmTextEmbedder.Shared, new InMemoryEmbeddingCache(), CancellationToken.None).GetAwaiter().GetResult());
    }

    /// <summary>The planner's reading of one message from <paramref name="requester"/>, with the tenant's directory to find people in.</summary>
    public static Interpretation Interpret(this (Core.Tenant Tenant, EntitlementSearch Search) tenant, string requester, string text) =>
        new RequestInterpreter(tenant.Search).Interpret(text,
            new InterpretContext { RequesterEmail = requester, People = KnownPeople.For(tenant.Tenant.Directory, requester) });
}
