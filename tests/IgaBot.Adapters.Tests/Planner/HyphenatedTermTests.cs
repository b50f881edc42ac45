using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// A term the catalog writes as a word, a hyphen and a particle ("Read-on", "write-offs") is one word of search, however a
/// message writes it ("read on"): the particle is no stop word there, and the word is no generic level word ("read").
/// </summary>
public sealed class HyphenatedTermTests
{
    private const string Catalog = """
        apps:
          - id: security
            name: Security Office
            description: Closed area badges and program briefings, worked by the security officer.
            owner: amy.ross@example.com
            connector: manual
            entitlements:
              - id: read-in
                name: Program Read-In
                description: Read-on (indoctrination) to a classified program - need-to-know, briefing and NDA.
                risk: critical
                approvals: [manager]
                scope: {label: program, options: [Halberd, Kestrel]}
          - id: docs
            name: Document Library
            description: Engineering documents and drawings.
            owner: amy.ross@example.com
            connector: manual
            entitlements:
              - id: docs-reader
                name: Document Reader
                description: Read and download released documents and drawings.
                risk: low
                approvals: []
              - id: docs-author
                name: Document Author
                description: Check in new revisions of documents and drawings.
                risk: medium
                approvals: [manager]
        """;

    private const string Directory = """
        users:
          - {email: amy.ross@example.com, name: Amy Ross, title: Chief Engineer, department: Engineering}
          - {email: tom.baker@example.com, name: Tom Baker, title: Engineer, department: Engineering, manager: amy.ross@example.com}
        """;

    private static readonly Lazy<(Core.Tenant Tenant, EntitlementSearch Search)> Tenant = new(() => InlineTenant.Load(Catalog, Directory));

    private static Interpretation Interpret(string text) =>
        new RequestInterpreter(Tenant.Value.Search).Interpret(text, new InterpretContext
        {
            RequesterEmail = "amy.ross@example.com",
            Now = DateTimeOffset.UtcNow,
            People = KnownPeople.For(Tenant.Value.Tenant.Directory, "amy.ross@example.com"),
        });

    [Test]
    public void ATermSaidAsAWordAndAParticle_IsTheEntitlementThatHoldsIt()
    {
        var result = Interpret("need to get read on. what do you need from me?");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("read-in"), result.Why);
    }

    [Test]
    public void ATermSaidForSomeone_AmongTheStoryOfWhy_IsStillTheRequest()
    {
        var result = Interpret("Tom Baker needs to be read on to Halberd, taking over as lead next month");

        Assert.Multiple(() =>
        {
            Assert.That(result.Entitlement?.Id, Is.EqualTo("read-in"), result.Why);
            Assert.That(result.Scope, Is.EqualTo("Halberd"));
            Assert.That(result.Beneficiary?.Text, Is.EqualTo("Tom Baker"));
        });
    }

    [Test]
    public void TheWordAlone_StillReadsAsItself()
    {
        var result = Interpret("need to read the released drawings in the document library");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("docs-reader"), result.Why);
    }

    [TestCase("Approve write-offs over 500.", "write", "off")]
    [TestCase("Read-on to a program", "read", "on")]
    public void AHyphenatedTermWithAParticle_IsOneStem(string text, string word, string particle) =>
        Assert.That(Words.HyphenatedCompounds(text), Does.Contain(Words.CompoundStem(word, particle)));

    [TestCase("sign-in problems", Description = "the lexicon joins it already")]
    [TestCase("read-only access", Description = "'only' is no particle")]
    [TestCase("e-mail and on-call", Description = "a word of fewer than three letters before the hyphen")]
    public void OtherHyphenatedWords_AreNoSuchTerm(string text) =>
        Assert.That(Words.HyphenatedCompounds(text), Is.Empty);
}
