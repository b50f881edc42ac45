using IgaBot.Adapters.Tenant;
using IgaBot.Core.Catalog;
using NUnit.Framework;
using static IgaBot.Adapters.Tests.Tenant.TempTenant;

namespace IgaBot.Adapters.Tests.Tenant;

/// <summary>One test per loading rule, each on a small tenant written to a temporary folder.</summary>
public sealed class TenantValidationTests
{
    private TempTenant _files = null!;

    [SetUp]
    public void CreateFolder() => _files = new TempTenant();

    [TearDown]
    public void DeleteFolder() => _files.Dispose();

    /// <summary>Loads and asserts that exactly one problem was found, in the given file, on the line holding <paramref name="marker"/>.</summary>
    private TenantProblem SingleProblem(string catalog, string directory, string marker, string messagePart, bool inDirectory = false)
    {
        var result = _files.Load(catalog, directory);
        var file = inDirectory ? _files.DirectoryPath : _files.CatalogPath;
        var line = LineOf(inDirectory ? directory : catalog, marker);

        Assert.That(result.Tenant, Is.Null, "nothing loads when there is a problem");
        Assert.That(result.Problems, Has.Count.EqualTo(1), string.Join("\n", result.Problems));
        var problem = result.Problems[0];
        Assert.That((problem.File, problem.Line), Is.EqualTo((file, line)), problem.ToString());
        Assert.That(problem.Message, Does.Contain(messagePart));
        return problem;
    }

    private static string Entitlement(string id, string extra = "", string approvals = "[manager]") => $"""
              - id: {id}
                name: {id}
                description: About {id}.
                risk: low
                approvals: {approvals}
        {extra}

        """;

    private const string Ann = "  - {email: ann@example.com, name: Ann, title: Engineer, department: Ops, manager: boss@example.com}\n";

    [Test]
    public void SmallTenant_Loads()
    {
        var result = _files.Load(CatalogWith(ReadEntitlement), DirectoryWith(Ann));

        Assert.That(result.Problems, Is.Empty);
        Assert.That(result.Tenant!.Directory.People, Has.Count.EqualTo(2));
    }

    [Test]
    public void BrokenYamlSyntax_IsAProblemAtTheParserLine_NotAnException()
    {
        var catalog = CatalogWith(ReadEntitlement) + "      - id: [oops\n        name: : :\n";
        var directory = DirectoryWith("  - {email: ann@example.com, name: \"Ann, title: Engineer}\n  - {email: x}\n");

        var result = _files.Load(catalog, directory);

        Assert.That(result.Tenant, Is.Null);
        Assert.That(result.Problems, Has.Count.EqualTo(2), string.Join("\n", result.Problems));
        Assert.That(result.Problems, Has.All.Matches<TenantProblem>(p => p.Line > 0 && p.Message.StartsWith("broken YAML")));
        Assert.That(result.Problems[0].File, Is.EqualTo(_files.CatalogPath));
        Assert.That(result.Problems[1].File, Is.EqualTo(_files.DirectoryPath));
    }

    [Test]
    public void UnclosedBracket_IsAProblemAtTheLineWhereItOpens()
    {
        var directory = DirectoryWith("  - {email: ann@example.com, name: Ann, title: Engineer, department: Ops, access: [wiki-read}\n");

        var problem = SingleProblem(CatalogWith(ReadEntitlement), directory, "ann@", "broken YAML", inDirectory: true);

        Assert.That(problem.Message, Does.Contain("never closed").Or.Contain("expected"));
    }

    [Test]
    public void DuplicateKey_IsABrokenYamlProblem()
    {
        var directory = DirectoryWith("  - email: ann@example.com\n    name: Ann\n    name: Anne\n    title: Engineer\n    department: Ops\n");

        SingleProblem(CatalogWith(ReadEntitlement), directory, "name: Anne", "Duplicate key", inDirectory: true);
    }

