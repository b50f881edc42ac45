using System.Text.Json.Nodes;
using IgaBot.Bot.Playground.DirectLine;
using Microsoft.Extensions.Time.Testing;

namespace IgaBot.Bot.Tests.Playground;

public sealed class WebChatCardsTests
{
    [Test]
    public void AdaptForWebChat_RewritesExecuteActionsAnywhereInTheCard_AndLeavesOtherActionsAlone()
    {
        var activity = CardActivity("""
            {"type":"AdaptiveCard","version":"1.5",
             "body":[{"type":"Container","selectAction":{"type":"Action.Execute","verb":"open","data":{"id":7}},"items":[]}],
             "actions":[{"type":"Action.OpenUrl","title":"Docs","url":"https://example.com"},
                        {"type":"Action.Execute","title":"Go","verb":"go","style":"positive","data":{"k":"v"},"fallback":{"type":"Action.Submit"}}]}
            """);

        WebChatCards.AdaptForWebChat(activity);

        var card = activity["attachments"]![0]!["content"]!;
        var select = card["body"]![0]!["selectAction"]!;
        var go = card["actions"]![1]!;
        Assert.That((string?)select["type"], Is.EqualTo("Action.Submit"));
        Assert.That((string?)select["data"]!["playgroundExecute"]!["verb"], Is.EqualTo("open"));
        Assert.That((string?)card["actions"]![0]!["type"], Is.EqualTo("Action.OpenUrl"));
        Assert.That(go.ToJsonString(), Is.EqualTo("""{"type":"Action.Submit","title":"Go","style":"positive","data":{"k":"v","playgroundExecute":{"verb":"go","activityId":"c|0000001","attachment":0}}}"""));
    }

    [Test]
    public void ReadClick_GivesTheVerbAndTheDataWithTheInputs_AsTeamsWould()
    {
        var value = JsonNode.Parse("""{"requestId":"r1","reason":"no","playgroundExecute":{"verb":"deny","activityId":"c|0000002","attachment":1}}""");

        var click = WebChatCards.ReadClick(value)!;

        Assert.That((click.Verb, click.ActivityId, click.Attachment), Is.EqualTo(("deny", "c|0000002", 1)));
        Assert.That(click.Data.ToJsonString(), Is.EqualTo("""{"requestId":"r1","reason":"no"}"""));
        Assert.That(WebChatCards.InvokeValue(click).ToJsonString(),
            Is.EqualTo("""{"action":{"type":"Action.Execute","verb":"deny","data":{"requestId":"r1","reason":"no"}},"trigger":"manual"}"""));
    }

    [Test]
    public void ExecuteDataThatIsNotAnObject_TravelsUntouched()
    {
        var activity = CardActivity("""{"type":"AdaptiveCard","actions":[{"type":"Action.Execute","verb":"v","data":"plain"}]}""");

        WebChatCards.AdaptForWebChat(activity);
        var click = WebChatCards.ReadClick(activity["attachments"]![0]!["content"]!["actions"]![0]!["data"]);

        Assert.That(click!.Data.ToJsonString(), Is.EqualTo("\"plain\""));
    }

    [Test]
    public void ReadClick_OfAnOrdinarySubmit_IsNull()
    {
        Assert.That(WebChatCards.ReadClick(JsonNode.Parse("""{"igabotVerb":"answer","value":"P1D"}""")), Is.Null);
        Assert.That(WebChatCards.ReadClick(JsonNode.Parse("\"text\"")), Is.Null);
        Assert.That(WebChatCards.ReadClick(JsonNode.Parse("""{"playgroundExecute":{"verb":""}}""")), Is.Null);
    }

    [Test]
    public void Transcript_ReplacedActivity_KeepsItsPlace_AndAReaderFromTheStartSeesOnlyTheNewestVersion()
    {
        var transcript = new PlaygroundTranscript("c", "a@b.c", new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T10:00:00Z")));
        var first = transcript.Append(new JsonObject { ["type"] = "message", ["text"] = "one" });
        transcript.Append(new JsonObject { ["type"] = "message", ["text"] = "two" });
        var (_, watermark) = transcript.Since(null);

        transcript.Replace((string)first["id"]!, new JsonObject { ["type"] = "message", ["text"] = "one, edited" });

        var (changed, _) = transcript.Since(watermark.ToString());
        var (all, _) = transcript.Since("0");
        Assert.That(changed.Select(a => (string?)a["text"]), Is.EqualTo(new[] { "one, edited" }));
        Assert.That((int?)changed[0]["channelData"]!["webchat:sequence-id"], Is.EqualTo(1));
        Assert.That(all.Select(a => (string?)a["text"]), Is.EquivalentTo(new[] { "one, edited", "two" }));
        Assert.That(transcript.Replace("c|0000099", new JsonObject()), Is.Null);
    }

    [Test]
    public void Transcript_AWatermarkItNeverGave_ReadsFromTheStart()
    {
        var transcript = new PlaygroundTranscript("c", "a@b.c", TimeProvider.System);
        transcript.Append(new JsonObject { ["type"] = "message", ["text"] = "after a restart" });

        Assert.That(transcript.Since("57").Activities, Has.Count.EqualTo(1));
        Assert.That(transcript.Since("junk").Activities, Has.Count.EqualTo(1));
    }

    private static JsonObject CardActivity(string card) => new()
    {
        ["id"] = "c|0000001",
        ["attachments"] = new JsonArray(new JsonObject { ["contentType"] = WebChatCards.AdaptiveCardType, ["content"] = JsonNode.Parse(card) }),
    };
}
