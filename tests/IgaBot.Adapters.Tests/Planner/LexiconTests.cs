using System.Text.Json;
using IgaBot.Adapters.Planner;
using IgaBot.Core.Catalog;
using NUnit.Framework;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>The clean room of issue 11: the planner's word lists in one data file, its numbers in one record.</summary>
[TestFixture]
public sealed class LexiconTests
{
    private static JsonDocument EmbeddedFile()
    {
        using var stream = typeof(Lexicon).Assembly.GetManifestResourceStream("IgaBot.Adapters.Planner.lexicon.json")!;
        return JsonDocument.Parse(stream);
    }

    [Test]
    public void EveryListGroupAndMap_SaysWhatItIsFor()
    {
        using var file = EmbeddedFile();

        foreach (var section in new[] { "lists", "groups", "maps" })
        {
            foreach (var entry in file.RootElement.GetProperty(section).EnumerateObject())
            {
                Assert.That(entry.Value.TryGetProperty("about", out var about) && about.GetString()!.Length > 20, Is.True,
                    $"{section}.{entry.Name} has no 'about' saying what it is for");
            }
        }
    }

    [TestCase("stopWords", "the")]
    [TestCase("negations", "cannot")]
    [TestCase("scopeNouns", "team")]
    public void TheEmbeddedLexicon_HoldsTheLists(string list, string word) =>
        Assert.That(Lexicon.Default.List(list), Does.Contain(word));

    [Test]
    public void Parse_ReadsListsGroupsAndMaps_AndAnUnknownNameIsAClearError()
    {
        var lexicon = Lexicon.Parse("""
            {"lists": {"colours": {"about": "x", "words": ["Red", "blue"]}},
             "groups": {"same": {"about": "x", "groups": [["edit", "editing"]]}},
             "maps": {"short": {"about": "x", "map": {"prd": "prod", "mfa": ["multi", "factor"]}}}}
            """);

        Assert.That(lexicon.List("colours"), Is.EquivalentTo(new[] { "red", "blue" }));
        Assert.That(lexicon.Groups("same")[0], Is.EquivalentTo(new[] { Words.Stem("edit") }));
        Assert.That(lexicon.Map("short")["prd"], Is.EqualTo("prod"));
        Assert.That(lexicon.MultiMap("short")["mfa"], Is.EqualTo(new[] { "multi", "factor" }));
        Assert.That(() => lexicon.List("shapes"), Throws.TypeOf<KeyNotFoundException>().With.Message.Contains("shapes"));
    }

    [Test]
    public async Task Weights_PassedIn_AreTheOnesTheSearchScoresWith()
    {
        var catalog = new AccessCatalog([new App
        {
            Id = "wiki", Name = "Wiki", Description = "Team pages.", Owner = "o@x.example", Connector = "manual",
            Entitlements = [new Entitlement { Id = "wiki-read", AppId = "wiki", Name = "Wiki Read", Description = "Read pages.", Risk = Risk.Low }],
        }], new Dictionary<string, IReadOnlyList<string>>());
        var noBonus = PlannerWeights.Default with { AppMentionBonus = 0 };

        var search = await EntitlementSearch.BuildAsync(catalog, new FakeTextEmbedder(), new InMemoryEmbeddingCache(), CancellationToken.None, noBonus);
        var match = search.Search("read pages in the Wiki")[0];

        Assert.That(match.AppMentioned, Is.True);
        Assert.That(match.Score, Is.EqualTo(match.Relevance), "without an app bonus, naming the app adds nothing");
        Assert.That(search.Weights, Is.SameAs(noBonus));
    }
}
