using IgaBot.Adapters.Storage;
using IgaBot.Core;
using IgaBot.Core.Storage;
using static IgaBot.Adapters.Tests.Storage.SampleData;

namespace IgaBot.Adapters.Tests.Storage;

public class ConversationStoreTests(DatabaseProvider provider) : StorageTestBase(provider)
{
    private const string Conversation = "teams:19:abc@thread.v2";

    [Test]
    public async Task Save_ThenGet_ReturnsTheDocumentAndItsVersion()
    {
        var v1 = await Db.Store.RunAsync(s => s.Conversations.SaveAsync(Conversation, """{"draft":{"entitlement":"github-write"}}""", 0), Ct);
        var v2 = await Db.Store.RunAsync(s => s.Conversations.SaveAsync(Conversation, """{"draft":{"entitlement":"github-write","scope":"payments"}}""", v1), Ct);

        var state = await Db.Store.RunAsync(s => s.Conversations.GetAsync(Conversation), Ct);

        Assert.That((v1, v2), Is.EqualTo((1L, 2L)));
        Assert.That(state!.Version, Is.EqualTo(2));
        Assert.That(state.Json, Does.Contain("payments"));
        Assert.That(state.UpdatedAt, Is.EqualTo(TestDatabase.Start));
    }

    [Test]
    public async Task Save_WithAStaleVersion_IsAConflictAndKeepsTheNewerState()
    {
        var v1 = await Db.Store.RunAsync(s => s.Conversations.SaveAsync(Conversation, """{"turn":1}""", 0), Ct);
        await Db.Store.RunAsync(s => s.Conversations.SaveAsync(Conversation, """{"turn":2}""", v1), Ct);

        var error = Assert.ThrowsAsync<ConflictException>(() => Db.Store.RunAsync(s => s.Conversations.SaveAsync(Conversation, """{"turn":"stale"}""", v1), Ct));

        Assert.That(error!.Message, Does.Contain("version 2, not 1"));
        Assert.That((await Db.Store.RunAsync(s => s.Conversations.GetAsync(Conversation), Ct))!.Json, Is.EqualTo("""{"turn":2}"""));
    }

    [Test]
    public async Task Save_AsNewWhenAnotherTurnAlreadyCreatedIt_IsAConflict()
    {
        await Db.Store.RunAsync(s => s.Conversations.SaveAsync(Conversation, "{}", 0), Ct);

        Assert.ThrowsAsync<ConflictException>(() => Db.Store.RunAsync(s => s.Conversations.SaveAsync(Conversation, "{}", 0), Ct));
    }

    [Test]
    public async Task Delete_ForgetsTheState()
    {
        await Db.Store.RunAsync(s => s.Conversations.SaveAsync(Conversation, "{}", 0), Ct);

        Assert.That(await Db.Store.RunAsync(s => s.Conversations.DeleteAsync(Conversation), Ct), Is.True);
        Assert.That(await Db.Store.RunAsync(s => s.Conversations.GetAsync(Conversation), Ct), Is.Null);
        Assert.That(await Db.Store.RunAsync(s => s.Conversations.DeleteAsync(Conversation), Ct), Is.False);
    }

    [Test]
    public async Task References_AreKeptPerPersonAndChannel_AndReplacedOnUpsert()
    {
        await Db.Store.RunAsync(async s =>
        {
            await s.ConversationReferences.UpsertAsync(Tom, ChannelNames.Teams, """{"conversation":{"id":"a"}}""");
            await s.ConversationReferences.UpsertAsync(Tom, ChannelNames.Slack, """{"channel":"D1"}""");
        }, Ct);
        Db.Clock.Advance(TimeSpan.FromMinutes(3));
        await Db.Store.RunAsync(s => s.ConversationReferences.UpsertAsync("TOM.BAKER@contoso.com", ChannelNames.Teams, """{"conversation":{"id":"b"}}"""), Ct);

        var (teams, all) = await Db.Store.RunAsync(async s =>
            (await s.ConversationReferences.GetAsync(Tom, ChannelNames.Teams), await s.ConversationReferences.ListForPersonAsync(Tom)), Ct);

        Assert.That(teams!.Json, Does.Contain("\"b\""));
        Assert.That(teams.UpdatedAt, Is.EqualTo(TestDatabase.Start.AddMinutes(3)));
        Assert.That(all.Select(r => r.Channel), Is.EqualTo(new[] { "teams", "slack" }));
    }

    [Test]
    public async Task ReferenceSave_FromAStaleVersion_IsAConflict_AndKeepsTheNewerSave()
    {
        var first = await Db.Store.RunAsync(s => s.ConversationReferences.SaveAsync(Tom, ChannelNames.Teams, """{"v":"first"}""", 0), Ct);
        // Two instances read version 1; one saves.
        var second = await Db.Store.RunAsync(s => s.ConversationReferences.SaveAsync(Tom, ChannelNames.Teams, """{"v":"second"}""", first), Ct);

        Assert.ThrowsAsync<ConflictException>(() =>
            Db.Store.RunAsync(s => s.ConversationReferences.SaveAsync(Tom, ChannelNames.Teams, """{"v":"stale"}""", first), Ct));
        Assert.ThrowsAsync<ConflictException>(() =>
            Db.Store.RunAsync(s => s.ConversationReferences.SaveAsync(Tom, ChannelNames.Teams, """{"v":"as-new"}""", 0), Ct));

        var stored = await Db.Store.RunAsync(s => s.ConversationReferences.GetAsync(Tom, ChannelNames.Teams), Ct);
        Assert.That((first, second), Is.EqualTo((1L, 2L)));
        Assert.That(stored!.Json, Does.Contain("second"));
        Assert.That(stored.Version, Is.EqualTo(2));
    }

    [Test]
    public void References_ForAnUnknownChannel_AreRefused()
    {
        var error = Assert.ThrowsAsync<InvalidInputException>(() => Db.Store.RunAsync(s => s.ConversationReferences.UpsertAsync(Tom, "fax", "{}"), Ct));

        Assert.That(error!.Message, Does.Contain("fax"));
    }
}