    [Test]
    public void MissingFile_IsAProblem_NotAnException()
    {
        File.WriteAllText(_files.DirectoryPath, DirectoryWith());
        var missing = _files.CatalogPath + ".nope";

        var result = TenantLoader.Load(missing, _files.DirectoryPath);

        Assert.That(result.Tenant, Is.Null);
        Assert.That(result.Problems.Select(p => p.ToString()), Is.EqualTo(new[] { $"{missing}: file not found" }));
    }

    [Test]
    public void EmptyFile_IsAProblem()
    {
        var result = _files.Load("# nothing yet\n", DirectoryWith());

        Assert.That(result.Problems.Select(p => (p.File, p.Message)), Is.EqualTo(new[] { (_files.CatalogPath, "the file is empty") }));
    }

    [Test]
    public void MissingRequiredField_IsReportedAtItsEntry()
    {
        var catalog = CatalogWith("""
                  - id: wiki-read
                    name: Wiki Read
                    description: Read every page.
                    approvals: [manager]

            """);

        SingleProblem(catalog, DirectoryWith(), "id: wiki-read", "entitlement 'wiki-read' has no 'risk'");
    }

    [Test]
    public void PersonWithoutDepartment_IsAProblem()
    {
        var directory = DirectoryWith("  - {email: ann@example.com, name: Ann, title: Engineer}\n");

        SingleProblem(CatalogWith(ReadEntitlement), directory, "ann@", "user ann@example.com has no 'department'", inDirectory: true);
    }

    [Test]
    public void MissingApprovals_IsAProblem_BecauseAutoApprovalMustBeWrittenOnPurpose()
    {
        var catalog = CatalogWith("      - {id: wiki-read, name: Wiki Read, description: Read pages., risk: low}\n");

        SingleProblem(catalog, DirectoryWith(), "id: wiki-read", "approvals: []");
    }

    [Test]
    public void UnknownRisk_IsAProblem()
    {
        var catalog = CatalogWith(Entitlement("wiki-read").Replace("risk: low", "risk: extreme"));

        SingleProblem(catalog, DirectoryWith(), "risk: extreme", "unknown risk 'extreme'");
    }

    [Test]
    public void UnknownApprovalStep_IsAProblem()
    {
        var catalog = CatalogWith(Entitlement("wiki-read", approvals: "[manager, cfo]"));

        SingleProblem(catalog, DirectoryWith(), "approvals: [manager, cfo]", "unknown approval step 'cfo'");
    }

    [Test]
    public void UnknownManager_IsAProblem()
    {
        var directory = DirectoryWith("  - {email: ann@example.com, name: Ann, title: Engineer, department: Ops, manager: ghost@example.com}\n");

        SingleProblem(CatalogWith(ReadEntitlement), directory, "ghost@", "manager ghost@example.com of ann@example.com is not in the directory", inDirectory: true);
    }

    [Test]
    public void ManagerCycle_IsReportedOnce_NamingEveryoneInIt()
    {
        var directory = DirectoryWith("""
              - {email: ann@example.com, name: Ann, title: Engineer, department: Ops, manager: cal@example.com}
              - {email: bob@example.com, name: Bob, title: Engineer, department: Ops, manager: ann@example.com}
              - {email: cal@example.com, name: Cal, title: Engineer, department: Ops, manager: bob@example.com}
              - {email: dan@example.com, name: Dan, title: Engineer, department: Ops, manager: cal@example.com}

            """);

        SingleProblem(CatalogWith(ReadEntitlement), directory, "ann@example.com, name", "ann@example.com → cal@example.com → bob@example.com → ann@example.com", inDirectory: true);
    }

    [Test]
    public void OwnManager_IsACycle()
    {
        var directory = DirectoryWith("  - {email: ann@example.com, name: Ann, title: Engineer, department: Ops, manager: ann@example.com}\n");

        SingleProblem(CatalogWith(ReadEntitlement), directory, "ann@", "loops: ann@example.com → ann@example.com", inDirectory: true);
    }

