using System.Text.Json.Nodes;
using IgaBot.Adapters.Llm;
using IgaBot.Adapters.Tests.Eval;
using IgaBot.Core.Agent;
using IgaBot.Core.Conversation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IgaBot.Adapters.Tests.Llm;

/// <summary>The agent through the real OpenAI .NET clients against a local OpenAI-compatible stub.</summary>
[TestFixture]
public sealed class LlmProviderTests
{
    private static IConfiguration Settings(string provider, string endpoint, string key = "test-key") => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OpenAI:Provider"] = provider,
            ["OpenAI:Endpoint"] = endpoint,
            ["OpenAI:ApiKey"] = key,
            ["OpenAI:Model"] = "gpt-test",
        })
        .Build();

    [Test]
    public async Task OpenAICompatibleEndpoint_RunsTheToolLoop_AndTheFinalTextReachesTheUser()
    {
        await using var stub = await OpenAiStub.StartAsync();
        stub.ThenToolCall("evaluate_policy", new { entitlementId = "github-read" })
            .ThenToolCall("submit_request", new { })
            .ThenText("Done: GitHub Read is yours.");
        using var folder = new TempFolder();
        await using var host = await AgentFixture.StartAsync(folder.File("bot.db"), Settings("OpenAI", $"{stub.BaseUrl}/v1"));

        var reply = await new Chat(host, "jake.miller@contoso.com").SayAsync("I need to read the code in our GitHub repos");

        Assert.That(reply.Text, Is.EqualTo("Done: GitHub Read is yours."));
        Assert.That(reply.Outcome!.Kind, Is.EqualTo(OutcomeKind.AutoApproved));
        Assert.That(stub.Requests.Select(r => r.Path), Is.All.EqualTo("/v1/chat/completions"));
        Assert.That(stub.Requests[0].Headers["Authorization"], Is.EqualTo("Bearer test-key"));

        var first = stub.Requests[0].Body;
        var messages = first["messages"]!.AsArray();
        Assert.That(messages[0]!["role"]!.GetValue<string>(), Is.EqualTo("system"));
        Assert.That(messages.Any(m => Text(m).StartsWith(TurnContext.Marker, StringComparison.Ordinal)), Is.True, "the turn context is sent");

        var second = stub.Requests[1].Body;
        var tools = second["tools"]!.AsArray().Select(t => t!["function"]!["name"]!.GetValue<string>()).ToList();
        Assert.That(tools, Does.Contain("evaluate_policy").And.Contain("submit_request").And.Contain("search_entitlements"));
        Assert.That(second["tools"]![0]!["function"]!["parameters"], Is.Not.Null);
        var toolMessage = second["messages"]!.AsArray().Single(m => m!["role"]!.GetValue<string>() == "tool")!;
        Assert.That(toolMessage["tool_call_id"]!.GetValue<string>(), Is.EqualTo("call_1"));
        Assert.That(Text(toolMessage), Does.Contain("auto-approved"));
        Assert.That(second["messages"]!.AsArray().Any(m => m!["tool_calls"] is JsonArray), Is.True);

        var meter = host.Services.GetRequiredService<ModelUsageMeter>();
        Assert.That(meter.ModelCalls, Is.EqualTo(3));
        Assert.That(meter.InputTokens, Is.EqualTo(150));
        Assert.That(meter.OutputTokens, Is.EqualTo(15));
    }

    [Test]
    public async Task RateLimitedModel_GivesAClearMessage_AndTheOfflinePlannerAnswers()
    {
        await using var stub = await OpenAiStub.StartAsync();
        stub.ThenStatus(429, "Rate limit reached for requests");
        using var folder = new TempFolder();
        await using var host = await AgentFixture.StartAsync(folder.File("bot.db"), Settings("OpenAI", $"{stub.BaseUrl}/v1"));

        var reply = await new Chat(host, "jake.miller@contoso.com").SayAsync("I need to read the code in our GitHub repos");

        Assert.That(reply.Text, Does.StartWith("The AI model is rate limited right now"));
        Assert.That(reply.Outcome!.Kind, Is.EqualTo(OutcomeKind.AutoApproved));
        Assert.That(reply.Outcome.EntitlementId, Is.EqualTo("github-read"));
        Assert.That(stub.Requests, Has.Count.EqualTo(1), "no retries against a rate-limited model");
        Assert.That(host.Services.GetRequiredService<ModelUsageMeter>().Fallbacks, Is.EqualTo(1));
    }

    [Test]
    public async Task UnreachableModel_GivesAClearMessage_AndTheOfflinePlannerAnswers()
    {
        string closed;
        await using (var gone = await OpenAiStub.StartAsync()) closed = gone.BaseUrl;
        using var folder = new TempFolder();
        await using var host = await AgentFixture.StartAsync(folder.File("bot.db"), Settings("OpenAI", $"{closed}/v1"));

        var reply = await new Chat(host, "jake.miller@contoso.com").SayAsync("I need to view the Figma prototypes");

        Assert.That(reply.Text, Does.StartWith("The AI model could not be reached"));
        Assert.That(reply.Outcome!.EntitlementId, Is.EqualTo("figma-viewer"));
    }

    [Test]
    public async Task AzureOpenAI_TalksToTheDeployment_WithItsKeyHeader()
    {
        await using var stub = await OpenAiStub.StartAsync();
        stub.ThenText("I help with access to the company's apps.");
        using var folder = new TempFolder();
        await using var host = await AgentFixture.StartAsync(folder.File("bot.db"), Settings("AzureOpenAI", stub.BaseUrl, "azure-key"));

        var reply = await new Chat(host, "jake.miller@contoso.com").SayAsync("hello");

        Assert.That(reply.Text, Is.EqualTo("I help with access to the company's apps."));
        Assert.That(stub.Requests.Single().Path, Is.EqualTo("/openai/deployments/gpt-test/chat/completions"));
        Assert.That(stub.Requests.Single().Headers["api-key"], Is.EqualTo("azure-key"));
    }

    [Test]
    public void BadSettings_AreAllReported_AtStart()
    {
        var services = new ServiceCollection();
        services.AddIgaAgent(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OpenAI:Provider"] = "AzureOpenAI",
            ["OpenAI:Endpoint"] = "not a url",
        }).Build());
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => _ = provider.GetRequiredService<IOptions<LlmOptions>>().Value)!;

        Assert.That(error.Message, Does.Contain("OpenAI:Model is required").And.Contain("OpenAI:ApiKey is required").And.Contain("not an absolute URL"));
    }

    [Test]
    public void NoProvider_MeansTheOfflinePlannerAlone()
    {
        Assert.That(LlmChatClientFactory.Create(new LlmOptions()), Is.Null);
        Assert.That(new LlmOptions { Provider = "Gemini", Model = "x" }.Validate().Single(), Does.Contain("'Gemini'"));
    }

    private static string Text(JsonNode? message) => message?["content"] switch
    {
        JsonValue value => value.GetValue<string>(),
        JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>() ?? "")),
        _ => "",
    };
}
