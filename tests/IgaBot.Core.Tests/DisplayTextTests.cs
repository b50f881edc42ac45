using IgaBot.Core;

namespace IgaBot.Core.Tests;

public sealed class DisplayTextTests
{
    [TestCase("invoice_\u202Efdp.exe", "invoice_\uFFFDfdp.exe")]
    [TestCase("\u2066approved\u2069 \u200F\u200E\u061C", "\uFFFDapproved\uFFFD \uFFFD\uFFFD\uFFFD")]
    [TestCase("bell\u0007 null\0 esc\u001B[31m del\u007F c1\u0085", "bell\uFFFD null\uFFFD esc\uFFFD[31m del\uFFFD c1\uFFFD")]
    [TestCase("a\tb\r\nc\rd\u2028e", "a b\nc\nd\ne")]
    public void Neutralize_MakesBidiOverridesAndControlCharactersVisible(string text, string shown) =>
        Assert.That(DisplayText.Neutralize(text), Is.EqualTo(shown));

    [TestCase("Investigate INC-42: prod is down\nsecond line")]
    [TestCase("שלום עולם and مرحبا")]
    [TestCase("👩‍💻 debugging with 👨‍👩‍👧")]
    [TestCase("'); DROP TABLE requests; --")]
    [TestCase("")]
    public void Neutralize_KeepsOrdinaryTextOfAnyScript_AsItIs(string text) =>
        Assert.That(DisplayText.Neutralize(text), Is.SameAs(text).Or.EqualTo(text));

    [TestCase("')", false)]
    [TestCase("... ?! -- ;", false)]
    [TestCase("x", false)]
    [TestCase("\u202E\u202E", false)]
    [TestCase(null, false)]
    [TestCase("ok", true)]
    [TestCase("42", true)]
    [TestCase("'); DROP TABLE requests; --", true)]
    [TestCase("修复", true)]
    public void HasSubstance_NeedsTwoLettersOrDigits(string? text, bool expected) =>
        Assert.That(DisplayText.HasSubstance(text), Is.EqualTo(expected));

    [TestCase("request:7f1c54b9-0c1e-4a7e-9a53-2c4b0d2f1e11", true)]
    [TestCase("grant:7f1c54b9-0c1e-4a7e-9a53-2c4b0d2f1e11", true)]
    [TestCase("task:7f1c54b9-0c1e-4a7e-9a53-2c4b0d2f1e11", true)]
    [TestCase("person:jake.miller@contoso.com", true)]
    [TestCase("target:scim:aws-readers", true)]
    [TestCase("system:tenant", true)]
    [TestCase("7f1c54b9-0c1e-4a7e-9a53-2c4b0d2f1e11", false)]
    [TestCase("jake.miller@contoso.com", false)]
    [TestCase("person:Jake.Miller@contoso.com", false)]
    [TestCase("tenant", false)]
    public void LifecycleSubjects_NamesTheOneSubjectScheme(string subject, bool wellFormed)
    {
        Assert.That(LifecycleSubjects.IsWellFormed(subject), Is.EqualTo(wellFormed));
        Assert.That(LifecycleSubjects.IsWellFormed(LifecycleSubjects.Person(" Jake.Miller@Contoso.com ")), Is.True);
    }
}