    [Test]
    public void UnknownEntitlementInAccess_IsAProblem()
    {
        var directory = DirectoryWith("  - {email: ann@example.com, name: Ann, title: Engineer, department: Ops, access: [wiki-read, wiki-write]}\n");

        SingleProblem(CatalogWith(ReadEntitlement), directory, "ann@", "ann@example.com holds 'wiki-write', which is not an entitlement", inDirectory: true);
    }

    [Test]
    public void AccessIdInTheWrongCase_IsAProblem_ThatGivesTheRightSpelling()
    {
        var directory = DirectoryWith("  - {email: ann@example.com, name: Ann, title: Engineer, department: Ops, access: [Wiki-Read]}\n");

        SingleProblem(CatalogWith(ReadEntitlement), directory, "ann@", "spelled 'wiki-read'", inDirectory: true);
    }

    [Test]
    public void UnknownEntitlementInConflicts_IsAProblem()
    {
        var catalog = CatalogWith(Entitlement("wiki-read", "        conflicts: [wiki-publish]"));

        SingleProblem(catalog, DirectoryWith(), "conflicts:", "conflicts with 'wiki-publish', which is not an entitlement");
    }

    [Test]
    public void ConflictsBetweenEntitlementsOfDifferentApps_Load()
    {
        var catalog = CatalogWith(Entitlement("wiki-read", "        conflicts: [vault-read]")) + """
              - id: vault
                name: Vault
                description: Secrets.
                owner: boss@example.com
                connector: scim
                entitlements:

            """ + Entitlement("vault-read", "        conflicts: [wiki-read]");

        var result = _files.Load(catalog, DirectoryWith());

        Assert.That(result.Problems, Is.Empty);
        Assert.That(result.Tenant!.Catalog.FindEntitlement("vault-read")!.Conflicts, Is.EqualTo(new[] { "wiki-read" }));
    }

    [Test]
    public void UnknownApproverGroup_IsAProblem()
    {
        var catalog = CatalogWith(Entitlement("wiki-read", approvals: "[manager, group:editors]"));

        SingleProblem(catalog, DirectoryWith(), "group:editors", "group 'editors', which is not under 'groups'");
    }

    [Test]
    public void SecurityStep_WithoutASecurityGroup_IsAProblem()
    {
        var catalog = CatalogWith(Entitlement("wiki-read", approvals: "[manager, security]"), groups: "  editors: [boss@example.com]\n");

        SingleProblem(catalog, DirectoryWith(), "security]", "no 'security' group");
    }

    [Test]
    public void GroupStep_BecomesAGroupApproval()
    {
        var catalog = CatalogWith(Entitlement("wiki-read", approvals: "[owner, group:editors, security]"),
            groups: "  editors: [boss@example.com]\n  security: [boss@example.com]\n");

        var result = _files.Load(catalog, DirectoryWith());

        Assert.That(result.Tenant!.Catalog.FindEntitlement("wiki-read")!.Approvals,
            Is.EqualTo(new[] { ApprovalStep.Owner, ApprovalStep.ForGroup("editors"), ApprovalStep.ForGroup("security") }));
    }

    [Test]
    public void GroupMemberNotInTheDirectory_IsAProblem()
    {
        var catalog = CatalogWith(ReadEntitlement, groups: "  security: [boss@example.com,\n    ghost@example.com]\n");

        SingleProblem(catalog, DirectoryWith(), "ghost@", "member ghost@example.com of group 'security' is not in the directory");
    }

    [Test]
    public void AppOwnerNotInTheDirectory_IsAProblem()
    {
        var catalog = CatalogWith(ReadEntitlement, owner: "ghost@example.com");

        SingleProblem(catalog, DirectoryWith(), "owner: ghost@", "owner ghost@example.com of app 'wiki' is not in the directory");
    }

