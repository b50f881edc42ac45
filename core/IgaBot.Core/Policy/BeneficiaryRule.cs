using IgaBot.Core.People;

namespace IgaBot.Core.Policy;

/// <summary>
/// Who a request may be for: the requester themselves or one of their direct reports. Anybody else asks for
/// themselves; naming them is refused (it is what an injected "act for the CEO" tries).
/// </summary>
public static class BeneficiaryRule
{
    /// <summary>Whether <paramref name="requester"/> may ask for access for <paramref name="beneficiary"/>.</summary>
    public static bool MayAskFor(Person requester, Person beneficiary)
    {
        ArgumentNullException.ThrowIfNull(requester);
        ArgumentNullException.ThrowIfNull(beneficiary);
        return PersonKey.Same(requester, beneficiary) || (beneficiary.Manager is { } manager && PersonKey.Same(manager, requester.Email));
    }

    /// <summary>The people <paramref name="requester"/> may ask for other than themselves: their direct reports, in directory order.</summary>
    public static IReadOnlyList<Person> OthersFor(PeopleDirectory directory, Person requester)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(requester);
        return [.. directory.DirectReportsOf(requester.Email)];
    }
}
