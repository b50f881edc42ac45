using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// What someone or something of the story does is no action asked for (twenty-third session, found on a nuclear station's
/// tenant read by kind): "the SRO will still review and issue them" tells the reviewer's work, so the clearance writer is
/// asked for, not the reviewer whose level those words describe; "it never read the dose in" tells what a dosimeter did
/// not do, and rules out no reading. A subject named with "the" needs a word such as "will" before its verb; "she will
/// approve them" is left alone, since she may be the one the access is for.
/// </summary>
public sealed class WhatOthersOfTheStoryDoTests
{
    private const string Catalog = """
        apps:
          - id: tags
            name: Tagout
            description: Clearance and tagging for plant equipment - isolation points, tags and restoration.
            owner: ana.riordan@example.com
            connector: manual
            entitlements:
              - id: tags-viewer
                name: Tagout Viewer
                description: Look up clearance orders, hung tags and isolation points. No changes.
                risk: low
                approvals: []
              - id: tags-writer
                name: Clearance Writer
                description: >-
                  Prepare and revise clearance orders - pick isolation points, tag placement and restoration sequence.
                  Cannot approve, issue or clear a clearance.
                risk: medium
                approvals: [manager]
                conflicts: [tags-authorizer]
              - id: tags-authorizer
                name: Clearance Authorizer (SRO)
                description: Independent review and approval of clearance orders, issue tags for hanging, clear completed clearances.
                risk: high
                approvals: [manager, owner]
                conflicts: [tags-writer]
        """;

    private const string Directory = """
        users:
          - {email: ana.riordan@example.com, name: Ana Riordan, title: Work Control Lead, department: Operations}
        """;

    private static readonly Lazy<EntitlementSearch> Search = new(() => InlineTenant.Load(Catalog, Directory).Search);

    private static AskedActions Read(string text) =>
        ActionReader.Read(Words.Tokenize(text), s => Privileges.IsLevelVerb(s) || new[] { "enter", "review", "issue", "approve" }.Select(Words.Stem).Contains(s));

    [Test]
    public void WhatTheReviewerWillDo_DoesNotChooseTheReviewersLevel()
    {
        var result = new RequestInterpreter(Search.Value).Interpret(
            "can i get set up to write clearances so i can draft the isolations for my own work packages? the SRO will still review and issue them");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("tags-writer"), result.Why);
        Assert.That(result.Actions.Wanted, Does.Not.Contain(Words.Stem("review")));
        Assert.That(result.Reading!.SearchText, Does.Not.Contain("SRO").And.Not.Contain("issue"), "the reviewer's clause is no word of the need");
    }

    [Test]
    public void WhatSomeoneNamedWillNotDo_IsStillTheStorysComplaint()
    {
        var result = new RequestInterpreter(Search.Value).Interpret("can i get set up to write clearances? the crew won't start without one");

        Assert.That(result.Reading!.SearchText, Does.Contain("crew"));
    }

    [Test]
    public void WhatAThingNeverDid_RulesOutNothing()
    {
        var asked = Read("his badge got wet in the pool and it never read the dose in. need to enter a dose assessment on his record");

        Assert.That(asked.Negated, Does.Not.Contain(Words.Stem("read")));
        Assert.That(asked.Wanted, Does.Contain(Words.Stem("enter")));
    }

    [TestCase("i need to see the work packages, not change them", "change")]
    [TestCase("i need to see the report not change it", "change")]
    public void ANegationOfWhatIsAsked_StillRulesItOut(string text, string ruledOut)
    {
        Assert.That(Read(text).Negated, Does.Contain(Words.Stem(ruledOut)));
    }

    // What she will do may be what the access is for; what others may do once the person has done theirs is the request's purpose.
    [TestCase("please set Maria up, she will approve the clearances while Tom is away", "approve")]
    [TestCase("can i get access to enter it so all the shifts can review it", "review")]
    public void WhatSheWillDo_AndWhatOthersMayDoOnceItIsDone_AreLeftAsAsked(string text, string asked)
    {
        Assert.That(Read(text).Wanted, Does.Contain(Words.Stem(asked)));
    }
}