    [TestCase("2 days")]
    [TestCase("P")]
    [TestCase("P1X")]
    [TestCase("PT0S")]
    public void BadDuration_IsAProblem(string duration)
    {
        var catalog = CatalogWith(Entitlement("wiki-read", $"        maxDuration: \"{duration}\""));

        SingleProblem(catalog, DirectoryWith(), "maxDuration", "maxDuration of entitlement 'wiki-read'");
    }

    [Test]
    public void Months_AreThirtyDays()
    {
        var catalog = CatalogWith(Entitlement("wiki-read", "        defaultDuration: P1M\n        maxDuration: P3M"));

        var wiki = _files.Load(catalog, DirectoryWith()).Tenant!.Catalog.FindEntitlement("wiki-read")!;

        Assert.That((wiki.DefaultDuration, wiki.MaxDuration), Is.EqualTo((TimeSpan.FromDays(30), TimeSpan.FromDays(90))));
    }

    [Test]
    public void DefaultDurationOverMaxDuration_IsAProblem()
    {
        var catalog = CatalogWith(Entitlement("wiki-read", "        defaultDuration: P2D\n        maxDuration: PT8H"));

        SingleProblem(catalog, DirectoryWith(), "defaultDuration", "defaultDuration of entitlement 'wiki-read' (2 days) is longer than its maxDuration (8 hours)");
    }

    private static string ScopedWrite => Entitlement("wiki-write", "        scope: {label: space, options: [eng, sales]}");

    [Test]
    public void ScopedAccess_WithAScopeThatIsNotAnOption_IsAProblem()
    {
        var directory = DirectoryWith("  - {email: ann@example.com, name: Ann, title: Engineer, department: Ops, access: [\"wiki-write:hr\"]}\n");

        SingleProblem(CatalogWith(ScopedWrite), directory, "ann@", "'hr' is not a space of 'wiki-write' (expected one of eng, sales)", inDirectory: true);
    }

    [Test]
    public void ScopedAccess_WithAValidScope_IsKept()
    {
        var directory = DirectoryWith("  - {email: ann@example.com, name: Ann, title: Engineer, department: Ops, access: [\"wiki-write:sales\"]}\n");

        var tenant = _files.Load(CatalogWith(ScopedWrite), directory).Tenant!;

        Assert.That(tenant.InitialAccess["ann@example.com"], Is.EqualTo(new[] { new Core.People.AccessAssignment("wiki-write", "sales") }));
    }

    [Test]
    public void ScopedEntitlementHeldWithoutAScope_IsAProblem()
    {
        var directory = DirectoryWith("  - {email: ann@example.com, name: Ann, title: Engineer, department: Ops, access: [wiki-write]}\n");

        SingleProblem(CatalogWith(ScopedWrite), directory, "ann@", "'wiki-write' is held for one space", inDirectory: true);
    }

    [Test]
    public void ScopeOnAnUnscopedEntitlement_IsAProblem()
    {
        var directory = DirectoryWith("  - {email: ann@example.com, name: Ann, title: Engineer, department: Ops, access: [\"wiki-read:eng\"]}\n");

        SingleProblem(CatalogWith(ReadEntitlement), directory, "ann@", "'wiki-read' has no scope", inDirectory: true);
    }

    [Test]
    public void DuplicateAppId_IsAProblem()
    {
        var second = """
              - id: wiki  # again
                name: Wiki 2
                description: Another wiki.
                owner: boss@example.com
                connector: manual
                entitlements:

            """ + Entitlement("wiki2-read");

        var catalog = CatalogWith(ReadEntitlement) + second;

        SingleProblem(catalog, DirectoryWith(), "# again", "duplicate app id 'wiki' (first on line");
    }

