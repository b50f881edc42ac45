using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using NUnit.Framework.Interfaces;

namespace IgaBot.Bot.Tests.Teams.Support;

/// <summary>
/// One local token issuer and Bot Connector per fixture, a fresh bot host per test, and helpers to
/// talk to the bot as Teams does (signed POSTs to /api/messages).
/// </summary>
public abstract partial class TeamsFixture
{
    internal LocalTokenIssuer Issuer { get; private set; } = null!;
    internal FakeBotConnector Connector { get; private set; } = null!;
    internal TeamsTestHost Host { get; set; } = null!;

    [OneTimeSetUp]
    public async Task StartServicesAsync()
    {
        Issuer = await LocalTokenIssuer.StartAsync();
        Connector = await FakeBotConnector.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopServicesAsync()
    {
        await Connector.DisposeAsync();
        await Issuer.DisposeAsync();
    }

    [SetUp]
    public async Task StartBotAsync()
    {
        Connector.Reset();
        Connector.Members.Clear();
        Connector.Blocked.Clear();
        Host = await TeamsTestHost.StartAsync(Issuer);
    }

    [TearDown]
    public async Task StopBotAsync()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Failed)
        {
            foreach (var e in Host.Logs.Entries.Where(e => e.Level >= LogLevel.Information))
                await TestContext.Out.WriteLineAsync($"{e.Category} {e.Level}: {e.Message} {e.Exception}");
        }
        await Host.DisposeAsync();
    }

    /// <summary>Posts an activity with a valid channel token; returns the status and the parsed body.</summary>
    internal async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(JsonObject activity)
    {
        var token = Issuer.Mint(TeamsTestHost.AppId, Connector.ServiceUrl);
        using var response = await Host.PostActivityAsync(activity, token);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text));
    }

    /// <summary>Sends a message with deliveryMode expectReplies and returns the bot's replies.</summary>
    internal async Task<IReadOnlyList<JsonObject>> SayAsync(JsonObject message)
    {
        message["deliveryMode"] = "expectReplies";
        var (status, body) = await SendAsync(message);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body?.ToJsonString());
        return body?["activities"]?.AsArray().OfType<JsonObject>().ToList() ?? [];
    }

    internal static JsonObject? CardOf(JsonObject activity) =>
        activity["attachments"]?.AsArray().FirstOrDefault()?["content"] as JsonObject;

    /// <summary>Every Action.Execute of a card, however deeply nested (ShowCard sub-cards included).</summary>
    internal static IReadOnlyList<JsonObject> ExecuteActions(JsonNode? node)
    {
        var found = new List<JsonObject>();
        void Walk(JsonNode? n)
        {
            switch (n)
            {
                case JsonObject o:
                    if ((string?)o["type"] == "Action.Execute") found.Add(o);
                    foreach (var (key, child) in o) if (key != "fallback" && key != "refresh") Walk(child);
                    break;
                case JsonArray a:
                    foreach (var child in a) Walk(child);
                    break;
            }
        }
        Walk(node);
        return found;
    }

    /// <summary>
    /// All the text a card shows (TextBlocks and fact values), to assert on what a person reads: markdown
    /// escapes (<c>\(</c>) read as the character they keep literal.
    /// </summary>
    internal static string TextOf(JsonNode? card)
    {
        var parts = new List<string>();
        void Walk(JsonNode? n)
        {
            switch (n)
            {
                case JsonObject o:
                    if ((string?)o["type"] == "TextBlock" && o["text"] is JsonValue t) parts.Add(t.ToString());
                    if (o["title"] is JsonValue title && o["value"] is JsonValue value && o["type"] is null) parts.Add($"{title}: {value}");
                    foreach (var (_, child) in o) Walk(child);
                    break;
                case JsonArray a:
                    foreach (var child in a) Walk(child);
                    break;
            }
        }
        Walk(card);
        return MarkdownEscape().Replace(string.Join("\n", parts), "$1");
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\\([!-/:-@\[-`{-~])")]
    private static partial System.Text.RegularExpressions.Regex MarkdownEscape();
}
