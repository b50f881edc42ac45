using IgaBot.Core.Catalog;
using IgaBot.Core.People;

namespace IgaBot.Core.Provisioning;

/// <summary>
/// What a connector acts on: one person and one entitlement (with its scope), and the group in the
/// target system that the catalog's <c>target.group</c> names, with "{scope}" already substituted.
/// </summary>
/// <param name="PersonEmail">The identity key; SCIM finds the user by it as <c>userName</c>, Entra as UPN or mail, Okta as login.</param>
/// <param name="Group">Null when the entitlement has no <c>target.group</c> (typical for manual apps).</param>
public sealed record ProvisioningTarget(string PersonEmail, string EntitlementId, string? Scope, string? Group)
{
    /// <summary>Placeholder in catalog <c>target</c> values that is replaced by the chosen scope.</summary>
    public const string ScopePlaceholder = "{scope}";

    /// <summary>Display name of the person, for manual tasks ("Add Alice Chen to ...").</summary>
    public string? PersonName { get; init; }

    public string? EntitlementName { get; init; }
    public string? AppId { get; init; }
    public string? AppName { get; init; }

    /// <summary>Email of the app owner: who gets a manual task.</summary>
    public string? AppOwner { get; init; }

    /// <summary>The grant this change is for, when there is one; lets a retried manual task keep its id.</summary>
    public Guid? GrantId { get; init; }

    /// <summary>"Alice Chen" or, without a name, the email.</summary>
    public string PersonLabel => string.IsNullOrWhiteSpace(PersonName) ? PersonEmail : PersonName;

    /// <summary>"GitHub Write (payments)": the entitlement's name (or id) and the scope.</summary>
    public string EntitlementLabel
    {
        get
        {
            var name = string.IsNullOrWhiteSpace(EntitlementName) ? EntitlementId : EntitlementName;
            return Scope is null ? name : $"{name} ({Scope})";
        }
    }

    /// <summary>
    /// The target for <paramref name="personEmail"/> and <paramref name="entitlement"/>, checking the scope:
    /// a scoped entitlement needs one of its options, an unscoped one takes none.
    /// </summary>
    /// <exception cref="InvalidInputException">The scope is missing, not an option, or given to an unscoped entitlement.</exception>
    public static ProvisioningTarget For(Entitlement entitlement, string personEmail, string? scope)
    {
        ArgumentNullException.ThrowIfNull(entitlement);
        if (string.IsNullOrWhiteSpace(personEmail))
        {
            throw new InvalidInputException($"A person's email is needed to provision '{entitlement.Id}'.");
        }

        var checkedScope = CheckScope(entitlement, scope);
        return new ProvisioningTarget(personEmail.Trim(), entitlement.Id, checkedScope, GroupFor(entitlement, checkedScope))
        {
            EntitlementName = entitlement.Name,
            AppId = entitlement.AppId,
        };
    }

    /// <summary>The target with the names and the owner filled in, as a manual task needs them.</summary>
    /// <exception cref="InvalidInputException">As <see cref="For(Entitlement, string, string?)"/>, or the entitlement is not the app's.</exception>
    public static ProvisioningTarget For(App app, Entitlement entitlement, Person person, string? scope, Guid? grantId = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(person);
        if (!string.Equals(app.Id, entitlement.AppId, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidInputException($"Entitlement '{entitlement.Id}' belongs to app '{entitlement.AppId}', not '{app.Id}'.");
        }

        return For(entitlement, person.Email, scope) with
        {
            PersonName = person.Name,
            AppName = app.Name,
            AppOwner = app.Owner,
            GrantId = grantId,
        };
    }

    /// <summary>The entitlement's <c>target.group</c> with "{scope}" replaced, or null when it has none.</summary>
    /// <exception cref="InvalidInputException">The group needs a scope and none is given.</exception>
    public static string? GroupFor(Entitlement entitlement, string? scope)
    {
        ArgumentNullException.ThrowIfNull(entitlement);
        if (!entitlement.Target.TryGetValue("group", out var template) || string.IsNullOrWhiteSpace(template))
        {
            return null;
        }

        if (template.Contains(ScopePlaceholder, StringComparison.Ordinal))
        {
            if (string.IsNullOrWhiteSpace(scope))
            {
                throw new InvalidInputException(
                    $"The target group '{template}' of '{entitlement.Id}' depends on a scope, and no scope was given.");
            }

            return template.Replace(ScopePlaceholder, scope.Trim(), StringComparison.Ordinal);
        }

        return template;
    }

    private static string? CheckScope(Entitlement entitlement, string? scope)
    {
        var given = string.IsNullOrWhiteSpace(scope) ? null : scope.Trim();
        if (entitlement.Scope is null)
        {
            return given is null
                ? null
                : throw new InvalidInputException($"'{entitlement.Id}' has no scope, so '{given}' cannot be chosen.");
        }

        if (given is null)
        {
            throw new InvalidInputException(
                $"'{entitlement.Id}' needs a {entitlement.Scope.Label}: one of {string.Join(", ", entitlement.Scope.Options)}.");
        }

        // The catalog's spelling wins, so "Payments" and "payments" reach the same group.
        return entitlement.Scope.Options.FirstOrDefault(o => string.Equals(o, given, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidInputException(
                $"'{given}' is not a {entitlement.Scope.Label} of '{entitlement.Id}'; choose one of {string.Join(", ", entitlement.Scope.Options)}.");
    }
}