    [Test]
    public void DuplicateEntitlementId_AcrossApps_IsAProblem()
    {
        var catalog = CatalogWith(ReadEntitlement) + """
              - id: vault
                name: Vault
                description: Secrets.
                owner: boss@example.com
                connector: scim
                entitlements:
                  - {id: wiki-read, name: Vault Read, description: Read secrets., risk: low, approvals: [manager]}

            """;

        SingleProblem(catalog, DirectoryWith(), "name: Vault Read", "duplicate entitlement id 'wiki-read'");
    }

    [Test]
    public void DuplicateEmail_IgnoringCase_IsAProblem()
    {
        var directory = DirectoryWith("  - {email: Boss@Example.com, name: Boss Twin, title: Director, department: Ops}\n");

        SingleProblem(CatalogWith(ReadEntitlement), directory, "Boss Twin", "duplicate email 'Boss@Example.com'", inDirectory: true);
    }

    [Test]
    public void DuplicateTeamsId_IsAProblem()
    {
        var directory = DirectoryWith("""
              - {email: ann@example.com, name: Ann, title: Engineer, department: Ops, teamsId: 36f675cc-81e7-4ef5-a8e2-5d940ed90475}
              - {email: bob@example.com, name: Bob, title: Engineer, department: Ops, teamsId: 36f675cc-81e7-4ef5-a8e2-5d940ed90475}

            """);

        SingleProblem(CatalogWith(ReadEntitlement), directory, "bob@", "duplicate teamsId", inDirectory: true);
    }

    [TestCase("1.5")]
    [TestCase("-0.1")]
    [TestCase("half")]
    public void PeerCoverageOutsideZeroToOne_IsAProblem(string coverage)
    {
        var catalog = CatalogWith(Entitlement("wiki-read", $"        autoApprove: {{peerCoverage: {coverage}}}"));

        SingleProblem(catalog, DirectoryWith(), "peerCoverage", "peerCoverage");
    }

    [Test]
    public void UnknownDepartmentInEligibility_IsFine()
    {
        var catalog = CatalogWith(Entitlement("wiki-read", "        eligible: {departments: [Legal, Ops]}"));

        var result = _files.Load(catalog, DirectoryWith());

        Assert.That(result.Problems, Is.Empty);
        Assert.That(result.Tenant!.Catalog.FindEntitlement("wiki-read")!.EligibleDepartments, Is.EqualTo(new[] { "Legal", "Ops" }));
    }

    [Test]
    public void MisspelledField_IsAProblem_RatherThanASilentlyMissingLimit()
    {
        var catalog = CatalogWith(Entitlement("wiki-read", "        maxDurration: P1D"));

        SingleProblem(catalog, DirectoryWith(), "maxDurration", "unknown field 'maxDurration'");
    }

    [Test]
    public void ScopeInTargetOfAnUnscopedEntitlement_IsAProblem()
    {
        var catalog = CatalogWith(Entitlement("wiki-read", "        target: {group: \"wiki-{scope}-readers\"}"));

        SingleProblem(catalog, DirectoryWith(), "target:", "uses {scope} but the entitlement has no scope");
    }

    [Test]
    public void EveryProblemOfBothFiles_IsReportedAtOnce()
    {
        var catalog = CatalogWith(Entitlement("wiki-read", "        maxDuration: soon").Replace("risk: low", "risk: extreme"));
        var directory = DirectoryWith("  - {email: ann@example.com, name: Ann, title: Engineer, department: Ops, manager: ghost@example.com, access: [wiki-write]}\n");

        var result = _files.Load(catalog, directory);

        Assert.That(result.Tenant, Is.Null);
        Assert.That(result.Problems.Select(p => p.Message), Has.Exactly(1).Contains("unknown risk")
            .And.Exactly(1).Contains("maxDuration")
            .And.Exactly(1).Contains("ghost@example.com")
            .And.Exactly(1).Contains("wiki-write"));
        Assert.That(result.Problems, Has.Count.EqualTo(4));
    }
}
