using IgaBot.Core.Policy;

namespace IgaBot.Core.Tests.Policy;

/// <summary>A request may be for the requester or one of their direct reports, nobody else.</summary>
public sealed class BeneficiaryRuleTests
{
    private static readonly Tenant Company = TenantBuilder.Company().Build();

    private static bool MayAskFor(string requester, string beneficiary) =>
        BeneficiaryRule.MayAskFor(Company.Directory.Get(requester), Company.Directory.Get(beneficiary));

    [Test]
    public void MayAskFor_Themselves_Yes() => Assert.That(MayAskFor("jake", "jake"), Is.True);

    [Test]
    public void MayAskFor_TheirDirectReport_Yes() => Assert.That(MayAskFor("mgr", "tom"), Is.True);

    [Test]
    public void MayAskFor_AReportOfTheirReport_No() => Assert.That(MayAskFor("vp", "tom"), Is.False);

    [Test]
    public void MayAskFor_TheirManagerOrAPeer_No()
    {
        Assert.That(MayAskFor("tom", "mgr"), Is.False);
        Assert.That(MayAskFor("tom", "lucy"), Is.False);
    }

    [Test]
    public void MayAskFor_AReportWhoseManagerIsWrittenWithSpacesOrOtherCase_Yes()
    {
        var directory = new TenantBuilder().Person("boss").Person("dev", manager: " BOSS ").Build().Directory;

        Assert.That(BeneficiaryRule.MayAskFor(directory.Get("boss"), directory.Get("dev")), Is.True);
        Assert.That(BeneficiaryRule.OthersFor(directory, directory.Get("boss")).Select(p => p.Email), Is.EqualTo(new[] { "dev" }));
    }

    [Test]
    public void OthersFor_AreTheDirectReportsOnly()
    {
        Assert.That(BeneficiaryRule.OthersFor(Company.Directory, Company.Directory.Get("mgr")).Select(p => p.Email),
            Is.EqualTo(new[] { "jake", "tom", "lucy", "kai" }));
        Assert.That(BeneficiaryRule.OthersFor(Company.Directory, Company.Directory.Get("jake")), Is.Empty);
    }
}
